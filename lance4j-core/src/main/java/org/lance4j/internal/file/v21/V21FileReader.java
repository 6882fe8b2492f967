package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
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
 * <p>Internal API. Different fields may be read by different threads at once (each leaf column
 * has its own {@link ColumnReader}); one field is read by one thread at a time.
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
  /** Fields with a list among their ancestors (their leaves have repetition levels). */
  private final java.util.Set<Integer> underList = new java.util.HashSet<>();
  /** The file's own fields by id (their metadata tells how they are stored). */
  private final Map<Integer, LanceField> fileFields = new HashMap<>();
  private final ColumnReader[] readers;

  public V21FileReader(String file, LanceSchema schema, List<File2Protos.ColumnMetadata> columns,
      long numRows, Source source) {
    this.file = file;
    this.numRows = numRows;
    this.source = source;
    this.columns = columns;
    int[] next = {0};
    for (LanceField f : schema.fields()) {
      if (f.id() < 0) {
        continue; // 2.2 blob v2 descriptor fields (id -1) describe a blob column's storage
      }
      assign(f, 0, next, false);
    }
    if (next[0] != columns.size()) {
      throw new CorruptFileException("Lance file " + file + " has " + columns.size()
          + " columns but its schema has " + next[0] + " leaf fields");
    }
    this.readers = new ColumnReader[columns.size()];
  }

  private void assign(LanceField f, int d, int[] next, boolean inList) {
    depth.put(f.id(), d);
    fileFields.put(f.id(), f);
    if (inList) {
      underList.add(f.id());
    }
    if (f.children().isEmpty() || f.isFixedSizeList() || isPacked(f)) {
      leafColumn.put(f.id(), next[0]++);
      return;
    }
    for (LanceField c : f.children()) {
      assign(c, d + 1, next, inList || isListLike(f));
    }
  }

  /** A list, large list or map (2.2: a list of key/value structs). */
  static boolean isListLike(LanceField f) {
    return f.isList() || f.logicalType().equals("map");
  }

  /**
   * A struct stored row-major in one column (field metadata {@code lance-encoding:packed} or
   * {@code packed}, as Lance's writer accepts both).
   */
  static boolean isPacked(LanceField f) {
    if (!f.isStruct()) {
      return false;
    }
    String v = f.metadata().getOrDefault("lance-encoding:packed", f.metadata().get("packed"));
    return v != null && !v.equalsIgnoreCase("false");
  }

  public long numRows() {
    return numRows;
  }

  /** True when the file's own schema has a field with this id. */
  public boolean hasField(int fieldId) {
    return fileFields.containsKey(fieldId);
  }

  /**
   * The file's field stored in column {@code column} as a leaf (a primitive, a fixed-size list or
   * a packed struct), or null when the file has no such column.
   */
  public LanceField leafOfColumn(int column) {
    for (Map.Entry<Integer, Integer> e : leafColumn.entrySet()) {
      if (e.getValue() == column) {
        return fileFields.get(e.getKey());
      }
    }
    return null;
  }

  /** The column of the file's leaf field with this id, or -1 when it is no leaf of the file. */
  public int columnOfLeaf(int fieldId) {
    Integer c = leafColumn.get(fieldId);
    return c == null ? -1 : c;
  }

  /** The file's own field with this id, or null. */
  public LanceField fileField(int fieldId) {
    return fileFields.get(fieldId);
  }

  /** Pages of a column (diagnostics and tests). */
  public int numPages(int column) {
    return reader(column).numPages();
  }

  private synchronized ColumnReader reader(int c) {
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
      throw typed(e, field);
    }
  }

  /**
   * The decoders' own exceptions (thrown where the file, column and field are unknown) as the
   * public types, naming the file and field; other exceptions as they are.
   */
  private RuntimeException typed(RuntimeException e, LanceField field) {
    if (e instanceof Decoding.Corrupt) {
      return new CorruptFileException("Lance file " + file + ", field " + field.name() + ": "
          + e.getMessage(), e);
    }
    if (e instanceof Decoding.Unsupported) {
      return new org.lance4j.UnsupportedFormatException("Lance file " + file + ", field "
          + field.name() + ": " + e.getMessage());
    }
    return e;
  }

  /**
   * Rows at positions {@code rows[0..n)} (ascending, duplicates allowed) of {@code field} into a
   * new vector, in that order (a take); null when the field has a list or a blob column on its
   * path, which the caller then reads by row ranges.
   */
  public FieldVector readRows(LanceField field, long[] rows, int n, BufferAllocator allocator) {
    checkRows(rows, n);
    if (!takeable(field)) {
      return null;
    }
    Map<Integer, Nest> nests = new HashMap<>();
    FieldVector v = field.toArrow().createVector(allocator);
    try {
      takeLeaves(field, rows, n, nests);
      fill(field, v, 0, n, allocator, nests);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw typed(e, field);
    }
  }

  /** Its own method: the JIT compiles this loop alone, not the take path inlined around it. */
  private void checkRows(long[] rows, int n) {
    for (int i = 0; i < n; i++) {
      if (rows[i] < 0 || rows[i] >= numRows || (i > 0 && rows[i] < rows[i - 1])) {
        throw new InvalidInputException("row " + rows[i] + " is outside the " + numRows
            + " rows of Lance file " + file + " or out of order");
      }
    }
  }

  /** No list and no blob column on the field's path (its leaves can be read row by row). */
  private boolean takeable(LanceField f) {
    LanceField stored = fileFields.get(f.id());
    if (stored == null || isListLike(f) || (stored.isStruct()
        && "true".equalsIgnoreCase(stored.metadata().get("lance-encoding:blob")))) {
      return false;
    }
    if (leafColumn.containsKey(f.id())) {
      return !underList.contains(f.id());
    }
    for (LanceField c : f.children()) {
      if (!takeable(c)) {
        return false;
      }
    }
    return !f.children().isEmpty();
  }

  private void takeLeaves(LanceField f, long[] rows, int n, Map<Integer, Nest> nests) {
    Integer col = leafColumn.get(f.id());
    if (col != null) {
      int layers = depth.get(f.id()) + 1;
      Leaves.Slice sl = TakeRows.read(reader(col), f.toArrow(), layers, rows, n);
      int[] counts = new int[layers];
      java.util.Arrays.fill(counts, sl.n());
      nests.put(col, new Nest(counts, sl.validity(), new long[layers][], sl.values()));
      return;
    }
    for (LanceField c : f.children()) {
      takeLeaves(c, rows, n, nests);
    }
  }

  private void fill(LanceField f, FieldVector v, long start, long end, BufferAllocator a,
      Map<Integer, Nest> nests) {
    LanceField leaf = firstLeaf(f);
    if (leaf == null) {
      throw new UnsupportedFormatException("Lance file " + file + ": field " + f.name() + " ("
          + f.logicalType() + ") has no leaf column");
    }
    LanceField stored = fileFields.get(f.id());
    if (BlobV2Descriptor.isStorage(stored) && !BlobV2Descriptor.isDescriptor(f)) {
      throw new UnsupportedFormatException("Lance file " + file + ", column "
          + leafColumn.get(leaf.id()) + ": field " + f.name() + " is a blob v2 column"
          + " (lance.blob.v2 descriptors); it reads only as its descriptor struct (kind,"
          + " position, size, blob_id, blob_uri), its payloads through Dataset.takeBlobs");
    }
    if (leaf == f && !underList.contains(leaf.id())
        && !nests.containsKey(leafColumn.get(leaf.id()))
        && DirectFill.tryLoad(reader(leafColumn.get(leaf.id())), depth.get(leaf.id()) + 1, v,
            start, end, a)) {
      return; // plain fixed-width pages: file bytes straight into the Arrow buffer
    }
    Nest nest = nest(leaf, start, end, nests);
    int p = depth.get(leaf.id()) - depth.get(f.id());
    if (p < 0 || p >= nest.count().length) {
      throw new CorruptFileException("Lance file " + file + ": field " + f.name()
          + " is not on the rep/def path of column " + leafColumn.get(leaf.id()));
    }
    int n = nest.count()[p];
    byte[] valid = nest.validity()[p];
    if (leaf == f) {
      if (BlobV2Descriptor.isStorage(stored)) {
        valid = BlobV2Descriptor.validity(f, nest);
      }
      ArrowFill.load(v, n, valid, nest.values(), nest.valuesFrom(), a);
      return;
    }
    ArrowBuf vb = ArrowFill.validityBuf(a, valid, n);
    try {
      if (f.isStruct()) {
        v.loadFieldBuffers(new ArrowFieldNode(n, ArrowFill.nullCount(valid, n)), List.of(vb));
      } else if (isListLike(f)) {
        long[] off = nest.offsets()[p];
        if (off == null && n == 0) {
          off = new long[1]; // no rows (and maybe no pages to tell the layers): an empty list
        }
        if (off == null) {
          throw new CorruptFileException("Lance file " + file + ": list field " + f.name()
              + " has no list layer in column " + leafColumn.get(leaf.id()));
        }
        boolean large = v instanceof org.apache.arrow.vector.complex.LargeListVector;
        ArrowBuf ob = a.buffer((long) (n + 1) * (large ? 8 : 4));
        try {
          for (int i = 0; i <= n; i++) {
            if (large) {
              ob.setLong(8L * i, off[i]);
            } else {
              ob.setInt(4L * i, (int) off[i]);
            }
          }
          v.loadFieldBuffers(new ArrowFieldNode(n, ArrowFill.nullCount(valid, n)),
              List.of(vb, ob));
        } finally {
          ob.close();
        }
      } else {
        throw new UnsupportedFormatException("Lance file " + file + ": field " + f.name()
            + " (" + f.logicalType() + ") is not read from file format 2.1 yet");
      }
    } finally {
      vb.close();
    }
    List<LanceField> kids = f.children();
    List<FieldVector> vecs = v.getChildrenFromFields();
    for (int i = 0; i < kids.size(); i++) {
      fill(kids.get(i), vecs.get(i), start, end, a, nests);
    }
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

  private Nest nest(LanceField leaf, long start, long end, Map<Integer, Nest> nests) {
    int col = leafColumn.get(leaf.id());
    Nest s = nests.get(col);
    if (s == null) {
      // blob v2 storage: the descriptor item layer, then the blob field's own layer
      int layers = depth.get(leaf.id()) + 1
          + (BlobV2Descriptor.isStorage(fileFields.get(leaf.id())) ? 1 : 0);
      if (underList.contains(leaf.id())) {
        s = Unravel.read(reader(col), leaf.toArrow(), layers, start, end);
      } else {
        Leaves.Slice sl = Leaves.read(reader(col), leaf.toArrow(), layers, start, end);
        int[] counts = new int[layers];
        java.util.Arrays.fill(counts, sl.n());
        s = new Nest(counts, sl.validity(), new long[layers][], sl.values(), sl.valuesFrom());
      }
      nests.put(col, s);
    }
    return s;
  }

  /**
   * The byte ranges a read of rows {@code [start, end)} of {@code field} will fetch, as far as the
   * column metadata tells: the buffers of each page of its leaf columns that holds any of those
   * rows, each as {@code {first row of the page, offset, length}} (a scan's prefetch plan; the
   * reads themselves do not depend on it).
   */
  public void pageRanges(LanceField field, long start, long end, List<long[]> out) {
    Integer col = leafColumn.get(field.id());
    if (col != null) {
      reader(col).pageRanges(start, end, out);
      return;
    }
    for (LanceField c : field.children()) {
      pageRanges(c, start, end, out);
    }
  }

  /** Drops cached pages. */
  public synchronized void close() {
    for (int i = 0; i < readers.length; i++) {
      if (readers[i] != null) {
        readers[i].clear();
        readers[i] = null;
      }
    }
  }
}
