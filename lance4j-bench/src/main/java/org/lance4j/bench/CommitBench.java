package org.lance4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Workload 5: commit latency of an Append of {@code appendFragments} fragments on a dataset of
 * {@code baseFragments} fragments, and the throughput of {@code commitThreads} threads appending
 * concurrently (each starting from the same stale read version, so all but one must rebase).
 * Fragments are written once, untimed, and the same metadata is appended again each round (every
 * commit still gets fresh fragment ids). Cross: each implementation also appends to the dataset
 * the other created.
 */
final class CommitBench {
  private final BenchConfig config;
  private final Harness harness;
  private final Report report;
  private final BufferAllocator allocator;

  CommitBench(BenchConfig config, Harness harness, Report report, BufferAllocator allocator) {
    this.config = config;
    this.harness = harness;
    this.report = report;
    this.allocator = allocator;
  }

  /** One dataset plus the fragments an implementation appends to it. */
  private static final class Target<F> {
    final Side<F> side;
    final String uri;
    final long[] version; // shared by everyone committing to uri
    Batches extra;
    Batches one;
    /** Fresh fragments for the next append: a data file may be committed only once. */
    F nextAppend;
    /** Fresh single-row fragments, one per commit of the next concurrent round. */
    final java.util.concurrent.ConcurrentLinkedQueue<F> singles =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    Target(Side<F> side, String uri, long[] version) {
      this.side = side;
      this.uri = uri;
      this.version = version;
    }
  }

  void run(Path dir) throws Exception {
    Lance4jSide ours = new Lance4jSide();
    LanceCoreSide theirs = new LanceCoreSide();
    String oursUri = dir.resolve("commit-lance4j").toString();
    String theirsUri = dir.resolve("commit-lancecore").toString();
    try (Batches base = new Batches(new ScalarRows(allocator, 0, config.baseFragments,
            config.baseFragments), allocator);
        Batches extra = new Batches(new ScalarRows(allocator, 0, config.appendFragments,
            config.appendFragments), allocator);
        Batches one = new Batches(new ScalarRows(allocator, 0, 1, 1), allocator)) {
      long[] oursVersion = {create(ours, oursUri, base)};
      long[] theirsVersion = {create(theirs, theirsUri, base)};
      Target<?> oo = target(ours, oursUri, oursVersion, extra, one);
      Target<?> tt = target(theirs, theirsUri, theirsVersion, extra, one);
      Target<?> ot = target(ours, theirsUri, theirsVersion, extra, one);
      Target<?> to = target(theirs, oursUri, oursVersion, extra, one);
      // as many warm-up commits as measured ones: a 3-5 ms operation needs a few dozen runs before
      // the JIT has compiled the commit path (lance-core's native code needs none; it gets the
      // same rounds)
      Harness many = new Harness(Math.max(Math.max(config.warmup, 1) * 3, config.commitRounds),
          config.commitRounds, false);
      String name = "commit Append of " + config.appendFragments + " fragments on "
          + config.baseFragments;
      Harness.Task fresh = r -> {
        prepare(oo);
        prepare(tt);
      };
      List<List<Double>> lat = many.pair(name, fresh, r -> append(oo), r -> append(tt));
      report.add(new Report.Row(name, Report.Kind.LATENCY, 1, "commit", lat.get(0),
          lat.get(1), "<= 1x"));
      String prop = org.lance4j.StorageOptions.LOCAL_FSYNC;
      String before = System.getProperty(prop);
      List<List<Double>> synced;
      try {
        System.setProperty(prop, "true");
        synced = many.pair(name + ", lance4j fsync on", fresh, r -> append(oo),
            r -> append(tt));
      } finally {
        if (before == null) {
          System.clearProperty(prop);
        } else {
          System.setProperty(prop, before);
        }
      }
      report.add(new Report.Row(name + ", lance4j with fsync (its default)", Report.Kind.LATENCY,
          1, "commit", synced.get(0), synced.get(1), null));
      Harness.Task freshCross = r -> {
        prepare(ot);
        prepare(to);
      };
      List<List<Double>> cross = many.pair(name + ", cross", freshCross, r -> append(ot),
          r -> append(to));
      report.add(new Report.Row(name + ", cross (other's dataset)", Report.Kind.LATENCY, 1,
          "commit", cross.get(0), cross.get(1), null));
      int commits = config.commitThreads * config.commitsPerThread;
      String cname = config.commitThreads + " threads x " + config.commitsPerThread
          + " concurrent Appends";
      Harness.Task freshSingles = r -> {
        prepareSingles(oo);
        prepareSingles(tt);
      };
      List<List<Double>> conc = harness.pair(cname, freshSingles, r -> concurrent(oo),
          r -> concurrent(tt));
      report.add(new Report.Row(cname, Report.Kind.THROUGHPUT, commits, "commits",
          conc.get(0), conc.get(1), null));
      long expected = countExpected(base, extra);
      for (String uri : List.of(oursUri, theirsUri)) {
        long a = ours.countRows(uri, allocator);
        long b = theirs.countRows(uri, allocator);
        if (a != b) {
          throw new IllegalStateException("commit benchmark: lance4j counts " + a
              + " rows in " + uri + " but lance-core counts " + b);
        }
        if (a < expected) {
          throw new IllegalStateException("commit benchmark: " + uri + " has " + a + " rows");
        }
      }
      report.extra.put("commit_datasets_versions", List.of(oursVersion[0], theirsVersion[0]));
    }
  }

  private static long countExpected(Batches base, Batches extra) {
    return base.rows + extra.rows;
  }

  private <F> long create(Side<F> side, String uri, Batches base) throws Exception {
    F frags = side.writeFragments(uri, base, 0, base.batches.size(), 1, allocator);
    return side.overwrite(uri, base.schema, frags, allocator);
  }

  private <F> Target<F> target(Side<F> side, String uri, long[] version, Batches extra,
      Batches one) throws Exception {
    Target<F> t = new Target<>(side, uri, version);
    t.extra = extra;
    t.one = one;
    return t;
  }

  /** Writes the next append's fragments (untimed) unless they are waiting already. */
  private <F> void prepare(Target<F> t) throws Exception {
    if (t.nextAppend == null) {
      t.nextAppend = t.side.writeFragments(t.uri, t.extra, 0, t.extra.batches.size(), 1,
          allocator);
    }
  }

  /** Writes one single-row fragment per commit of the next concurrent round (untimed). */
  private <F> void prepareSingles(Target<F> t) throws Exception {
    int need = config.commitThreads * config.commitsPerThread;
    while (t.singles.size() < need) {
      t.singles.add(t.side.writeFragments(t.uri, t.one, 0, t.one.batches.size(), 1,
          allocator));
    }
  }

  private <F> void append(Target<F> t) throws Exception {
    F frags = t.nextAppend;
    t.nextAppend = null;
    if (frags == null) {
      throw new IllegalStateException("commit benchmark: no prepared fragments for " + t.uri);
    }
    t.version[0] = t.side.append(t.uri, frags, t.version[0], allocator);
  }

  /** All threads start from the same read version; each then continues from what it got. */
  private <F> void concurrent(Target<F> t) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(config.commitThreads);
    try {
      long start = t.version[0];
      List<Future<Long>> fs = new ArrayList<>();
      for (int i = 0; i < config.commitThreads; i++) {
        fs.add(pool.submit(() -> {
          long v = start;
          for (int k = 0; k < config.commitsPerThread; k++) {
            v = t.side.append(t.uri, t.singles.remove(), v, allocator);
          }
          return v;
        }));
      }
      long max = start;
      for (Future<Long> f : fs) {
        max = Math.max(max, f.get());
      }
      long want = start + (long) config.commitThreads * config.commitsPerThread;
      if (max != want) {
        throw new IllegalStateException(t.side.name() + ": concurrent appends ended at version "
            + max + ", expected " + want);
      }
      t.version[0] = max;
    } finally {
      pool.shutdown();
    }
  }
}
