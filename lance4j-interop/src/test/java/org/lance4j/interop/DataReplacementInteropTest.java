package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceField;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * DataReplacement across the two implementations, on a column lance-core 7.0.0 added (so stored in
 * files of its own): lance4j's replacement is what lance-core reads and commits on top of, and
 * lance-core's replacement (files its {@code LanceFileWriter} wrote, committed as its own
 * DataReplacement transaction) is what lance4j scans and takes, and commits on top of.
 */
class DataReplacementInteropTest {
  @TempDir Path tmp;

  static DataFile wFile(String uri, long from, long to, int fieldId) {
    Schema wOnly = new Schema(List.of(
        new Field("w", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(wOnly, a)) {
      root.allocateNew();
      for (int i = 0; i < to - from; i++) {
        ((BigIntVector) root.getVector(0)).setSafe(i, 100 * (from + i));
      }
      root.setRowCount((int) (to - from));
      // a replacement file must have the dataset's file format (lance-core created it as 2.0)
      List<FragmentMetadata> f = Fragments.write(uri, root, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).maxRowsPerFile(100_000).dataStorageVersion("2.0")
          .build());
      DataFile df = f.get(0).files().get(0);
      return new DataFile(df.path(), List.of(fieldId), df.columnIndices(),
          df.fileMajorVersion(), df.fileMinorVersion(), df.fileSizeBytes(), null);
    }
  }

  static Map<Long, Long> coreW(BufferAllocator a, String uri) throws Exception {
    Map<Long, Long> out = new java.util.TreeMap<>();
    org.lance.ipc.ScanOptions o = new org.lance.ipc.ScanOptions.Builder()
        .columns(List.of("id", "w")).build();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.ipc.LanceScanner s = ds.newScan(o); ArrowReader r = s.scanBatches()) {
      while (r.loadNextBatch()) {
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          out.put(((BigIntVector) root.getVector("id")).get(i),
              ((BigIntVector) root.getVector("w")).get(i));
        }
      }
    }
    return out;
  }

  /**
   * 2,000 rows (id, v) in 2 fragments written by lance-core as {@code version}, then a column
   * {@code w} added by lance-core (files of its own); returns w's field id.
   */
  static int datasetWithAddedColumn(BufferAllocator a, String uri, String version) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(StableRowIdsInteropTest.SCHEMA, a)) {
      StableRowIdsInteropTest.fill(root, 0, 2000);
      LanceCore7.create(uri, a, root, version, 1000);
    }
    LanceCore7.addColumn(a, uri, "w", "v + 1");
    try (Dataset ds = Dataset.open(uri)) {
      return ds.lanceSchema().fields().stream().filter(f -> f.name().equals("w"))
          .mapToInt(LanceField::id).findFirst().orElseThrow();
    }
  }

  @Test
  void lance4jReplacesAColumnLanceCoreReadsItAndCommitsOnTop() throws Exception {
    String uri = tmp.resolve("replace.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      int wId = datasetWithAddedColumn(a, uri, "2.0");
      DataFile w0 = wFile(uri, 0, 1000, wId);
      DataFile w1 = wFile(uri, 1000, 2000, wId);
      try (Dataset r = Dataset.commit(uri, new Operation.DataReplacement(List.of(
          new Operation.DataReplacementGroup(0, w0), new Operation.DataReplacementGroup(1, w1))),
          2)) {
        assertThat(r.version()).isEqualTo(3);
      }
      Map<Long, Long> w = coreW(a, uri);
      assertThat(w).hasSize(2000);
      w.forEach((id, val) -> assertThat(val).as("w of %s", id).isEqualTo(100 * id));
      LanceCore7.delete(a, uri, "id < 5");
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(4);
        assertThat(ds.countRows()).isEqualTo(1995);
      }
      assertThat(coreW(a, uri)).hasSize(1995).containsEntry(5L, 500L).containsEntry(1999L,
          199_900L);
    }
  }

  /** A 2.1 file of column {@code w} = 7 * id for ids {@code [from, to)}, written by lance-core. */
  static org.lance.fragment.DataFile coreWFile(BufferAllocator a, String uri, String name,
      long from, long to, int fieldId) throws Exception {
    Schema wOnly = new Schema(List.of(
        new Field("w", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    Path file = Path.of(uri, "data", name);
    try (VectorSchemaRoot root = VectorSchemaRoot.create(wOnly, a);
        org.lance.file.LanceFileWriter w = org.lance.file.LanceFileWriter.open(file.toString(), a,
            null, java.util.Optional.of("2.1"), Map.of())) {
      root.allocateNew();
      for (int i = 0; i < to - from; i++) {
        ((BigIntVector) root.getVector(0)).setSafe(i, 7 * (from + i));
      }
      root.setRowCount((int) (to - from));
      w.write(root);
    }
    return new org.lance.fragment.DataFile(name, new int[] {fieldId}, new int[] {0}, 2, 1,
        java.nio.file.Files.size(file), null);
  }

  @Test
  void lanceCoreReplacesAColumnLance4jReadsItAndCommitsOnTop() throws Exception {
    String uri = tmp.resolve("core-replace.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      int wId = datasetWithAddedColumn(a, uri, "2.1");
      List<org.lance.operation.DataReplacement.DataReplacementGroup> groups = List.of(
          new org.lance.operation.DataReplacement.DataReplacementGroup(0,
              coreWFile(a, uri, "w-core-0.lance", 0, 1000, wId)),
          new org.lance.operation.DataReplacement.DataReplacementGroup(1,
              coreWFile(a, uri, "w-core-1.lance", 1000, 2000, wId)));
      try (org.lance.Dataset core = org.lance.Dataset.open(uri, a);
          org.lance.SourcedTransaction t = core.newTransactionBuilder().readVersion(2)
              .operation(org.lance.operation.DataReplacement.builder().replacements(groups)
                  .build()).build();
          org.lance.Dataset after = t.commit()) {
        assertThat(after.version()).isEqualTo(3);
      }
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(3);
        Map<Long, Long> w = new java.util.TreeMap<>();
        try (ArrowReader r = ds.scan(a, org.lance4j.ScanOptions.builder()
            .columns(List.of("id", "w")).build())) {
          while (r.loadNextBatch()) {
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            for (int i = 0; i < root.getRowCount(); i++) {
              w.put(((BigIntVector) root.getVector("id")).get(i),
                  ((BigIntVector) root.getVector("w")).get(i));
            }
          }
        }
        assertThat(w).hasSize(2000);
        w.forEach((id, val) -> assertThat(val).as("w of %s", id).isEqualTo(7 * id));
        try (VectorSchemaRoot got = ds.take(new long[] {1999, 0, 1000}, List.of("w", "v"), a)) {
          assertThat(((BigIntVector) got.getVector("w")).get(0)).isEqualTo(7 * 1999L);
          assertThat(((BigIntVector) got.getVector("w")).get(1)).isEqualTo(0L);
          assertThat(((BigIntVector) got.getVector("w")).get(2)).isEqualTo(7000L);
          assertThat(((BigIntVector) got.getVector("v")).get(2)).isEqualTo(10_000L);
        }
      }
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id >= 1990")) {
        assertThat(d.version()).isEqualTo(4);
      }
      Map<Long, Long> core = coreW(a, uri);
      assertThat(core).hasSize(1990).containsEntry(0L, 0L).containsEntry(1989L, 7 * 1989L);
    }
  }
}
