package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.proto.File2Protos;

/**
 * Reads the columns of a Lance file of format 2.1 / 2.2 (the "structural" format): one column per
 * leaf field, depth first; structs and lists live in the leaves' repetition and definition levels.
 *
 * <p>Internal API. Not thread-safe.
 */
public final class V21FileReader {
  /** Reads {@code length} bytes at {@code position} of the file. */
  @FunctionalInterface
  public interface Source {
    ByteBuffer read(long position, int length);
  }

  private final String file;
  private final long numRows;
  private final Source source;
  private final List<File2Protos.ColumnMetadata> columns;
  private final Map<Integer, Integer> leafColumn = new HashMap<>();
  private final Map<Integer, Integer> depth = new HashMap<>();
  private final ColumnReader[] readers;

  public V21FileReader(String file, LanceSchema schema, List<File2Protos.ColumnMetadata> columns,
      long numRows, Source source) {
    this.file = file;
    this.numRows = numRows;
    this.source = source;
    this.columns = columns;
    int[] next = {0};
    for (LanceField f : schema.fields()) {
      assign(f, 0, next);
    }
    if (next[0] != columns.size()) {
      throw new CorruptFileException("Lance file " + file + " has " + columns.size()
          + " columns but its schema has " + next[0] + " leaf fields");
    }
    this.readers = new ColumnReader[columns.size()];
  }

  private void assign(LanceField f, int d, int[] next) {
    depth.put(f.id(), d);
    if (f.children().isEmpty() || f.isFixedSizeList()) {
      leafColumn.put(f.id(), next[0]++);
      return;
    }
    for (LanceField c : f.children()) {
      assign(c, d + 1, next);
    }
  }

  public long numRows() {
    return numRows;
  }

  /** Pages of a column (diagnostics and tests). */
  public int numPages(int column) {
    return reader(column).numPages();
  }

  private ColumnReader reader(int c) {
    if (c < 0 || c >= readers.length) {
      throw new CorruptFileException("Lance file " + file + " has " + readers.length
          + " columns, no column " + c);
    }
    if (readers[c] == null) {
      readers[c] = new ColumnReader(source, file, c, columns.get(c));
      if (readers[c].rows() != numRows) {
        throw new CorruptFileException("Lance file " + file + ": column " + c + " has "
            + readers[c].rows() + " rows in its pages, the file has " + numRows);
      }
    }
    return readers[c];
  }

  /**
   * Decodes rows {@code [start, end)} of {@code field} (a field of this file's schema, or a copy
   * pruned to some children) into a new vector from {@code allocator}.
   */
  public FieldVector read(LanceField field, long start, long end, BufferAllocator allocator) {
    if (start < 0 || end < start || end > numRows) {
      throw new InvalidInputException("row range [" + start + ", " + end + ") is outside the "
          + numRows + " rows of Lance file " + file);
    }
    if (end - start > Integer.MAX_VALUE) {
      throw new InvalidInputException("cannot read more than 2^31-1 rows into one vector from"
          + " Lance file " + file);
    }
    FieldVector v = field.toArrow().createVector(allocator);
    try {
      fill(field, v, start, end, allocator, new HashMap<>());
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  private void fill(LanceField f, FieldVector v, long start, long end, BufferAllocator a,
      Map<Integer, Leaves.Slice> slices) {
    int n = (int) (end - start);
    Integer col = leafColumn.get(f.id());
    if (col != null) {
      Leaves.Slice s = slice(f, col, start, end, slices);
      ArrowFill.load(v, n, s.validity()[0], s.values(), a);
      return;
    }
    if (f.isStruct()) {
      StructVector sv = (StructVector) v;
      // struct validity: from the first leaf below it, at this struct's layer
      LanceField leaf = firstLeaf(f);
      if (leaf == null) {
        throw new UnsupportedFormatException("Lance file " + file + ": struct field "
            + f.name() + " has no leaf column");
      }
      Leaves.Slice s = slice(leaf, leafColumn.get(leaf.id()), start, end, slices);
      int pos = depth.get(leaf.id()) - depth.get(f.id());
      byte[] valid = pos < s.validity().length ? s.validity()[pos] : null;
      ArrowBuf vb = ArrowFill.validityBuf(a, valid, n);
      try {
        sv.loadFieldBuffers(new ArrowFieldNode(n, ArrowFill.nullCount(valid, n)), List.of(vb));
      } finally {
        vb.close();
      }
      List<LanceField> kids = f.children();
      for (int i = 0; i < kids.size(); i++) {
        fill(kids.get(i), (FieldVector) sv.getChildByOrdinal(i), start, end, a, slices);
      }
      return;
    }
    throw new UnsupportedFormatException("Lance file " + file + ": field " + f.name() + " ("
        + f.logicalType() + ") is not read from file format 2.1 yet");
  }

  private LanceField firstLeaf(LanceField f) {
    if (leafColumn.containsKey(f.id())) {
      return f;
    }
    for (LanceField c : f.children()) {
      LanceField l = firstLeaf(c);
      if (l != null) {
        return l;
      }
    }
    return null;
  }

  private Leaves.Slice slice(LanceField leaf, int col, long start, long end,
      Map<Integer, Leaves.Slice> slices) {
    Leaves.Slice s = slices.get(col);
    if (s == null) {
      int layers = depth.get(leaf.id()) + 1;
      s = Leaves.read(reader(col), leaf.toArrow(), layers, start, end);
      slices.put(col, s);
    }
    return s;
  }

  /** Drops cached pages. */
  public void close() {
    for (int i = 0; i < readers.length; i++) {
      if (readers[i] != null) {
        readers[i].clear();
        readers[i] = null;
      }
    }
  }
}
