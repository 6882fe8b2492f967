package org.lance4j.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The measurement method: {@code warmup} unrecorded rounds, then {@code iterations} recorded ones;
 * in every round both implementations run once, back to back, and the one that goes first
 * alternates between rounds (so neither always runs on a cache the other warmed). A figure is the
 * median of the recorded rounds; min and max are kept as the spread.
 */
final class Harness {
  private final int warmup;
  private final int iterations;
  private final boolean verbose;

  Harness(int warmup, int iterations, boolean verbose) {
    this.warmup = warmup;
    this.iterations = iterations;
    this.verbose = verbose;
  }

  /** A timed action; {@code round} is negative during warm-up. */
  interface Task {
    void run(int round) throws Exception;
  }

  /** Seconds per recorded round of each task: {@code [ours, theirs]}. */
  List<List<Double>> pair(String label, Task ours, Task theirs) throws Exception {
    return pair(label, null, ours, theirs);
  }

  /** As {@link #pair(String, Task, Task)}, running {@code untimed} before each timed run. */
  List<List<Double>> pair(String label, Task untimed, Task ours, Task theirs) throws Exception {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int round = -warmup; round < iterations; round++) {
      boolean oursFirst = Math.floorMod(round, 2) == 0;
      if (oursFirst) {
        time(label + " lance4j", round, untimed, ours, a);
        time(label + " lance-core", round, untimed, theirs, b);
      } else {
        time(label + " lance-core", round, untimed, theirs, b);
        time(label + " lance4j", round, untimed, ours, a);
      }
    }
    return List.of(a, b);
  }

  private void time(String label, int round, Task untimed, Task t, List<Double> out)
      throws Exception {
    if (untimed != null) {
      untimed.run(round);
    }
    long t0 = System.nanoTime();
    t.run(round);
    double s = (System.nanoTime() - t0) / 1e9;
    if (round >= 0) {
      out.add(s);
    }
    if (verbose) {
      System.out.printf("  [%s] %s: %.4f s%n", round < 0 ? "warm-up" : "#" + round, label, s);
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
