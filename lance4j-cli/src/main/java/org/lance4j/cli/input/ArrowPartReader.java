package org.lance4j.cli.input;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Schema;

/** One part of an Arrow IPC file: the record batches {@code i} that {@link Part#owns}. */
final class ArrowPartReader extends ArrowReader {
  private final ArrowFileReader file;
  private final Part part;
  private List<ArrowBlock> blocks;
  private int next;

  private ArrowPartReader(ArrowFileReader file, Part part) {
    super(null);
    this.file = file;
    this.part = part;
  }

  static ArrowReader open(Path path, Part part, BufferAllocator allocator) throws IOException {
    return new ArrowPartReader(new ArrowFileReader(FileChannel.open(path,
        StandardOpenOption.READ), allocator, CommonsCompressionFactory.INSTANCE), part);
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
    return file.getVectorSchemaRoot();
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (blocks == null) {
      blocks = file.getRecordBlocks();
    }
    while (next < blocks.size()) {
      int i = next++;
      if (part.owns(i)) {
        return file.loadRecordBatch(blocks.get(i));
      }
    }
    return false;
  }

  @Override
  public long bytesRead() {
    return file.bytesRead();
  }

  @Override
  protected void closeReadSource() throws IOException {
    file.close();
  }

  @Override
  protected Schema readSchema() throws IOException {
    return file.getVectorSchemaRoot().getSchema();
  }
}
