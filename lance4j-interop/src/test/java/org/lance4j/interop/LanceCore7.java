package org.lance4j.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.WriteParams;

/**
 * The oracle: the official Lance Java SDK {@code org.lance:lance-core:7.0.0} (Rust core behind
 * JNI). Writes datasets at a chosen data storage version and reads them back as {@link Values}.
 * Every method opens and closes its own lance-core Dataset; readers are closed before returning, so
 * the allocator passed in can be closed (and checked for leaks) by the caller.
 */
final class LanceCore7 {
  private LanceCore7() {}

  /** Rows per batch handed to the writer. */
  static final int BATCH_ROWS = 8192;

  /** Creates a dataset (version 1) from {@code root} with data files of {@code version}. */
  static void create(String uri, BufferAllocator a, VectorSchemaRoot root, String version,
      int maxRowsPerFile) {
    write(uri, a, root, version, WriteParams.WriteMode.CREATE, maxRowsPerFile);
  }

  /** Appends {@code root}; lance-core writes the dataset's own file version. */
  static void append(String uri, BufferAllocator a, VectorSchemaRoot root, int maxRowsPerFile) {
    write(uri, a, root, null, WriteParams.WriteMode.APPEND, maxRowsPerFile);
  }

  /** Writes {@code root} in batches of {@link #BATCH_ROWS} rows. */
  static void write(String uri, BufferAllocator a, VectorSchemaRoot root, String version,
      WriteParams.WriteMode mode, int maxRowsPerFile) {
    try (ArrowReader in = new RootSlices(root, BATCH_ROWS, a)) {
      write(uri, a, in, version, mode, maxRowsPerFile);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Writes every batch of {@code data} (consumed, not closed) as a new dataset (CREATE), on top
   * of it (APPEND) or instead of it (OVERWRITE). {@code version} is the data storage version
   * ("2.0", "2.1", "2.2"), or null for lance-core's default (2.1 for a new dataset, the dataset's
   * own version otherwise).
   */
  static void write(String uri, BufferAllocator a, ArrowReader data, String version,
      WriteParams.WriteMode mode, int maxRowsPerFile) {
    org.lance.WriteDatasetBuilder b = org.lance.Dataset.write().allocator(a).reader(data).uri(uri)
        .mode(mode).maxRowsPerFile(maxRowsPerFile);
    if (version != null) {
      b.dataStorageVersion(version);
    }
    b.execute().close();
  }

  /** Full scan (or filtered, when {@code filter} is not null), in dataset order. */
  static Map<String, List<Object>> scan(BufferAllocator a, String uri, String filter)
      throws Exception {
    org.lance.ipc.ScanOptions.Builder o = new org.lance.ipc.ScanOptions.Builder().batchSize(4096);
    if (filter != null) {
      o.filter(filter);
    }
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.ipc.LanceScanner s = ds.newScan(o.build());
        ArrowReader r = s.scanBatches()) {
      return Values.drain(r);
    }
  }

  /** Rows at 0-based indices of the scan order (deleted rows excluded), every column. */
  static Map<String, List<Object>> take(BufferAllocator a, String uri, long[] indices)
      throws IOException {
    List<Long> boxed = new ArrayList<>(indices.length);
    for (long i : indices) {
      boxed.add(i);
    }
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      List<String> columns = ds.getSchema().getFields().stream().map(Field::getName).toList();
      try (ArrowReader r = ds.take(boxed, columns)) {
        return Values.drain(r);
      }
    }
  }

  static long countRows(BufferAllocator a, String uri) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      return ds.countRows();
    }
  }

  /** The data file versions ("2.1", ...) of every fragment of the latest version. */
  static TreeSet<String> fileVersions(BufferAllocator a, String uri) {
    TreeSet<String> out = new TreeSet<>();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      for (org.lance.Fragment f : ds.getFragments()) {
        for (org.lance.fragment.DataFile df : f.metadata().getFiles()) {
          out.add(df.getFileMajorVersion() + "." + df.getFileMinorVersion());
        }
      }
    }
    return out;
  }

  /** Deletes rows matching {@code predicate} (a new version). */
  static void delete(BufferAllocator a, String uri, String predicate) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      ds.delete(predicate);
    }
  }

  /** Adds a column computed by a SQL expression (a new version). */
  static void addColumn(BufferAllocator a, String uri, String name, String expression) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      ds.addColumns(new org.lance.schema.SqlExpressions.Builder()
          .withExpression(name, expression).build(), java.util.Optional.empty());
    }
  }

  static long version(BufferAllocator a, String uri) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      return ds.version();
    }
  }
}
