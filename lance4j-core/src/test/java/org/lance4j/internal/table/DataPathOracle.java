package org.lance4j.internal.table;

import org.lance.WriteParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.testing.ArrowAssert;

/** Test helper: drives lance-core (the official implementation) as an oracle. */
public final class DataPathOracle {
  private DataPathOracle() {}

  /** Creates a dataset with lance-core at its default version (2.1); data consumed, closed. */
  public static void create(BufferAllocator allocator, ArrowReader data, String uri,
      int maxRowsPerFile) {
    create(allocator, data, uri, maxRowsPerFile, null);
  }

  /**
   * Creates a dataset with lance-core from a reader (consumed and closed), with data files of
   * {@code version} ("2.0", "2.1", "2.2"; {@link OracleVersions#DEFAULT} or null: lance-core's
   * default).
   */
  public static void create(BufferAllocator allocator, ArrowReader data, String uri,
      int maxRowsPerFile, String version) {
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, data, stream);
      WriteParams params = LanceCore.params(maxRowsPerFile, version);
      org.lance.Dataset.create(allocator, stream, uri, params).close();
    }
  }

  /** Scans with lance-core and returns normalised columns. */
  public static Map<String, List<Object>> scan(BufferAllocator allocator, String uri,
      org.lance.ipc.ScanOptions options) throws Exception {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
        org.lance.ipc.LanceScanner scanner = ds.newScan(options);
        ArrowReader r = scanner.scanBatches()) {
      return ArrowAssert.drain(r);
    }
  }

  public static Map<String, List<Object>> scanAll(BufferAllocator allocator, String uri)
      throws Exception {
    return scan(allocator, uri, new org.lance.ipc.ScanOptions.Builder().build());
  }

  /**
   * A reader over the rows of {@code root} in batches of {@code batchRows}; each batch is a fresh
   * copy (own, aligned buffers, as lance-core's FFI import requires). The root must stay open.
   */
  public static ArrowReader readerOf(org.apache.arrow.vector.VectorSchemaRoot root, int batchRows,
      BufferAllocator allocator) {
    return new BatchSource(allocator, root.getSchema(), root.getRowCount(), batchRows,
        (out, start, n) -> {
          for (int c = 0; c < root.getFieldVectors().size(); c++) {
            org.apache.arrow.vector.FieldVector src = root.getVector(c);
            org.apache.arrow.vector.FieldVector dst = out.getVector(c);
            org.apache.arrow.vector.util.TransferPair tp = src.makeTransferPair(dst);
            for (int i = 0; i < n; i++) {
              tp.copyValueSafe((int) start + i, i);
            }
            dst.setValueCount(n);
          }
        });
  }

  /** Writes with lance4j (Fragments.write + Overwrite commit at read version 0). */
  public static org.lance4j.Dataset createWithLance4j(String uri, ArrowReader data,
      int maxRowsPerFile) throws IOException {
    return createWithLance4j(uri, data, maxRowsPerFile, org.lance4j.CommitOptions.defaults());
  }

  /** {@link #createWithLance4j(String, ArrowReader, int)} committed with these options. */
  public static org.lance4j.Dataset createWithLance4j(String uri, ArrowReader data,
      int maxRowsPerFile, org.lance4j.CommitOptions options) throws IOException {
    return createWithLance4j(uri, data, maxRowsPerFile, null, options);
  }

  /**
   * Writes with lance4j at data storage {@code version} (null or {@link OracleVersions#DEFAULT}:
   * lance4j's default, 2.2) and commits an Overwrite at read version 0.
   */
  public static org.lance4j.Dataset createWithLance4j(String uri, ArrowReader data,
      int maxRowsPerFile, String version, org.lance4j.CommitOptions options) throws IOException {
    org.lance4j.WriteOptions.Builder b = org.lance4j.WriteOptions.builder()
        .maxRowsPerFile(maxRowsPerFile);
    String v = OracleVersions.writerArg(version);
    if (v != null) {
      b.dataStorageVersion(v);
    }
    org.lance4j.WriteOptions o = b.build();
    List<org.lance4j.FragmentMetadata> frags = org.lance4j.Fragments.write(uri, data, o);
    return org.lance4j.Dataset.commit(uri,
        new org.lance4j.Operation.Overwrite(data.getVectorSchemaRoot().getSchema(), frags), 0,
        options);
  }

  /** Scans with lance4j and returns normalised columns. */
  public static Map<String, List<Object>> lance4jScan(BufferAllocator allocator, String uri,
      org.lance4j.ScanOptions options) throws IOException {
    try (org.lance4j.Dataset ds = org.lance4j.Dataset.open(uri);
        ArrowReader r = ds.scan(allocator, options)) {
      return ArrowAssert.drain(r);
    }
  }

  /** Scans a given version with lance4j and returns normalised columns. */
  public static Map<String, List<Object>> lance4jScanAt(BufferAllocator allocator, String uri,
      long version) throws IOException {
    try (org.lance4j.Dataset ds = org.lance4j.Dataset.open(uri, version);
        ArrowReader r = ds.scan(allocator)) {
      return ArrowAssert.drain(r);
    }
  }

  /** The lance-core equivalent of lance4j scan options. */
  public static org.lance.ipc.ScanOptions toLance(org.lance4j.ScanOptions o) {
    org.lance.ipc.ScanOptions.Builder b = new org.lance.ipc.ScanOptions.Builder()
        .batchSize(o.batchSize()).withRowId(o.withRowId()).withRowAddress(o.withRowAddress());
    if (o.columns() != null) {
      b.columns(o.columns());
    }
    if (o.limit() >= 0) {
      b.limit(o.limit());
    }
    if (o.offset() > 0) {
      b.offset(o.offset());
    }
    if (o.fragmentIds() != null) {
      List<Integer> ids = new ArrayList<>();
      o.fragmentIds().forEach(id -> ids.add(id.intValue()));
      b.fragmentIds(ids);
    }
    return b.build();
  }

  /** Names of the files in {@code dir} with the given extension, sorted. */
  public static List<Path> files(Path dir, String extension) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().forEach(out::add);
    }
    return out;
  }
}
