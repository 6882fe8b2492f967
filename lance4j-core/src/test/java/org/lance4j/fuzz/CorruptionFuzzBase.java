package org.lance4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lance4j.CommitConflictException;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceException;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * The corruption fuzz suite (issue 14) over one small dataset whose data files have the format
 * version {@link #formatVersion()}: one file is corrupted at a time (data file, manifest,
 * {@code .arrow} and {@code .bin} deletion files, transaction file) and the dataset is opened,
 * counted and scanned; fragment JSONs are mutated and committed. See {@link CorruptionFuzzTest}
 * for the outcome classes and how to run longer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorruptionFuzzBase {
  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("a", new ArrowType.Int(64, true)),
      Field.nullable("b", new ArrowType.Int(64, true)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE)));

  enum Kind { DATA_FILE, MANIFEST, ARROW_DELETION, BITMAP_DELETION, TRANSACTION, FRAGMENT_JSON }

  enum Outcome { TYPED, SAME, UNDETECTED_PAYLOAD, UNDETECTED_MANIFEST }

  Path tmp;
  Path pristine;
  List<String> expected;
  List<String> expectedWithNew;
  String newFragmentJson;
  final Map<Kind, Path> files = new EnumMap<>(Kind.class);
  ExecutorService runner;
  final Map<Kind, Map<Outcome, Integer>> stats = new EnumMap<>(Kind.class);

  /** The data files' format version ("2.0", "2.1", "2.2"). */
  abstract String formatVersion();

  /** The kinds this class fuzzes (the others are skipped). */
  abstract java.util.Set<Kind> kinds();

  /** Cases per kind when {@code lance4j.fuzz.iterations} is not set. */
  abstract int defaultIterations();

  @BeforeAll
  void build() throws Exception {
    tmp = Files.createTempDirectory("lance4j-fuzz-" + formatVersion());
    runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true);
      return t;
    });
    pristine = tmp.resolve("pristine");
    String uri = pristine.toString();
    try (BufferAllocator a = new RootAllocator()) {
      List<FragmentMetadata> frags = new ArrayList<>();
      frags.addAll(write(uri, a, 0, 3000));
      frags.addAll(write(uri, a, 3000, 6000));
      Dataset.commit(uri, new Operation.Overwrite(LanceSchema.fromArrow(SCHEMA), frags), 0)
          .close();
      try (Dataset ds = Dataset.open(uri)) {
        ds.delete("a % 7 = 0 AND a < 3000").close(); // .arrow in fragment 0
      }
      try (Dataset ds = Dataset.open(uri)) {
        ds.delete("a >= 3000 AND a < 8900").close(); // 5900 rows: .bin in fragment 1
      }
      List<FragmentMetadata> extra = write(uri, a, 100_000, 500);
      newFragmentJson = extra.get(0).toJson();
      try (Dataset ds = Dataset.open(uri)) {
        expected = rows(ds);
      }
      // what a commit of the unmutated JSON gives
      Path probe = copy("probe");
      try (Dataset ds = Dataset.commit(probe.toString(),
          new Operation.Append(List.of(FragmentMetadata.fromJson(newFragmentJson))), 3)) {
        expectedWithNew = rows(ds);
      }
    }
    files.put(Kind.DATA_FILE, largest(pristine.resolve("data"), ".lance"));
    files.put(Kind.MANIFEST, newest(pristine.resolve("_versions"), ".manifest"));
    files.put(Kind.ARROW_DELETION, newest(pristine.resolve("_deletions"), ".arrow"));
    files.put(Kind.BITMAP_DELETION, newest(pristine.resolve("_deletions"), ".bin"));
    files.put(Kind.TRANSACTION, newest(pristine.resolve("_transactions"), ".txn"));
    assertThat(expected).hasSize(3000 - 429 + 6000 - 5900);
  }

  @AfterAll
  void report() throws IOException {
    runner.shutdownNow();
    deleteTree(tmp);
    System.out.println(getClass().getSimpleName() + " (format " + formatVersion() + ") seed=" + seed() + " iterations/kind=" + iterations()
        + " outcomes: " + stats);
  }

  static long seed() {
    return Long.getLong("lance4j.fuzz.seed", 14L);
  }

  int iterations() {
    return Integer.getInteger("lance4j.fuzz.iterations", defaultIterations());
  }

  List<FragmentMetadata> write(String uri, BufferAllocator a, long base, int n) {
    try (VectorSchemaRoot r = VectorSchemaRoot.create(SCHEMA, a)) {
      for (int i = 0; i < n; i++) {
        ((BigIntVector) r.getVector("a")).setSafe(i, base + i);
        ((BigIntVector) r.getVector("b")).setSafe(i, (base + i) * 31);
        if (i % 11 != 0) {
          ((VarCharVector) r.getVector("s")).setSafe(i,
              ("row-" + (base + i)).getBytes(StandardCharsets.UTF_8));
        }
      }
      r.setRowCount(n);
      return Fragments.write(uri, r, WriteOptions.builder().dataStorageVersion(formatVersion())
          .build());
    }
  }

  /** Every visible row as text, in scan order; the scan's allocator must close clean. */
  static List<String> rows(Dataset ds) {
    List<String> out = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator()) {
      try (ArrowReader r = ds.scan(a)) {
        while (r.loadNextBatch()) {
          VectorSchemaRoot root = r.getVectorSchemaRoot();
          for (int i = 0; i < root.getRowCount(); i++) {
            StringBuilder sb = new StringBuilder();
            for (var v : root.getFieldVectors()) {
              sb.append(v.getField().getName()).append('=').append(v.getObject(i)).append(';');
            }
            out.add(sb.toString());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (a.getAllocatedMemory() != 0) {
        throw new AssertionError("scan leaked " + a.getAllocatedMemory() + " bytes");
      }
    }
    return out;
  }

  Path copy(String name) throws IOException {
    Path to = tmp.resolve(name);
    deleteTree(to);
    try (Stream<Path> s = Files.walk(pristine)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(pristine.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted((x, y) -> y.compareTo(x)).toList()) {
        Files.delete(q);
      }
    }
  }

  static Path newest(Path dir, String ext) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(ext))
          .max((x, y) -> Long.compare(mtime(x), mtime(y))).orElseThrow();
    }
  }

  static Path largest(Path dir, String ext) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(ext))
          .max((x, y) -> Long.compare(x.toFile().length(), y.toFile().length())).orElseThrow();
    }
  }

  static long mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis() * 1000 + p.getFileName().hashCode() % 1000;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- cases

  @Test
  void dataFiles() throws Exception {
    fuzzFile(Kind.DATA_FILE);
  }

  @Test
  void manifests() throws Exception {
    fuzzFile(Kind.MANIFEST);
  }

  @Test
  void arrowDeletionFiles() throws Exception {
    fuzzFile(Kind.ARROW_DELETION);
  }

  @Test
  void bitmapDeletionFiles() throws Exception {
    fuzzFile(Kind.BITMAP_DELETION);
  }

  @Test
  void transactionFiles() throws Exception {
    fuzzFile(Kind.TRANSACTION);
  }

  @Test
  void fragmentJson() throws Exception {
    assumeTrue(kinds().contains(Kind.FRAGMENT_JSON));
    Random r = new Random(seed() * 31 + Kind.FRAGMENT_JSON.ordinal());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < iterations(); i++) {
      StringBuilder what = new StringBuilder();
      String mutated = FuzzMutations.mutateJson(json, newFragmentJson, r, what);
      String id = "case " + i + " (seed " + seed() + ", FRAGMENT_JSON: " + what + ")";
      Path work = copy("json");
      Outcome o = within(id, () -> commitJson(work, mutated, id));
      count(Kind.FRAGMENT_JSON, o);
    }
  }

  Outcome commitJson(Path work, String mutated, String id) {
    String uri = work.toString();
    Dataset landed;
    try {
      List<FragmentMetadata> frags = FragmentMetadata.fromJsonArray(mutated);
      landed = Dataset.commit(uri, new Operation.Append(frags), 3);
    } catch (LanceException e) {
      try (Dataset ds = Dataset.open(uri)) { // refused: the dataset is unchanged
        assertThat(ds.version()).as(id).isEqualTo(3);
      }
      return Outcome.TYPED;
    }
    landed.close();
    try (Dataset ds = Dataset.open(uri)) {
      List<String> got;
      try {
        got = rows(ds);
      } catch (LanceException e) {
        throw new AssertionError(id + ": accepted commit made the latest version unreadable: "
            + e, e);
      }
      assertThat(sorted(got)).as(id + ": accepted commit changed rows")
          .isEqualTo(sorted(expectedWithNew));
      assertThat(ds.countRows()).as(id).isEqualTo(expectedWithNew.size());
    }
    return Outcome.SAME;
  }

  static List<String> sorted(List<String> l) {
    List<String> c = new ArrayList<>(l);
    java.util.Collections.sort(c);
    return c;
  }

  void fuzzFile(Kind kind) throws Exception {
    assumeTrue(kinds().contains(kind), kind + " is fuzzed by CorruptionFuzzTest");
    Random r = new Random(seed() * 31 + kind.ordinal());
    Path work = copy("work-" + kind);
    Path target = work.resolve(pristine.relativize(files.get(kind)).toString());
    byte[] original = Files.readAllBytes(target);
    String name = target.getFileName().toString();
    for (int i = 0; i < iterations(); i++) {
      StringBuilder what = new StringBuilder();
      byte[] bad = FuzzMutations.mutate(original, r, what);
      String id = "case " + i + " (seed " + seed() + ", " + kind + " " + name + ": " + what + ")";
      Files.write(target, bad);
      Path w = work;
      try {
        Outcome o = within(id, () -> readCorrupt(kind, w, name, id));
        count(kind, o);
      } finally {
        Files.write(target, original);
        // a commit that landed on the corrupt copy is undone
        if (kind == Kind.TRANSACTION) {
          work = copy("work-" + kind);
        }
      }
    }
  }

  Outcome readCorrupt(Kind kind, Path work, String name, String id) {
    String uri = work.toString();
    try {
      List<String> got;
      try (Dataset ds = Dataset.open(uri)) {
        if (kind == Kind.TRANSACTION) {
          ds.versions();
          // the conflict check of a commit built on version 2 reads version 3's transaction
          try (Dataset c = Dataset.commit(uri, new Operation.Append(
              List.of(FragmentMetadata.fromJson(newFragmentJson))), 2)) {
            assertThat(sorted(rows(c))).as(id).isEqualTo(sorted(expectedWithNew));
          }
          return Outcome.SAME;
        }
        long count = ds.countRows();
        got = rows(ds);
        if (count != expected.size() && kind == Kind.MANIFEST) {
          return Outcome.UNDETECTED_MANIFEST;
        }
        assertThat(count).as(id + ": countRows").isEqualTo(expected.size());
      }
      if (got.equals(expected)) {
        return Outcome.SAME;
      }
      if (kind == Kind.MANIFEST) {
        return Outcome.UNDETECTED_MANIFEST;
      }
      assertThat(kind).as(id + ": read succeeded with other rows: " + diff(got))
          .isIn(Kind.DATA_FILE, Kind.ARROW_DELETION, Kind.BITMAP_DELETION);
      assertThat(got).as(id + ": row count").hasSize(expected.size());
      return Outcome.UNDETECTED_PAYLOAD;
    } catch (CommitConflictException e) {
      assertThat(kind).as(id + ": " + e).isEqualTo(Kind.TRANSACTION);
      return Outcome.TYPED;
    } catch (LanceException e) {
      assertThat(e.getMessage()).as(id + ": typed error must name the file").contains(name);
      return Outcome.TYPED;
    }
  }

  String diff(List<String> got) {
    for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
      if (!got.get(i).equals(expected.get(i))) {
        return "row " + i + ": " + got.get(i) + " instead of " + expected.get(i) + " ("
            + got.size() + " rows)";
      }
    }
    return got.size() + " rows instead of " + expected.size();
  }

  void count(Kind k, Outcome o) {
    stats.computeIfAbsent(k, x -> new TreeMap<>()).merge(o, 1, Integer::sum);
  }

  interface Case {
    Outcome run() throws Exception;
  }

  Outcome within(String id, Case c) throws Exception {
    Future<Outcome> f = runner.submit(c::run);
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      runner.shutdownNow();
      runner = Executors.newSingleThreadExecutor();
      throw new AssertionError(id + ": hangs (no result after 10 s)");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AssertionError ae) {
        throw ae;
      }
      throw new AssertionError(id + ": untyped " + cause, cause);
    }
  }
}
