package org.lance4j.interop;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An in-memory root presented as an ArrowReader of batches of {@code batchRows} rows (copies; the
 * source is neither changed nor closed). Writers cut pages by buffered bytes per column, so
 * several batches are what makes a large column span several pages.
 */
final class RootSlices extends ArrowReader {
  private final VectorSchemaRoot source;
  private final int batchRows;
  private int offset;

  RootSlices(VectorSchemaRoot source, int batchRows, BufferAllocator allocator) {
    super(allocator);
    this.source = source;
    this.batchRows = batchRows;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    if (offset >= source.getRowCount()) {
      return false;
    }
    int n = Math.min(batchRows, source.getRowCount() - offset);
    try (VectorSchemaRoot slice = source.slice(offset, n);
        ArrowRecordBatch batch = new VectorUnloader(slice).getRecordBatch()) {
      loadRecordBatch(batch);
    }
    offset += n;
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
    return source.getSchema();
  }
}
