package org.lance4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Workloads 1-4 on one generated data set: write (2 writer threads + one Overwrite commit), then
 * full scan, one-column scan and random take by both implementations of the datasets lance-core
 * 7.0.0 wrote as 2.1 and as 2.2, and a full scan of each implementation's own files.
 */
final class DataBench {
  private final BenchConfig config;
  private final Harness harness;
  private final Report report;
  private final BufferAllocator allocator;
  private final Lance4jSide ours = new Lance4jSide();
  private final LanceCoreSide theirs = new LanceCoreSide();

  DataBench(BenchConfig config, Harness harness, Report report, BufferAllocator allocator) {
    this.config = config;
    this.harness = harness;
    this.report = report;
    this.allocator = allocator;
  }

  /**
   * Runs the workloads on {@code data}; {@code label} names the data set, {@code oneColumn} is the
   * column of the projected scan. Write: lance4j writes {@link Lance4jSide#DEFAULT_VERSION} (2.1),
   * lance-core its default (2.1). Reads: both implementations read the same datasets that
   * lance-core wrote as 2.1 (its default) and as 2.2, and each reads its own 2.1 files.
   */
  void run(String label, Batches data, String oneColumn, Path dir, String writeTarget)
      throws Exception {
    String[] last = new String[2];
    List<String> earlier = new ArrayList<>();
    // before each write: drop the datasets of earlier rounds (disk space), untimed
    int[] lastRound = {Integer.MIN_VALUE};
    List<List<Double>> w = harness.pair("write " + label,
        round -> {
          if (round != lastRound[0]) {
            for (String d : earlier) {
              BenchMain.deleteTree(d);
            }
            earlier.clear();
            lastRound[0] = round;
          }
        },
        round -> earlier.add(last[0] = write(ours, data,
            dir.resolve("lance4j-" + label + "-" + round))),
        round -> earlier.add(last[1] = write(theirs, data,
            dir.resolve("lancecore-" + label + "-" + round))));
    double mb = data.bytes / 1e6;
    report.add(new Report.Row("write " + label + " (rows)", Report.Kind.THROUGHPUT, data.rows,
        "rows", w.get(0), w.get(1), writeTarget));
    report.add(new Report.Row("write " + label + " (MB of Arrow buffers)",
        Report.Kind.THROUGHPUT, mb, "MB", w.get(0), w.get(1), writeTarget));
    String mine = last[0];
    String core21 = last[1];
    String core22 = write(new LanceCoreSide("2.2"), data, dir.resolve("lancecore22-" + label));
    report.extra.put("file_versions_" + label, Map.of(
        "lance4j_written", Lance4jSide.fileVersions(mine),
        "lance_core_default", LanceCoreSide.fileVersions(core21, allocator),
        "lance_core_2.2", LanceCoreSide.fileVersions(core22, allocator)));
    long rows = data.rows;
    long[] idx = randomIndices(rows, config.takeRows, 17);
    for (String[] v : new String[][] {{"2.1", core21}, {"2.2", core22}}) {
      String files = ", lance-core " + v[0] + " files";
      scanPair("full scan " + label + files, v[1], v[1], null, rows, ">= 2x");
      scanPair("scan " + label + " column " + oneColumn + files, v[1], v[1],
          List.of(oneColumn), rows, null);
      takePair("take " + config.takeRows + " random rows " + label + files, v[1], v[1], idx,
          ">= 2x");
    }
    scanPair("full scan " + label + ", each its own 2.1 files", mine, core21, null, rows, null);
  }

  private void scanPair(String name, String oursUri, String theirsUri, List<String> cols,
      long rows, String target) throws Exception {
    List<List<Double>> s = harness.pair(name,
        round -> check(ours.scan(oursUri, cols, allocator), rows, name),
        round -> check(theirs.scan(theirsUri, cols, allocator), rows, name));
    report.add(new Report.Row(name + " (rows)", Report.Kind.THROUGHPUT, rows, "rows", s.get(0),
        s.get(1), target));
  }

  private void takePair(String name, String oursUri, String theirsUri, long[] idx, String target)
      throws Exception {
    List<List<Double>> s = harness.pair(name,
        round -> check(ours.take(oursUri, idx, null, allocator), idx.length, name),
        round -> check(theirs.take(theirsUri, idx, null, allocator), idx.length, name));
    report.add(new Report.Row(name + " (rows)", Report.Kind.THROUGHPUT, idx.length, "rows",
        s.get(0), s.get(1), target));
  }

  static long[] randomIndices(long rows, int n, long seed) {
    Random r = new Random(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (long) (r.nextDouble() * rows);
    }
    return out;
  }

  /** Two writer threads (half the batches each), then one Overwrite commit. */
  private <F> String write(Side<F> side, Batches data, Path dir) throws Exception {
    String uri = dir.toString();
    int half = data.batches.size() / 2;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<F> a = pool.submit(() -> side.writeFragments(uri, data, 0, half,
          1024 * 1024, allocator));
      Future<F> b = pool.submit(() -> side.writeFragments(uri, data, half, data.batches.size(),
          1024 * 1024, allocator));
      F all = side.concat(List.of(a.get(), b.get()));
      side.overwrite(uri, data.schema, all, allocator);
    } finally {
      pool.shutdown();
    }
    check(side.countRows(uri, allocator), data.rows, side.name() + " write");
    return uri;
  }

  static void check(long got, long want, String what) {
    if (got != want) {
      throw new IllegalStateException("benchmark sanity check failed: " + what + " gave " + got
          + " rows, expected " + want);
    }
  }
}
