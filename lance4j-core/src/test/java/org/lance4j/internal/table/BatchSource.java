package org.lance4j.internal.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test helper: an ArrowReader that generates {@code totalRows} rows in batches of
 * {@code batchSize}, filled by a callback, so large inputs never sit in memory at once.
 */
public final class BatchSource extends ArrowReader {
  /** Fills {@code n} rows starting at global row {@code start} into a freshly cleared root. */
  public interface Filler {
    void fill(VectorSchemaRoot root, long start, int n);
  }

  private final Schema schema;
  private final long totalRows;
  private final int batchSize;
  private final Filler filler;
  private long produced;

  public BatchSource(BufferAllocator allocator, Schema schema, long totalRows, int batchSize,
      Filler filler) {
    super(allocator);
    this.schema = schema;
    this.totalRows = totalRows;
    this.batchSize = batchSize;
    this.filler = filler;
  }

  @Override
  public boolean loadNextBatch() {
    VectorSchemaRoot root;
    try {
      root = getVectorSchemaRoot();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    if (produced >= totalRows) {
      root.setRowCount(0);
      return false;
    }
    int n = (int) Math.min(batchSize, totalRows - produced);
    root.clear();
    root.allocateNew();
    filler.fill(root, produced, n);
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
