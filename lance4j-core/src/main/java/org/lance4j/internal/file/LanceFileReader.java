package org.lance4j.internal.file;

import org.lance4j.internal.file.v20.FieldDecoder;
import org.lance4j.internal.file.v20.ColumnPageReader;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.storage.ObjectStore;

/**
 * Reads one Lance data file: format 2.0 here, 2.1 and later (the structural format) through
 * {@link org.lance4j.internal.file.v21.V21FileReader}, chosen by the footer version. Only the metadata is read on open; pages are fetched
 * when a row range needs them, and the pages of a column are cached while consecutive ranges read
 * through them (at most about one page per column is held).
 *
 * <p>Internal API: used by the table layer; not for applications. Not thread-safe.
 */
public final class LanceFileReader implements AutoCloseable {
  private final String file;
  private final FileMetadataReader.Metadata meta;
  private final ColumnPageReader[] columns;
  private final FieldDecoder decoder;
  /** The reader of a 2.1+ file (null for 2.0). */
  private final org.lance4j.internal.file.v21.V21FileReader v21;
  private final ObjectStore store;
  private final String path;
  private boolean closed;
  /** One open handle for every page read of this file, opened on first use. */
  private ObjectStore.RangeReader in;

  private LanceFileReader(ObjectStore store, String path, FileMetadataReader.Metadata meta) {
    this.store = store;
    this.path = path;
    this.file = FileMetadataReader.describe(store, path);
    this.meta = meta;
    this.columns = new ColumnPageReader[meta.columns().size()];
    this.decoder = new FieldDecoder(file, this::column);
    this.v21 = FileMetadataReader.isStructural(meta.major(), meta.minor())
        ? new org.lance4j.internal.file.v21.V21FileReader(file, meta.schema(), meta.columns(),
            meta.numRows(), this::fetchV21)
        : null;
  }

  /**
   * Opens a file and reads its footer, column metadata and schema.
   *
   * @param path path relative to the store root, e.g. {@code data/abc.lance}
   * @param knownSize exact size from the manifest, or 0 when unknown (then the store is asked)
   * @throws org.lance4j.CorruptFileException naming the file when it is truncated or not Lance
   * @throws org.lance4j.UnsupportedFormatException naming the file and version for legacy and unknown versions
   */
  public static LanceFileReader open(ObjectStore store, String path, long knownSize) {
    return new LanceFileReader(store, path, FileMetadataReader.read(store, path, knownSize));
  }

  /**
   * Reads only the schema stored in a file (global buffer 0): the footer, the global buffer table
   * and the file descriptor, without the column metadata {@link #open} parses. For checks that
   * need nothing else (e.g. before a commit).
   *
   * @throws org.lance4j.CorruptFileException naming the file when it is truncated or not Lance
   * @throws org.lance4j.UnsupportedFormatException naming the file and version for legacy and unknown versions
   */
  public static LanceSchema readSchema(ObjectStore store, String path, long knownSize) {
    return FileMetadataReader.readSchema(store, path, knownSize);
  }

  /** The schema stored in the file (global buffer 0). */
  public LanceSchema schema() {
    return meta.schema();
  }

  public long numRows() {
    return meta.numRows();
  }

  /** Number of columns in the file. */
  public int numColumns() {
    return columns.length;
  }

  /** The file's footer version, e.g. {@code 0.3} for format 2.0. */
  public String footerVersion() {
    return meta.major() + "." + meta.minor();
  }

  /** Pages of one column (for diagnostics and tests). */
  public int numPages(int column) {
    if (v21 != null) {
      return v21.numPages(column);
    }
    return column(column).numPages();
  }

  private ColumnPageReader column(int c) {
    if (closed) {
      throw new IllegalStateException("reader of " + file + " is closed");
    }
    if (c < 0 || c >= columns.length) {
      throw new CorruptFileException(FileErrors.name(file) + " has " + columns.length
          + " columns, no column " + c);
    }
    ColumnPageReader r = columns[c];
    if (r == null) {
      r = new ColumnPageReader(rangeReader(), file, c, meta.columns().get(c), meta.fileSize());
      columns[c] = r;
    }
    return r;
  }

  /**
   * A read for the 2.1 reader, whose fields may be decoded by several threads at once: a handle
   * that allows concurrent reads (an object store's read-ahead) is read by them in parallel,
   * any other one by one thread at a time (mapped local files return slices at once).
   */
  private java.nio.ByteBuffer fetchV21(long pos, int len) {
    ObjectStore.RangeReader r = rangeReader();
    if (r.concurrentReads()) {
      return FileMetadataReader.fetch(r, file, pos, len);
    }
    synchronized (this) {
      return FileMetadataReader.fetch(r, file, pos, len);
    }
  }

  /**
   * Whether different fields may be read by different threads at the same time (files of format
   * 2.1 and later: each leaf column has its own page state).
   */
  public boolean concurrentFields() {
    return v21 != null;
  }

  /** The one open handle for every page read of this file, opened on first use. */
  private synchronized ObjectStore.RangeReader rangeReader() {
    if (closed) {
      throw new IllegalStateException("reader of " + file + " is closed");
    }
    if (in == null) {
      try {
        in = store.openRangeReader(path, meta.fileSize()); // the size its footer was read at
      } catch (java.io.IOException e) {
        throw new org.lance4j.LanceIOException("cannot open Lance file " + file + ": "
            + e.getMessage(), e);
      }
    }
    return in;
  }

  /**
   * Decodes rows {@code [start, end)} of one field into a new vector from {@code allocator} named
   * {@code field.name()}, typed {@code field.toArrow()}. {@code field} may be a pruned copy (a
   * struct with only some children). {@code columnOf} maps a field id to its column index in this
   * file (from the manifest's DataFile); a needed column that maps to -1 fails.
   *
   * @throws org.lance4j.UnsupportedFormatException naming file, column and encoding for encodings
   *     lance4j does not read
   */
  public FieldVector read(LanceField field, IntUnaryOperator columnOf, long start, long end,
      BufferAllocator allocator) {
    if (start < 0 || end < start || end > meta.numRows()) {
      throw new InvalidInputException("row range [" + start + ", " + end + ") is outside the "
          + meta.numRows() + " rows of Lance file " + file);
    }
    if (end - start > Integer.MAX_VALUE) {
      throw new InvalidInputException("cannot read more than 2^31-1 rows into one vector from Lance file "
          + file);
    }
    if (v21 != null) {
      if (closed) {
        throw new IllegalStateException("reader of " + file + " is closed");
      }
      return v21.read(inFile(field, columnOf), start, end, allocator);
    }
    FieldVector v = field.toArrow().createVector(allocator);
    try {
      decoder.fill(field, v, columnOf, start, end, allocator);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  /**
   * Rows at positions {@code rows[0..n)} (ascending) of one field into one new vector, in that
   * order (a take), when the file's reader can pick single rows (format 2.1+, fields without
   * lists); null otherwise, and the caller reads row ranges with {@link #read}. {@code columnOf}
   * as for {@link #read}.
   */
  public FieldVector readRows(LanceField field, IntUnaryOperator columnOf, long[] rows, int n,
      BufferAllocator allocator) {
    if (v21 == null) {
      return null;
    }
    if (closed) {
      throw new IllegalStateException("reader of " + file + " is closed");
    }
    if (inFile(field, columnOf) != field) {
      return null; // stored under other ids (see inFile): the caller reads row ranges
    }
    return v21.readRows(field, rows, n, allocator);
  }

  /**
   * {@code field} as this 2.1+ file stores it. The 2.1+ reader finds fields by the ids of the
   * file's own schema; a file written on its own (a DataReplacement file: a new dataset's fields
   * 0, 1, ...) and attached to the dataset under other ids is found through the manifest's
   * DataFile instead: {@code columnOf} gives each leaf's column, the file's leaf in that column
   * (same type) stands for it, and a nested field stands for the file's field that is the parent
   * of all its children's stand-ins (same type). The result carries the file's ids and the
   * dataset's names.
   */
  private LanceField inFile(LanceField field, IntUnaryOperator columnOf) {
    if (columnOf == null || idsAgree(field, columnOf)) {
      return field; // null: no manifest (a file read on its own), the file's ids
    }
    LanceField stored = storedAs(field, columnOf);
    if (stored != null && v21.fileField(stored.parentId()) != null) {
      throw new CorruptFileException("Lance file " + file + ": the manifest maps top-level field "
          + field.name() + " (id " + field.id() + ") to the file's nested field " + stored.id());
    }
    return stored == null ? field : stored;
  }

  /**
   * Whether the file stores {@code field} under the dataset's ids: each leaf's column by the
   * file's schema is the column the manifest gives (a leaf the manifest gives no column for
   * agrees), and a nested field's id is the file's too. The common case: a file written for the
   * dataset. A file written on its own may use the same ids for other fields.
   */
  private boolean idsAgree(LanceField field, IntUnaryOperator columnOf) {
    int column = columnOf.applyAsInt(field.id());
    if (column >= 0 || field.children().isEmpty() || field.isFixedSizeList()) {
      return column < 0 || v21.columnOfLeaf(field.id()) == column;
    }
    if (!v21.hasField(field.id())) {
      return false;
    }
    for (LanceField child : field.children()) {
      if (!idsAgree(child, columnOf)) {
        return false;
      }
    }
    return true;
  }

  /** See {@link #inFile}; null when a leaf of {@code field} maps to no column of this file. */
  private LanceField storedAs(LanceField field, IntUnaryOperator columnOf) {
    int column = columnOf.applyAsInt(field.id());
    if (column >= 0 || field.children().isEmpty() || field.isFixedSizeList()) {
      LanceField leaf = column < 0 ? null : v21.leafOfColumn(column);
      if (leaf == null) {
        return null;
      }
      requireSameType(leaf, field, "column " + column);
      return new LanceField(leaf.id(), leaf.parentId(), field.name(), field.logicalType(),
          field.nullable(), field.encoding(), leaf.metadata(), leaf.children());
    }
    java.util.List<LanceField> kids = new java.util.ArrayList<>(field.children().size());
    for (LanceField child : field.children()) {
      LanceField k = storedAs(child, columnOf);
      if (k == null) {
        return null;
      }
      if (!kids.isEmpty() && k.parentId() != kids.get(0).parentId()) {
        throw new CorruptFileException("Lance file " + file + ": the manifest maps the children"
            + " of field " + field.name() + " (id " + field.id() + ") to columns of different"
            + " parents (file fields " + kids.get(0).parentId() + " and " + k.parentId() + ")");
      }
      kids.add(k);
    }
    LanceField parent = v21.fileField(kids.get(0).parentId());
    if (parent == null) {
      throw new CorruptFileException("Lance file " + file + ": the manifest maps the children of"
          + " field " + field.name() + " (id " + field.id() + ") to top-level columns");
    }
    requireSameType(parent, field, "field id " + parent.id());
    return new LanceField(parent.id(), parent.parentId(), field.name(), field.logicalType(),
        field.nullable(), field.encoding(), parent.metadata(), kids);
  }

  private void requireSameType(LanceField stored, LanceField field, String where) {
    if (!stored.logicalType().equals(field.logicalType())) {
      throw new CorruptFileException("Lance file " + file + ": " + where + " holds "
          + stored.name() + " of type " + stored.logicalType() + ", the manifest maps field "
          + field.name() + " (id " + field.id() + ", type " + field.logicalType() + ") to it");
    }
  }

  /** Drops the cached pages; the reader can no longer be used. */
  @Override
  public void close() {
    closed = true;
    if (v21 != null) {
      v21.close();
    }
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] != null) {
        columns[i].clearCache();
        columns[i] = null;
      }
    }
    if (in != null) {
      try {
        in.close();
      } catch (java.io.IOException e) {
        throw new org.lance4j.LanceIOException("closing Lance file " + file + ": "
            + e.getMessage(), e);
      } finally {
        in = null;
      }
    }
  }
}
