package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitOptions;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;

/**
 * Stable row ids both ways with lance-core 7.0.0. Rows are written in id order into datasets
 * whose row ids start at 0, so every row's {@code _rowid} must equal its {@code id} column, on
 * both sides, through deletes, compactions (either side's) and lance4j's updates.
 */
class StableRowIdsInteropTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  static void fill(VectorSchemaRoot root, long from, long to) {
    root.allocateNew();
    for (int i = 0; i < to - from; i++) {
      ((BigIntVector) root.getVector(0)).setSafe(i, from + i);
      ((BigIntVector) root.getVector(1)).setSafe(i, 10 * (from + i));
    }
    root.setRowCount((int) (to - from));
  }

  static void coreWrite(String uri, BufferAllocator a, long from, long to, boolean create) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a);
        ArrowReader in = new RootSlices(fillAndGet(root, from, to), LanceCore7.BATCH_ROWS, a)) {
      org.lance.WriteDatasetBuilder b = org.lance.Dataset.write().allocator(a).reader(in)
          .uri(uri).maxRowsPerFile(1000).mode(create ? org.lance.WriteParams.WriteMode.CREATE
              : org.lance.WriteParams.WriteMode.APPEND);
      if (create) {
        b.dataStorageVersion("2.0").enableStableRowIds(true);
      }
      b.execute().close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static VectorSchemaRoot fillAndGet(VectorSchemaRoot root, long from, long to) {
    fill(root, from, to);
    return root;
  }

  static List<FragmentMetadata> lance4jWrite(String uri, long from, long to,
      WriteOptions.Mode mode) {
    try (BufferAllocator wa = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, wa)) {
      fill(root, from, to);
      return Fragments.write(uri, root, WriteOptions.builder().mode(mode).maxRowsPerFile(400)
          .build());
    }
  }

  /** id -> {_rowid, v} as lance-core scans it. */
  static Map<Long, long[]> core(BufferAllocator a, String uri) throws Exception {
    org.lance.ipc.ScanOptions o = new org.lance.ipc.ScanOptions.Builder().withRowId(true)
        .columns(List.of("id", "v")).build();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.ipc.LanceScanner s = ds.newScan(o);
        ArrowReader r = s.scanBatches()) {
      return drain(r);
    }
  }

  /** The ids lance-core scans from an open dataset (checked unique). */
  static java.util.Set<Long> drainIds(org.lance.Dataset ds) throws Exception {
    java.util.Set<Long> out = new java.util.TreeSet<>();
    org.lance.ipc.ScanOptions o = new org.lance.ipc.ScanOptions.Builder()
        .columns(List.of("id")).build();
    try (org.lance.ipc.LanceScanner s = ds.newScan(o); ArrowReader r = s.scanBatches()) {
      while (r.loadNextBatch()) {
        BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < r.getVectorSchemaRoot().getRowCount(); i++) {
          assertThat(out.add(id.get(i))).as("id %s twice", id.get(i)).isTrue();
        }
      }
    }
    return out;
  }

  /** id -> {_rowid, v} as lance4j scans it. */
  static Map<Long, long[]> mine(BufferAllocator a, String uri) throws Exception {
    try (Dataset ds = Dataset.open(uri);
        ArrowReader r = ds.scan(a, ScanOptions.builder().withRowId(true).build())) {
      return drain(r);
    }
  }

  static Map<Long, long[]> drain(ArrowReader r) throws Exception {
    Map<Long, long[]> out = new TreeMap<>();
    while (r.loadNextBatch()) {
      VectorSchemaRoot root = r.getVectorSchemaRoot();
      BigIntVector id = (BigIntVector) root.getVector("id");
      BigIntVector v = (BigIntVector) root.getVector("v");
      UInt8Vector rowId = (UInt8Vector) root.getVector("_rowid");
      for (int i = 0; i < root.getRowCount(); i++) {
        long[] was = out.put(id.get(i), new long[] {rowId.get(i), v.get(i)});
        assertThat(was).as("id %s twice", id.get(i)).isNull();
      }
    }
    return out;
  }

  /** Every row's _rowid is its id; returns the ids. */
  static java.util.Set<Long> rowIdIsId(Map<Long, long[]> rows) {
    rows.forEach((id, rv) -> assertThat(rv[0]).as("_rowid of id %s", id).isEqualTo(id));
    return rows.keySet();
  }

  @Test
  void lanceCoreWritesStableRowIdsAndLance4jCommitsOnTop() throws Exception {
    String uri = tmp.resolve("core-stable.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      coreWrite(uri, a, 0, 2000, true);
      LanceCore7.delete(a, uri, "id % 7 = 0");
      assertThat(rowIdIsId(mine(a, uri))).hasSize(2000 - 286);
      Dataset.commit(uri, new Operation.Append(lance4jWrite(uri, 2000, 2500,
          WriteOptions.Mode.APPEND)), 2).close();
      try (Dataset ds = Dataset.open(uri);
          Dataset c = ds.compact(new CompactionOptions(100_000, true, 0.01))) {
        assertThat(c.fragments()).hasSize(1);
      }
      try (Dataset ds = Dataset.open(uri);
          Dataset u = ds.update(Map.of("v", "v + 1"), "id >= 990 AND id < 1010")) {
        assertThat(u.countRows()).isEqualTo(2500 - 286);
      }
      Map<Long, long[]> fromCore = core(a, uri);
      assertThat(rowIdIsId(fromCore)).isEqualTo(rowIdIsId(mine(a, uri)));
      fromCore.forEach((id, rv) -> assertThat(rv[1])
          .isEqualTo(id >= 990 && id < 1010 ? 10 * id + 1 : 10 * id));
      // lance-core continues from lance4j's next_row_id and compacts lance4j's fragments
      coreWrite(uri, a, 2500, 2600, false);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.compact(org.lance.compaction.CompactionOptions.builder()
            .withTargetRowsPerFragment(100_000).build());
      }
      assertThat(rowIdIsId(mine(a, uri))).hasSize(2600 - 286)
          .isEqualTo(rowIdIsId(core(a, uri)));
    }
  }

  @Test
  void lance4jWritesStableRowIdsAndLanceCoreCommitsOnTop() throws Exception {
    String uri = tmp.resolve("mine-stable.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      Dataset.commit(uri, new Operation.Overwrite(SCHEMA, lance4jWrite(uri, 0, 1000,
          WriteOptions.Mode.CREATE)), 0, CommitOptions.builder().enableStableRowIds(true)
          .build()).close();
      Dataset.commit(uri, new Operation.Append(lance4jWrite(uri, 1000, 1500,
          WriteOptions.Mode.APPEND)), 1).close();
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id % 5 = 2")) {
        assertThat(d.countRows()).isEqualTo(1200);
      }
      assertThat(rowIdIsId(core(a, uri))).hasSize(1200);
      LanceCore7.delete(a, uri, "id % 5 = 3");
      coreWrite(uri, a, 1500, 1700, false);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.compact(org.lance.compaction.CompactionOptions.builder()
            .withTargetRowsPerFragment(100_000).build());
      }
      assertThat(rowIdIsId(mine(a, uri))).hasSize(900 + 200)
          .isEqualTo(rowIdIsId(core(a, uri)));
      // and lance4j again on top of lance-core's compaction
      Dataset.commit(uri, new Operation.Append(lance4jWrite(uri, 1700, 1800,
          WriteOptions.Mode.APPEND)), LanceCore7.version(a, uri)).close();
      assertThat(rowIdIsId(core(a, uri))).hasSize(1200);
    }
  }
}
