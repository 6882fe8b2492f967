package org.lance4j.cli.input;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over a row-oriented text source: fills batches of up to
 * {@code batchSize} rows, so only one batch is in memory at a time.
 */
abstract class RowBatchReader extends ArrowReader {
  private final Schema schema;
  private final int batchSize;
  private final CountingInputStream counter;

  RowBatchReader(BufferAllocator allocator, Schema schema, int batchSize,
      CountingInputStream counter) {
    super(allocator);
    this.schema = schema;
    this.batchSize = batchSize;
    this.counter = counter;
  }

  /** Writes the next row at {@code row} of {@code vectors}; false at end of input. */
  protected abstract boolean readRow(List<FieldVector> vectors, int row) throws IOException;

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    root.allocateNew();
    List<FieldVector> vectors = root.getFieldVectors();
    int n = 0;
    while (n < batchSize && readRow(vectors, n)) {
      n++;
    }
    root.setRowCount(n);
    return n > 0;
  }

  @Override
  public long bytesRead() {
    return counter.count();
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
