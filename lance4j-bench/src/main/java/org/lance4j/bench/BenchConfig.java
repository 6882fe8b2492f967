package org.lance4j.bench;

import java.nio.file.Path;

/** Sizes and repetitions of one benchmark run (full defaults, or {@link #smoke()}). */
final class BenchConfig {
  long vectorRows = 1_000_000;
  long scalarRows = 4_000_000;
  int takeRows = 1_000;
  int baseFragments = 1_000;
  int appendFragments = 10;
  int commitThreads = 8;
  int commitsPerThread = 4;
  int commitRounds = 15;
  long heapRows = 2_000_000; // ~1.06 GB of (int64, 128 x float32, short utf8)
  String heapXmx = "1g";
  boolean heap = true;
  boolean commit = true;
  /** Which data sets the write/read workloads use: "vectors", "scalars" or "both". */
  String data = "both";
  /**
   * lance4j's local fsync of manifests during the run. Off by default: lance-core does not fsync local
   * writes (its object store's local files), so both sides commit with the same durability. The commit workload adds
   * one latency row with lance4j's default (fsync on) either way.
   */
  boolean fsync = false;
  int warmup = 1;
  int iterations = 7;
  boolean verbose = true;
  Path workDir;
  Path json = Path.of("lance4j-bench-results.json");

  /** Tiny sizes, one iteration, no warm-up: for the test suite. */
  static BenchConfig smoke() {
    BenchConfig c = new BenchConfig();
    c.vectorRows = 3000;
    c.scalarRows = 5000;
    c.takeRows = 100;
    c.baseFragments = 20;
    c.appendFragments = 2;
    c.commitThreads = 4;
    c.commitsPerThread = 1;
    c.commitRounds = 1;
    c.heapRows = 20_000;
    c.heapXmx = "256m";
    c.warmup = 0;
    c.iterations = 1;
    c.verbose = false;
    return c;
  }

  static BenchConfig parse(String[] args) {
    BenchConfig c = new BenchConfig();
    for (String a : args) {
      if (a.equals("--smoke")) {
        c = smoke();
      }
    }
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> { }
        case "--rows" -> c.vectorRows = Long.parseLong(args[++i]);
        case "--scalar-rows" -> c.scalarRows = Long.parseLong(args[++i]);
        case "--take" -> c.takeRows = Integer.parseInt(args[++i]);
        case "--fragments" -> c.baseFragments = Integer.parseInt(args[++i]);
        case "--commit-rounds" -> c.commitRounds = Integer.parseInt(args[++i]);
        case "--heap-rows" -> c.heapRows = Long.parseLong(args[++i]);
        case "--no-heap" -> c.heap = false;
        case "--no-commit" -> c.commit = false;
        case "--data" -> c.data = args[++i];
        case "--fsync" -> c.fsync = true;
        case "--warmup" -> c.warmup = Integer.parseInt(args[++i]);
        case "--iterations" -> c.iterations = Integer.parseInt(args[++i]);
        case "--dir" -> c.workDir = Path.of(args[++i]);
        case "--json" -> c.json = Path.of(args[++i]);
        case "--quiet" -> c.verbose = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (known: --smoke --rows --scalar-rows --take --fragments --commit-rounds"
            + " --heap-rows --no-heap --no-commit --data --fsync --warmup --iterations --dir --json --quiet)");
      }
    }
    return c;
  }
}
