package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;
import org.lance4j.internal.storage.LocalObjectStore;

/**
 * 8 threads commit a mixed stream of appends, deletes (per fragment and dataset wide), added
 * columns (Dataset.addColumns and distributed mergeColumns + Merge) and compactions. Every landed
 * commit's logical meaning is recorded by version; afterwards every version opens in lance-core
 * with the row count and columns of a serial replay in version order, and the final content (every
 * row and every column, added columns included) read by lance4j and by lance-core equals the
 * replay's.
 */
class MixedOperationStormTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 32;
  private static final int ROWS = 30;
  private static final int MAX_COLUMNS = 10;
  private static final int MAX_ATTEMPTS = 15;
  private static final CompactionOptions COMPACT = new CompactionOptions(100, true, 0.1);

  @TempDir Path dir;

  /** What a landed commit means logically, for the replay. */
  sealed interface Logical permits Add, Remove, AddColumn, Compact {}

  /** Rows [first, first+n), written with the added columns {@code columns} (others null). */
  record Add(long first, int n, Set<String> columns) implements Logical {}

  /**
   * Delete, built on {@code readVersion}: of the rows visible then ({@code candidates}, or all when
   * null), those with id in [lo, hi) and id % m == r.
   */
  record Remove(long readVersion, Set<Long> candidates, long lo, long hi, int m, int r)
      implements Logical {}

  /** Column {@code name} = id * k for every row. */
  record AddColumn(String name, long k) implements Logical {}

  /** Compaction: no logical change. */
  record Compact() implements Logical {}

  private final Map<Long, Logical> committed = new ConcurrentHashMap<>();
  private final Map<String, Long> factors = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(100);
  private final AtomicInteger nextColumn = new AtomicInteger();

  @Test
  void mixedStormMatchesSerialReplay() throws Exception {
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator()) {
      ProtocolFixtures.create(dir, a, 100, 100);
    }
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<int[]>> results = new ArrayList<>();
    int[] totals = new int[4]; // landed, retried, dropped, no-op
    Map<String, Integer> landedByKind = new ConcurrentHashMap<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        final int thread = t;
        results.add(pool.submit(() -> {
          Random rnd = new Random(1000 + thread);
          int[] outcomes = new int[4];
          start.await();
          try (BufferAllocator a = new RootAllocator()) {
            for (int i = 0; i < PER_THREAD; i++) {
              int kind = rnd.nextInt(20);
              for (int attempt = 0; ; attempt++) {
                try {
                  Logical l = once(kind, rnd, a);
                  if (l == null) {
                    outcomes[3]++;
                  } else {
                    outcomes[0]++;
                    landedByKind.merge(l.getClass().getSimpleName(), 1, Integer::sum);
                  }
                  break;
                } catch (CommitConflictException e) {
                  if (!e.retryable() || attempt >= MAX_ATTEMPTS) {
                    outcomes[2]++;
                    break;
                  }
                  outcomes[1]++;
                } catch (SchemaMoved e) {
                  outcomes[1]++; // an appender's schema changed between read and write: redo
                }
              }
            }
          }
          return outcomes;
        }));
      }
      start.countDown();
      for (Future<int[]> f : results) {
        int[] o = f.get();
        for (int i = 0; i < 4; i++) {
          totals[i] += o[i];
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("storm: landed %d, retries %d, dropped %d, no-op %d, by kind %s in %d ms%n",
        totals[0], totals[1], totals[2], totals[3], landedByKind,
        (System.nanoTime() - started) / 1000000);
    assertThat(totals[0]).isGreaterThan(THREADS * PER_THREAD / 3);
    assertThat(landedByKind.keySet()).contains("Add", "Remove", "AddColumn", "Compact");

    LocalObjectStore store = new LocalObjectStore(dir);
    long latest = Versions.latestVersion(store);
    assertThat(committed).hasSize((int) latest - 1);
    Replay replay = new Replay(latest);
    long partial = replay.state.values().stream()
        .filter(c -> c.size() < replay.columns.size()).count();
    System.out.printf("storm: %d versions, %d final rows, %d of them appended concurrently with"
        + " an addColumns (null there)%n", latest, replay.state.size(), partial);
    long t0 = System.nanoTime();
    try (BufferAllocator a = new RootAllocator()) {
      try (var ds = org.lance.Dataset.open(uri, a)) {
        assertThat(ds.version()).isEqualTo(latest);
        for (long v = 1; v <= latest; v++) {
          try (var old = org.lance.Dataset.open(a, uri,
              new org.lance.ReadOptions.Builder().setVersion((int) v).build())) {
            assertThat(old.countRows()).as("lance-core rows of version %d (%s)", v,
                committed.get(v)).isEqualTo(replay.rows.get(v).size());
            List<String> names = new ArrayList<>();
            old.getSchema().getFields().forEach(f -> names.add(f.getName()));
            assertThat(names).as("lance-core columns of version %d", v)
                .isEqualTo(replay.columnsAt.get(v));
          }
          assertThat(Versions.load(store, uri, v).countRows()).as("lance4j rows of version %d", v)
              .isEqualTo(replay.rows.get(v).size());
        }
      }
      System.out.printf("storm: versions checked in %d ms%n", (System.nanoTime() - t0) / 1000000);
      StormRows.assertContent("lance-core", DataPathOracle.scanAll(a, uri), replay.state,
          replay.columns, factors);
      StormRows.assertContent("lance4j",
          DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults()), replay.state,
          replay.columns, factors);
      System.out.printf("storm: all checked after %d ms%n", (System.nanoTime() - t0) / 1000000);
    }
  }

  /** The case the storm found: Append and Merge are compatible (as in Lance's conflict rules). */
  @Test
  void appendBuiltBeforeAConcurrentAddColumnsLandsWithNulls() throws Exception {
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator()) {
      ProtocolFixtures.create(dir, a, 10, 10).close();
      List<FragmentMetadata> frags = ProtocolFixtures.fragments(dir, a, 10, 5); // built on v1
      assertThat(Dataset.open(uri).addColumns(Map.of("c0", "id * 7")).version()).isEqualTo(2);
      assertThat(Dataset.commit(uri, new Operation.Append(frags), 1).version()).isEqualTo(3);
      Map<Long, Set<String>> expected = new HashMap<>();
      for (long id = 0; id < 15; id++) {
        expected.put(id, id < 10 ? Set.of("c0") : Set.of());
      }
      factors.put("c0", 7L);
      StormRows.assertContent("lance-core", DataPathOracle.scanAll(a, uri), expected,
          List.of("c0"), factors);
      StormRows.assertContent("lance4j",
          DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults()), expected, List.of("c0"),
          factors);
    }
  }

  /** Thrown when the dataset's schema changed between an appender's read and its write. */
  private static final class SchemaMoved extends RuntimeException {
    SchemaMoved(Throwable cause) {
      super(cause);
    }
  }

  /** One attempt of one operation on the latest version; null when it committed nothing. */
  private Logical once(int kind, Random rnd, BufferAllocator a) throws Exception {
    String uri = dir.toString();
    Dataset ds = Dataset.open(uri);
    long read = ds.version();
    if (kind < 8 || (kind < 13 && ds.fragments().isEmpty())) {
      return append(ds, a);
    }
    if (kind < 11) {
      // distributed delete on one fragment: Fragment.delete + Operation.Delete
      Fragment f = ds.fragments().get(rnd.nextInt(ds.fragments().size()));
      Set<Long> ids = fragmentIds(f, a);
      int m = 3 + rnd.nextInt(5);
      int r = rnd.nextInt(m);
      FragmentMetadata upd = f.delete("id % " + m + " = " + r);
      Operation op = upd == null ? new Operation.Delete(List.of(), List.of(f.id()), "p")
          : upd == f.metadata() ? new Operation.Delete(List.of(), List.of(), "p")
          : new Operation.Delete(List.of(upd), List.of(), "p");
      return land(Dataset.commit(uri, op, read).version(),
          new Remove(read, ids, Long.MIN_VALUE, Long.MAX_VALUE, m, r));
    }
    if (kind < 13) {
      long lo = rnd.nextInt((int) Math.max(1, nextId.get()));
      long hi = lo + 150;
      int m = 3 + rnd.nextInt(5);
      int r = rnd.nextInt(m);
      Dataset done = ds.delete("id >= " + lo + " AND id < " + hi + " AND id % " + m + " = " + r);
      return land(done.version(), new Remove(read, null, lo, hi, m, r));
    }
    if (kind < 16 && ds.lanceSchema().toArrow().getFields().size() < 3 + MAX_COLUMNS) {
      String name = "c" + nextColumn.getAndIncrement();
      long k = 2 + rnd.nextInt(1000);
      factors.put(name, k);
      Map<String, String> expr = Map.of(name, "id * " + k);
      Dataset done;
      if (kind == 13 || ds.fragments().isEmpty()) {
        done = ds.addColumns(expr);
      } else {
        List<FragmentMetadata> merged = new ArrayList<>();
        LanceSchema schema = null;
        for (Fragment f : ds.fragments()) {
          MergeResult res = f.mergeColumns(expr, a);
          merged.add(res.fragment());
          schema = res.schema();
        }
        done = Dataset.commit(uri, new Operation.Merge(merged, schema), read);
      }
      return land(done.version(), new AddColumn(name, k));
    }
    if (kind >= 16) {
      Dataset done = ds.compact(COMPACT);
      return done.version() == read ? null : land(done.version(), new Compact());
    }
    return append(ds, a);
  }

  private Logical append(Dataset ds, BufferAllocator a) {
    long first = nextId.getAndAdd(ROWS);
    var schema = ds.schema();
    Set<String> added = new LinkedHashSet<>();
    for (Field f : schema.getFields()) {
      if (!StormRows.BASE.contains(f.getName())) {
        added.add(f.getName());
      }
    }
    List<FragmentMetadata> frags;
    try (VectorSchemaRoot root = StormRows.rows(schema, a, first, ROWS, factors::get)) {
      frags = Fragments.write(ds.uri(), root,
          WriteOptions.builder().mode(WriteOptions.Mode.APPEND).build());
    } catch (InvalidInputException e) {
      if (e.getMessage().contains("schema mismatch")) {
        throw new SchemaMoved(e);
      }
      throw e;
    }
    long v = Dataset.commit(ds.uri(), new Operation.Append(frags), ds.version()).version();
    return land(v, new Add(first, ROWS, added));
  }

  private Logical land(long version, Logical l) {
    assertThat(committed.putIfAbsent(version, l)).as("version %d landed twice", version).isNull();
    return l;
  }

  private static Set<Long> fragmentIds(Fragment f, BufferAllocator a) throws Exception {
    Set<Long> out = new HashSet<>();
    try (ArrowReader r = f.scan(a, ScanOptions.builder().columns(List.of("id")).build())) {
      while (r.loadNextBatch()) {
        BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < id.getValueCount(); i++) {
          out.add(id.get(i));
        }
      }
    }
    return out;
  }

  /** The serial replay of the landed commits in version order. */
  private final class Replay {
    /** Row ids at each version. */
    final Map<Long, TreeSet<Long>> rows = new HashMap<>();
    /** Column names at each version. */
    final Map<Long, List<String>> columnsAt = new HashMap<>();
    /** Final rows: id to the added columns defined for it. */
    final Map<Long, Set<String>> state = new HashMap<>();
    /** Final added columns, in order. */
    final List<String> columns = new ArrayList<>();

    Replay(long latest) {
      for (long id = 0; id < 100; id++) {
        state.put(id, new HashSet<>());
      }
      snapshot(1);
      for (long v = 2; v <= latest; v++) {
        Logical l = committed.get(v);
        assertThat(l).as("meaning of version %d", v).isNotNull();
        if (l instanceof Add add) {
          for (long id = add.first(); id < add.first() + add.n(); id++) {
            state.put(id, new HashSet<>(add.columns()));
          }
        } else if (l instanceof Remove rm) {
          Set<Long> candidates = rm.candidates() != null ? rm.candidates()
              : rows.get(rm.readVersion());
          state.keySet().removeIf(id -> candidates.contains(id) && id >= rm.lo()
              && id < rm.hi() && id % rm.m() == rm.r());
        } else if (l instanceof AddColumn ac) {
          columns.add(ac.name());
          state.values().forEach(s -> s.add(ac.name()));
        }
        snapshot(v);
      }
    }

    private void snapshot(long v) {
      rows.put(v, new TreeSet<>(state.keySet()));
      List<String> names = new ArrayList<>(StormRows.BASE);
      names.addAll(columns);
      columnsAt.put(v, names);
    }
  }
}
