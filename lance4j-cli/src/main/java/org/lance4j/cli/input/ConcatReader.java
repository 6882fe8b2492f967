package org.lance4j.cli.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;

/**
 * Reads several files one after the other as one stream of batches with one schema. Each file is
 * opened only when the previous one is exhausted; batches are moved (not copied) into this
 * reader's root.
 */
final class ConcatReader extends ArrowReader {
  /** Opens one file. */
  interface Opener {
    ArrowReader open(Path file) throws IOException;
  }

  private final Schema schema;
  private final List<Path> files;
  private final Opener opener;
  private int next;
  private ArrowReader current;
  private Path currentFile;
  private long doneBytes;

  ConcatReader(BufferAllocator allocator, Schema schema, List<Path> files, Opener opener) {
    super(allocator);
    this.schema = schema;
    this.files = files;
    this.opener = opener;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot out = getVectorSchemaRoot();
    while (true) {
      if (current == null) {
        if (next == files.size()) {
          out.setRowCount(0);
          return false;
        }
        currentFile = files.get(next++);
        current = opener.open(currentFile);
        checkSchema(current.getVectorSchemaRoot().getSchema());
      }
      if (current.loadNextBatch()) {
        VectorSchemaRoot in = current.getVectorSchemaRoot();
        if (in.getRowCount() == 0) {
          continue;
        }
        List<FieldVector> src = in.getFieldVectors();
        List<FieldVector> dst = out.getFieldVectors();
        for (int i = 0; i < src.size(); i++) {
          src.get(i).makeTransferPair(dst.get(i)).transfer();
        }
        out.setRowCount(in.getRowCount());
        return true;
      }
      doneBytes += current.bytesRead();
      current.close();
      current = null;
    }
  }

  private void checkSchema(Schema got) {
    if (!sameFields(schema.getFields(), got.getFields())) {
      throw new InvalidInputException("schema mismatch: " + currentFile + " has columns "
          + describe(got) + " but the write expects " + describe(schema)
          + " (all inputs of one write must have the same schema)");
    }
  }

  private static boolean sameFields(List<Field> a, List<Field> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Field x = a.get(i);
      Field y = b.get(i);
      if (!x.getName().equals(y.getName()) || !x.getType().equals(y.getType())
          || !sameFields(x.getChildren(), y.getChildren())) {
        return false;
      }
    }
    return true;
  }

  static String describe(Schema s) {
    StringBuilder b = new StringBuilder("[");
    for (Field f : s.getFields()) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(f.getName()).append(": ").append(f.getType());
    }
    return b.append(']').toString();
  }

  @Override
  public long bytesRead() {
    return doneBytes + (current == null ? 0 : current.bytesRead());
  }

  @Override
  protected void closeReadSource() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
