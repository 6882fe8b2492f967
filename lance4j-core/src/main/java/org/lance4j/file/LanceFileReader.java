package org.lance4j.file;

import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.io.ObjectStore;

/**
 * Reads one Lance data file (format 2.0). Only the metadata is read on open; pages are fetched
 * when a row range needs them, and the pages of a column are cached while consecutive ranges read
 * through them (at most about one page per column is held).
 *
 * <p>Internal API: used by the table layer; not for applications. Not thread-safe.
 */
public final class LanceFileReader implements AutoCloseable {

  /**
   * Opens a file and reads its footer, column metadata and schema.
   *
   * @param path path relative to the store root, e.g. {@code data/abc.lance}
   * @param knownSize exact size from the manifest, or 0 when unknown (then the store is asked)
   * @throws org.lance4j.CorruptFileException naming the file when it is truncated or not Lance
   * @throws org.lance4j.UnsupportedFormatException naming the file and version for 2.1 / legacy
   */
  public static LanceFileReader open(ObjectStore store, String path, long knownSize) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The schema stored in the file (global buffer 0). */
  public LanceSchema schema() {
    throw new UnsupportedOperationException("TODO");
  }

  public long numRows() {
    throw new UnsupportedOperationException("TODO");
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
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }
}
