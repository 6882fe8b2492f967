package org.lance4j.internal.table;

import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.lance4j.DataFile;
import org.lance4j.LanceField;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.storage.ObjectStore;

/**
 * What the scanner needs from one open data file: its row count and row-range decoding. The
 * production implementation wraps {@link LanceFileReader}; tests may substitute their own.
 */
interface ColumnSource extends AutoCloseable {

  long numRows();

  /** Rows {@code [start, end)} of {@code field} (possibly a pruned struct), see LanceFileReader. */
  FieldVector read(LanceField field, IntUnaryOperator columnOf, long start, long end,
      BufferAllocator allocator);

  /**
   * Rows at positions {@code rows[0..n)} (ascending) of {@code field} in that order, or null
   * when this source cannot pick single rows of the field (then ranges are read).
   */
  default FieldVector readRows(LanceField field, long[] rows, int n, BufferAllocator allocator) {
    return null;
  }

  @Override
  void close();

  /** Whether different fields may be read by different threads at the same time. */
  default boolean concurrentFields() {
    return false;
  }

  /** Opens the data file of a fragment. */
  @FunctionalInterface
  interface Opener {
    ColumnSource open(ObjectStore store, DataFile file);
  }

  /** Opens {@code data/{path}} with the Lance file reader. */
  Opener LANCE_FILES = (store, file) -> {
    LanceFileReader r = LanceFileReader.open(store, DataFileNames.path(file),
        file.fileSizeBytes());
    return new ColumnSource() {
      @Override
      public long numRows() {
        return r.numRows();
      }

      @Override
      public FieldVector read(LanceField field, IntUnaryOperator columnOf, long start, long end,
          BufferAllocator allocator) {
        return r.read(field, columnOf, start, end, allocator);
      }

      @Override
      public FieldVector readRows(LanceField field, long[] rows, int n,
          BufferAllocator allocator) {
        return r.readRows(field, file::columnOf, rows, n, allocator);
      }

      @Override
      public boolean concurrentFields() {
        return r.concurrentFields();
      }

      @Override
      public void close() {
        r.close();
      }
    };
  };
}
