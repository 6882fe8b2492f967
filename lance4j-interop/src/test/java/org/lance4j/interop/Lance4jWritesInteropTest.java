package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lance4j.interop.TypeCases.F32;
import static org.lance4j.interop.TypeCases.I32;
import static org.lance4j.interop.TypeCases.UTF8;
import static org.lance4j.interop.TypeCases.col;
import static org.lance4j.interop.TypeCases.field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.DataFile;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * The other direction, for what lance4j writes by default (file format 2.2): a distributed write
 * (workers on several threads write fragments and hand their metadata to one committer as JSON;
 * Overwrite, then Append, then a Merge adding a column through {@link Fragment#mergeColumns})
 * that lance-core 7.0.0 reads as lance4j does; then lance-core appends to the dataset and deletes
 * rows, and lance4j reads the result; lance4j commits once more (with the version hint lance-core
 * writes) and both find the newest version past a stale hint. With both manifest naming schemes.
 */
class Lance4jWritesInteropTest {
  @TempDir Path tmp;

  static final TypeCases.Case DATA = new TypeCases.Case("lance4j distributed write", 7000, 7000,
      List.of(
          col(field("i32", I32), (i, r) -> TypeCases.maybeNull(r, 0.1, r.nextInt(20000) - 10000)),
          col(field("s", UTF8), (i, r) -> TypeCases.maybeNull(r, 0.1, TypeCases.shortText(r))),
          col(field("l", ArrowType.List.INSTANCE, field("item", I32)),
              (i, r) -> i % 7 == 0 ? null : TypeCases.ints(r, r.nextInt(5), 100)),
          col(field("st", ArrowType.Struct.INSTANCE, field("a", I32), field("b", UTF8)),
              (i, r) -> {
                if (i % 11 == 0) {
                  return null;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("a", TypeCases.maybeNull(r, 0.2, r.nextInt(100)));
                m.put("b", TypeCases.maybeNull(r, 0.2, "b" + i));
                return m;
              }),
          col(field("vec", new ArrowType.FixedSizeList(16), field("item", F32)),
              (i, r) -> i % 13 == 0 ? null : TypeCases.floats(r, 16))),
      "i32 > 0 AND s IS NOT NULL");

  /** Rows [0, 4000) by 4 workers (Overwrite), [4000, 6000) by 2 (Append), rest by lance-core. */
  static final int OVERWRITE_END = 4000;
  static final int APPEND_END = 6000;

  @ParameterizedTest(name = "manifest names migrated to V2: {0}")
  @ValueSource(booleans = {false, true})
  void distributedWriteReadByLanceCoreThenLanceCoreAppends(boolean v2Names) throws Exception {
    String uri = tmp.resolve("l4j.lance").toString();
    Map<String, List<Object>> all = DATA.values();
    // lance4j writes file format 2.2 by default (struct nulls are stored)
    Map<String, List<Object>> stored = DATA.asStored("2.2", all);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Schema datasetSchema;
    try (BufferAllocator a = new RootAllocator()) {
      // 1. Overwrite: four workers, each with its own allocator, return fragments as JSON
      WriteOptions create = WriteOptions.builder().mode(WriteOptions.Mode.OVERWRITE)
          .maxRowsPerFile(600).build();
      List<FragmentMetadata> frags = runWorkers(pool, uri, all, 0, OVERWRITE_END, 4, create,
          DATA.schema());
      // new datasets get V2 names by default; the V1 case creates with V1 names and migrates
      // to V2 later commits (ours and lance-core's) keep whichever scheme the dataset has
      CommitOptions naming = CommitOptions.builder().enableV2ManifestPaths(false).build();
      try (Dataset ds = Dataset.commit(uri, new Operation.Overwrite(DATA.schema(), frags), 0,
          naming)) {
        assertThat(ds.version()).isEqualTo(1);
        if (v2Names) {
          ds.migrateManifestPathsV2().close();
        }
      }
      // 2. Append: two workers use the dataset's field ids
      WriteOptions append = WriteOptions.builder().mode(WriteOptions.Mode.APPEND)
          .maxRowsPerFile(600).build();
      frags = runWorkers(pool, uri, all, OVERWRITE_END, APPEND_END, 2, append, DATA.schema());
      Dataset.commit(uri, new Operation.Append(frags), 1).close();
      // 3. Merge: every fragment gets a computed column, on the workers, one commit
      List<Future<MergeResult>> merged = new ArrayList<>();
      try (Dataset ds = Dataset.open(uri)) {
        for (Fragment f : ds.fragments()) {
          merged.add(pool.submit(() -> {
            try (BufferAllocator wa = new RootAllocator()) {
              return f.mergeColumns(Map.of("i32x2", "i32 * 2"), wa);
            }
          }));
        }
      }
      List<FragmentMetadata> withColumn = new ArrayList<>();
      LanceSchema schema = null;
      for (Future<MergeResult> m : merged) {
        withColumn.add(FragmentMetadata.fromJson(m.get().fragment().toJson()));
        // every worker that read the same version computes the same schema and field ids
        assertThat(schema == null || schema.equals(m.get().schema())).isTrue();
        schema = m.get().schema();
      }
      Dataset.commit(uri, new Operation.Merge(withColumn, schema), 2).close();
      // lance4j types i32 * 2 as int64 (lance-core's addColumns keeps int32): follow its schema
      boolean wide;
      try (Dataset ds = Dataset.open(uri)) {
        wide = ((ArrowType.Int) ds.schema().findField("i32x2").getType()).getBitWidth() == 64;
        datasetSchema = ds.schema();
      }
      Map<String, List<Object>> expected = withDoubled(stored, wide);

      // lance-core 7.0.0 reads what lance4j wrote
      assertThat(LanceCore7.version(a, uri)).isEqualTo(3);
      assertThat(LanceCore7.fileVersions(a, uri)).containsExactly("2.2");
      TypeMatrixInteropTest.compareEverything(a, uri, rows(expected, 0, APPEND_END),
          DATA.filter());

      // lance-core appends (it writes the dataset's version, 2.2) and deletes; lance4j reads
      try (VectorSchemaRoot root = VectorSchemaRoot.create(datasetSchema, a)) {
        Values.fill(root, rows(withDoubled(all, wide), APPEND_END, DATA.rows()));
        LanceCore7.append(uri, a, root, 600);
      }
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(4);
        for (Fragment f : ds.fragments()) {
          for (DataFile df : f.metadata().files()) {
            assertThat(df.fileMajorVersion() + "." + df.fileMinorVersion())
                .as("data file %s of fragment %d", df.path(), f.id()).isEqualTo("2.2");
          }
        }
      }
      assertManifestNames(uri, v2Names);
      TypeMatrixInteropTest.compareEverything(a, uri, expected, DATA.filter());

      LanceCore7.delete(a, uri, "id % 10 = 3 OR (id >= 6000 AND id < 6300)");
      Map<String, List<Object>> kept = new LinkedHashMap<>();
      for (Map.Entry<String, List<Object>> e : expected.entrySet()) {
        List<Object> col = new ArrayList<>();
        for (int i = 0; i < e.getValue().size(); i++) {
          if (!(i % 10 == 3 || (i >= 6000 && i < 6300))) {
            col.add(e.getValue().get(i));
          }
        }
        kept.put(e.getKey(), col);
      }
      TypeMatrixInteropTest.compareEverything(a, uri, kept, DATA.filter());

      // lance4j commits after lance-core and writes the version hint as lance-core does
      frags = runWorkers(pool, uri, withDoubled(all, wide), 0, 500, 1, append, datasetSchema);
      try (Dataset ds = Dataset.commit(uri, new Operation.Append(frags), 5)) {
        assertThat(ds.version()).isEqualTo(6);
      }
      Path hint = Path.of(uri, "_versions", "latest_version_hint.json");
      assertThat(Files.readString(hint)).isEqualToIgnoringWhitespace("{\"version\":6}");
      assertThat(LanceCore7.version(a, uri)).as("lance-core's latest version").isEqualTo(6);
      // a stale hint (a writer that stopped before updating it): both probe past it
      Files.writeString(hint, "{\"version\":2}");
      assertThat(LanceCore7.version(a, uri)).as("lance-core past a stale hint").isEqualTo(6);
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).as("lance4j past a stale hint").isEqualTo(6);
      }
      for (Map.Entry<String, List<Object>> e : kept.entrySet()) {
        e.getValue().addAll(expected.get(e.getKey()).subList(0, 500));
      }
      TypeMatrixInteropTest.compareEverything(a, uri, kept, DATA.filter());
      assertManifestNames(uri, v2Names);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Workers write rows [from, to) in {@code workers} equal parts concurrently, each from its own
   * allocator, and return their fragments as a JSON array (what would cross the network).
   */
  private static List<FragmentMetadata> runWorkers(ExecutorService pool, String uri,
      Map<String, List<Object>> all, int from, int to, int workers, WriteOptions options,
      Schema schema) throws Exception {
    List<Future<String>> jobs = new ArrayList<>();
    int per = (to - from) / workers;
    for (int w = 0; w < workers; w++) {
      int start = from + w * per;
      int end = w == workers - 1 ? to : start + per;
      Callable<String> job = () -> {
        try (BufferAllocator wa = new RootAllocator();
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, wa)) {
          Values.fill(root, rows(all, start, end));
          try (RootSlices in = new RootSlices(root, 256, wa)) {
            return FragmentMetadata.toJsonArray(Fragments.write(uri, in, options));
          }
        }
      };
      jobs.add(pool.submit(job));
    }
    List<FragmentMetadata> out = new ArrayList<>();
    for (Future<String> j : jobs) {
      out.addAll(FragmentMetadata.fromJsonArray(j.get()));
    }
    return out;
  }

  private static Map<String, List<Object>> withDoubled(Map<String, List<Object>> vals,
      boolean wide) {
    Map<String, List<Object>> out = new LinkedHashMap<>(vals);
    out.put("i32x2", vals.get("i32").stream()
        .map(v -> v == null ? null
            : wide ? (Object) (2L * (Integer) v) : (Object) (2 * (Integer) v))
        .toList());
    return out;
  }

  private static Map<String, List<Object>> rows(Map<String, List<Object>> vals, int from,
      int to) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    vals.forEach((k, v) -> out.put(k, new ArrayList<>(v.subList(from, to))));
    return out;
  }

  /** Every manifest in _versions uses one naming scheme: lance-core keeps the dataset's. */
  private static void assertManifestNames(String uri, boolean v2) throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(Path.of(uri, "_versions"))) {
      names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".manifest"))
          .sorted().toList();
    }
    assertThat(names).isNotEmpty();
    for (String n : names) {
      String stem = n.substring(0, n.length() - ".manifest".length());
      if (v2) {
        assertThat(stem).as("V2 manifest name %s", n).hasSize(20).containsOnlyDigits();
      } else {
        assertThat(stem).as("V1 manifest name %s", n).hasSizeLessThan(20).containsOnlyDigits();
      }
    }
  }
}
