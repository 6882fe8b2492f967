package org.lance4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Generated rows held in memory as batches, so that write workloads measure the writers and not
 * the data generator. {@link #reader} replays a share of them without copying (each batch's
 * buffers are shared into the reader's root by reference count).
 */
final class Batches implements AutoCloseable {
  final Schema schema;
  final List<VectorSchemaRoot> batches = new ArrayList<>();
  final long rows;
  final long bytes;

  /** Drains {@code generator} (and closes it) into owned batches. */
  Batches(ArrowReader generator, BufferAllocator allocator) throws IOException {
    long r = 0;
    long b = 0;
    try (ArrowReader g = generator) {
      VectorSchemaRoot src = g.getVectorSchemaRoot();
      this.schema = src.getSchema();
      while (g.loadNextBatch()) {
        VectorSchemaRoot copy = VectorSchemaRoot.create(schema, allocator);
        for (int i = 0; i < src.getFieldVectors().size(); i++) {
          src.getVector(i).makeTransferPair(copy.getVector(i)).transfer();
        }
        copy.setRowCount(src.getRowCount());
        for (FieldVector v : copy.getFieldVectors()) {
          b += v.getBufferSize();
        }
        r += copy.getRowCount();
        batches.add(copy);
      }
    }
    this.rows = r;
    this.bytes = b;
  }

  /** Rows in batches {@code [from, to)}. */
  long rows(int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      n += batches.get(i).getRowCount();
    }
    return n;
  }

  /** A reader replaying batches {@code [from, to)}; its buffers are owned by {@code allocator}. */
  ArrowReader reader(BufferAllocator allocator, int from, int to) {
    return new ArrowReader(allocator) {
      private int next = from;

      @Override
      public boolean loadNextBatch() throws IOException {
        if (next >= to) {
          return false;
        }
        VectorSchemaRoot root = getVectorSchemaRoot();
        VectorSchemaRoot b = batches.get(next++);
        int n = b.getRowCount();
        for (int i = 0; i < b.getFieldVectors().size(); i++) {
          b.getVector(i).makeTransferPair(root.getVector(i)).splitAndTransfer(0, n);
        }
        root.setRowCount(n);
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
    };
  }

  @Override
  public void close() {
    for (VectorSchemaRoot b : batches) {
      b.close();
    }
  }
}
