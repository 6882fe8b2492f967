package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * A table indexed by lance-core 7.0.0 (a BTREE scalar index) that lance4j appends to, deletes
 * from and compacts: lance-core's queries through the index still return exactly the right
 * rows, the index (uuid, fields, files) is carried through, and lance-core then commits on top
 * (append, its own compaction with index remap, index optimize) with lance4j reading it back.
 */
class IndexedTableInteropTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  static void fill(VectorSchemaRoot root, long from, long to) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector s = (VarCharVector) root.getVector("s");
    int n = (int) (to - from);
    root.allocateNew();
    for (int i = 0; i < n; i++) {
      id.setSafe(i, from + i);
      s.setSafe(i, ("s" + (from + i)).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
  }

  static void lanceCoreWrite(String uri, BufferAllocator a, long from, long to,
      org.lance.WriteParams.WriteMode mode) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a)) {
      fill(root, from, to);
      LanceCore7.write(uri, a, root, mode == org.lance.WriteParams.WriteMode.CREATE ? "2.0"
          : null, mode, 1000);
    }
  }

  static List<FragmentMetadata> lance4jWrite(String uri, long from, long to) {
    try (BufferAllocator wa = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, wa)) {
      fill(root, from, to);
      return Fragments.write(uri, root, WriteOptions.builder().mode(WriteOptions.Mode.APPEND)
          .maxRowsPerFile(400).build());
    }
  }

  /** lance-core's ids for a filter, sorted (with the scalar index allowed). */
  static List<Long> coreIds(BufferAllocator a, String uri, String filter) throws Exception {
    org.lance.ipc.ScanOptions.Builder b = new org.lance.ipc.ScanOptions.Builder().batchSize(4096)
        .useScalarIndex(true).columns(List.of("id", "s"));
    if (filter != null) {
      b.filter(filter);
    }
    org.lance.ipc.ScanOptions o = b.build();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.ipc.LanceScanner sc = ds.newScan(o);
        org.apache.arrow.vector.ipc.ArrowReader r = sc.scanBatches()) {
      Map<String, List<Object>> v = Values.drain(r);
      List<Long> ids = new ArrayList<>();
      List<Object> ss = v.get("s");
      for (int i = 0; i < v.get("id").size(); i++) {
        long id = (Long) v.get("id").get(i);
        assertThat(String.valueOf(ss.get(i))).isEqualTo("s" + id);
        ids.add(id);
      }
      ids.sort(null);
      return ids;
    }
  }

  static List<Long> expected(long from, long to, LongPredicate live, LongPredicate filter) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      if (live.test(i) && filter.test(i)) {
        out.add(i);
      }
    }
    return out;
  }

  static org.lance.index.Index index(BufferAllocator a, String uri) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      List<org.lance.index.Index> all = ds.getIndexes();
      assertThat(all).extracting(org.lance.index.Index::name).containsExactly("id_idx");
      return all.get(0);
    }
  }

  @Test
  void lanceCoreBtreeIndexAnswersCorrectlyAfterLance4jAppendsDeletesAndCompacts()
      throws Exception {
    String uri = tmp.resolve("indexed.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      lanceCoreWrite(uri, a, 0, 2000, org.lance.WriteParams.WriteMode.CREATE);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.createIndex(List.of("id"), org.lance.index.IndexType.BTREE,
            Optional.of("id_idx"), org.lance.index.IndexParams.builder()
                .setScalarIndexParams(org.lance.index.scalar.ScalarIndexParams.create("btree"))
                .build(), true);
      }
      org.lance.index.Index built = index(a, uri);
      assertThat(built.fragments()).contains(List.of(0, 1));

      // lance4j: append 2000..2999, delete every id % 10 == 3, compact everything
      List<FragmentMetadata> frags = lance4jWrite(uri, 2000, 3000);
      try (Dataset ds = Dataset.commit(uri, new Operation.Append(frags), 2)) {
        assertThat(ds.version()).isEqualTo(3);
      }
      org.lance.index.Index afterAppend = index(a, uri);
      assertThat(afterAppend).isEqualTo(built);
      LongPredicate live = i -> i % 10 != 3;
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id % 10 = 3")) {
        assertThat(d.countRows()).isEqualTo(2700);
      }
      assertThat(index(a, uri)).isEqualTo(built);
      assertThat(coreIds(a, uri, "id >= 1990 AND id < 2010"))
          .isEqualTo(expected(0, 3000, live, i -> i >= 1990 && i < 2010));
      try (Dataset ds = Dataset.open(uri);
          Dataset c = ds.compact(new CompactionOptions(100_000, true, 0.01))) {
        assertThat(c.fragments()).hasSize(1);
        assertThat(c.countRows()).isEqualTo(2700);
      }
      // the index still names the fragments it holds rows of (all gone now): lance-core blocks
      // those rows and scans the compacted fragment unindexed
      org.lance.index.Index afterCompact = index(a, uri);
      assertThat(afterCompact.uuid()).isEqualTo(built.uuid());
      assertThat(afterCompact.fragments()).isEqualTo(built.fragments());
      assertThat(coreIds(a, uri, "id = 1234")).containsExactly(1234L);
      assertThat(coreIds(a, uri, "id = 13")).isEmpty();
      assertThat(coreIds(a, uri, "id >= 1990 AND id < 2010"))
          .isEqualTo(expected(0, 3000, live, i -> i >= 1990 && i < 2010));
      assertThat(coreIds(a, uri, "id < 100 OR id > 2950"))
          .isEqualTo(expected(0, 3000, live, i -> i < 100 || i > 2950));
      assertThat(LanceCore7.countRows(a, uri)).isEqualTo(2700);

      // lance-core commits on top: an append, a compaction that remaps indices, a rebuilt index
      lanceCoreWrite(uri, a, 3000, 3500, org.lance.WriteParams.WriteMode.APPEND);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.compact(org.lance.compaction.CompactionOptions.builder()
            .withTargetRowsPerFragment(100_000).build());
        ds.createIndex(List.of("id"), org.lance.index.IndexType.BTREE,
            Optional.of("id_idx"), org.lance.index.IndexParams.builder()
                .setScalarIndexParams(org.lance.index.scalar.ScalarIndexParams.create("btree"))
                .build(), true);
      }
      LongPredicate live2 = i -> i >= 3000 || i % 10 != 3;
      assertThat(coreIds(a, uri, "id >= 2995 AND id < 3005"))
          .isEqualTo(expected(0, 3500, live2, i -> i >= 2995 && i < 3005));
      // and lance4j reads it and commits on top again; the rebuilt index keeps answering
      assertThat(Lance4j.countRows(uri)).isEqualTo(3200);
      org.lance.index.Index rebuilt = index(a, uri);
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id = 3001 OR id = 5")) {
        assertThat(d.countRows()).isEqualTo(3198);
      }
      assertThat(index(a, uri)).isEqualTo(rebuilt);
      LongPredicate live3 = i -> live2.test(i) && i != 3001 && i != 5;
      assertThat(coreIds(a, uri, "id >= 0 AND id < 10 OR id >= 2998 AND id < 3003"))
          .isEqualTo(expected(0, 3500, live3,
              i -> i < 10 || i >= 2998 && i < 3003));
      TreeSet<Long> all = new TreeSet<>(coreIds(a, uri, null));
      assertThat(all).hasSize(3198);
    }
  }

  static final int DIM = 8;

  static final Schema VSCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("v", FieldType.nullable(new ArrowType.FixedSizeList(DIM)), List.of(
          new Field("item", FieldType.nullable(
              new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null)))));

  /** Row i's vector: deterministic, uniform in [0, 1) (appended rows match the trained ones). */
  static float[] vec(long i) {
    java.util.Random r = new java.util.Random(i * 7919 + 13);
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = r.nextFloat();
    }
    return v;
  }

  /** Exact k nearest live ids (brute force). */
  static List<Long> exact(long of, int k, LongPredicate live, long rows) {
    float[] q = vec(of);
    List<Long> ids = new ArrayList<>();
    for (long i = 0; i < rows; i++) {
      if (live.test(i)) {
        ids.add(i);
      }
    }
    ids.sort(java.util.Comparator.comparingDouble(i -> dist(q, vec(i))));
    return ids.subList(0, k);
  }

  static double dist(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += (a[d] - b[d]) * (a[d] - b[d]);
    }
    return s;
  }

  /**
   * lance-core's answer for row {@code of}: the row itself first when live, only live rows,
   * none twice.
   */
  static void checkNearest(BufferAllocator a, String uri, long of, LongPredicate live, long rows)
      throws Exception {
    List<Long> got = nearest(a, uri, of, 5);
    assertThat(got).hasSize(5).doesNotHaveDuplicates().allMatch(live::test);
    if (live.test(of)) {
      assertThat(got.get(0)).isEqualTo(of);
    } else {
      assertThat(got).doesNotContain(of);
    }
    assertThat(got).containsAnyElementsOf(exact(of, 5, live, rows));
  }

  static void fillVectors(VectorSchemaRoot root, long from, long to) {
    fillVectors(root, "v", from, to, IndexedTableInteropTest::vec);
  }

  /** Rows {@code from..to}: {@code id} = the row, {@code column} = {@code vec(row)}. */
  static void fillVectors(VectorSchemaRoot root, String column, long from, long to,
      java.util.function.LongFunction<float[]> vec) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    FixedSizeListVector v = (FixedSizeListVector) root.getVector(column);
    Float4Vector items = (Float4Vector) v.getDataVector();
    int dim = v.getListSize();
    int n = (int) (to - from);
    for (int i = 0; i < n; i++) {
      id.setSafe(i, from + i);
      v.setNotNull(i);
      float[] x = vec.apply(from + i);
      for (int d = 0; d < dim; d++) {
        items.setSafe(i * dim + d, x[d]);
      }
    }
    items.setValueCount(n * dim);
    root.setRowCount(n);
  }


  /** lance-core's k nearest ids to row {@code of}'s vector, nearest first. */
  static List<Long> nearest(BufferAllocator a, String uri, long of, int k) throws Exception {
    org.lance.ipc.Query q = new org.lance.ipc.Query.Builder().setColumn("v").setKey(vec(of))
        .setK(k).setNprobes(4).setRefineFactor(20).setUseIndex(true).build();
    org.lance.ipc.ScanOptions o = new org.lance.ipc.ScanOptions.Builder().nearest(q)
        .columns(List.of("id")).build();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.ipc.LanceScanner sc = ds.newScan(o);
        org.apache.arrow.vector.ipc.ArrowReader r = sc.scanBatches()) {
      Map<String, List<Object>> v = Values.drain(r);
      List<Long> ids = new ArrayList<>();
      v.get("id").forEach(x -> ids.add((Long) x));
      return ids;
    }
  }

  @Test
  void lanceCoreIvfPqIndexAnswersCorrectlyAfterLance4jAppendsDeletesAndCompacts()
      throws Exception {
    String uri = tmp.resolve("vectors.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(VSCHEMA, a)) {
        fillVectors(root, 0, 1000);
        LanceCore7.write(uri, a, root, "2.0", org.lance.WriteParams.WriteMode.CREATE, 500);
      }
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.createIndex(List.of("v"), org.lance.index.IndexType.IVF_PQ, Optional.of("v_idx"),
            org.lance.index.IndexParams.builder().setVectorIndexParams(
                org.lance.index.vector.VectorIndexParams.ivfPq(4, 8, 2,
                    org.lance.index.DistanceType.L2, 10)).build(), true);
      }
      List<org.lance.index.Index> built;
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        built = ds.getIndexes();
      }
      assertThat(built).extracting(org.lance.index.Index::name).containsExactly("v_idx");
      List<FragmentMetadata> frags;
      try (BufferAllocator wa = new RootAllocator();
          VectorSchemaRoot root = VectorSchemaRoot.create(VSCHEMA, wa)) {
        fillVectors(root, 1000, 1500);
        frags = Fragments.write(uri, root, WriteOptions.builder()
            .mode(WriteOptions.Mode.APPEND).maxRowsPerFile(250).build());
      }
      Dataset.commit(uri, new Operation.Append(frags), 2).close();
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id % 2 = 1")) {
        assertThat(d.countRows()).isEqualTo(750);
      }
      // indexed (fragments 0, 1) and unindexed (lance4j's) rows; deleted rows never come back
      LongPredicate live = i -> i % 2 == 0;
      for (long of : new long[] {400, 401, 999, 1000, 1201, 1498}) {
        checkNearest(a, uri, of, live, 1500);
      }
      try (Dataset ds = Dataset.open(uri);
          Dataset c = ds.compact(new CompactionOptions(100_000, true, 0.01))) {
        assertThat(c.fragments()).hasSize(1);
      }
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        assertThat(ds.getIndexes()).isEqualTo(built);
      }
      // every row moved: the compacted fragment is searched exactly (unindexed), and nothing
      // comes from the index's stale addresses
      for (long of : new long[] {400, 7, 1499, 1300}) {
        assertThat(nearest(a, uri, of, 5)).isEqualTo(exact(of, 5, live, 1500));
      }
      // lance-core optimizes the index on top of lance4j's versions, and it keeps answering
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.optimizeIndices(org.lance.index.OptimizeOptions.builder().build());
      }
      for (long of : new long[] {1300, 12, 401}) {
        checkNearest(a, uri, of, live, 1500);
      }
      assertThat(LanceCore7.countRows(a, uri)).isEqualTo(750);
    }
  }
}
