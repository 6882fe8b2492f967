package org.lance4j.bench;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic generated rows {@code [first, first + total)}, streamed as batches of
 * {@code batchSize}: subclasses only fill one batch.
 */
abstract class GeneratedRows extends ArrowReader {
  private final Schema schema;
  private final long first;
  private final long total;
  private final int batchSize;
  private long produced;

  GeneratedRows(BufferAllocator allocator, Schema schema, long first, long total, int batchSize) {
    super(allocator);
    this.schema = schema;
    this.first = first;
    this.total = total;
    this.batchSize = batchSize;
  }

  /** Fills {@code root} with {@code n} rows starting at row number {@code firstRow}. */
  abstract void fill(VectorSchemaRoot root, long firstRow, int n);

  @Override
  public final boolean loadNextBatch() throws java.io.IOException {
    if (produced >= total) {
      return false;
    }
    int n = (int) Math.min(batchSize, total - produced);
    VectorSchemaRoot root = getVectorSchemaRoot();
    fill(root, first + produced, n);
    root.setRowCount(n);
    produced += n;
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
