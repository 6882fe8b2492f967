package org.lance4j.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Runs one read workload of one implementation N times in this JVM and prints the process CPU
 * time (all threads: decoder, GC, JIT, lance-core's native threads) and the wall time of each
 * operation: a load-independent figure on a shared machine, and a loop to attach JFR to.
 *
 * <pre>
 * ReadCpuBench --dir /tmp/readcpu --data vectors|scalars --files 2.1|2.2|own22
 *     --op scan|take|scan-col --side lance4j|lance-core [--iterations 6] [--warmup W]
 *     [--rows N] [--take 1000]
 * </pre>
 *
 * <p>Cold (no {@code --warmup}): every operation of the fresh JVM counts (run 1 printed alone,
 * median of runs 2..N), so lance4j's figures include the JIT compiling its read path, which
 * lance-core (native) never pays. Warm ({@code --warmup W}): W operations first, not counted,
 * then N counted (with W >= 2 the W warm-up operations are also summarised as the cold series:
 * run 1, median of runs 2..W). Each operation reports the process CPU (every thread) and the calling
 * thread's CPU (lance-core's own runtime threads are not in the latter) and the Java heap
 * allocated meanwhile by all threads (lance-core's native memory is not in it).</p>
 *
 * <p>The datasets are generated on first use under {@code --dir} and kept: {@code 2.1} and
 * {@code 2.2} are written by lance-core (its default and {@code withDataStorageVersion("2.2")}),
 * {@code own22} is each side's own 2.2 files (lance4j's written by lance4j, lance-core's by
 * lance-core). Rows as in the bench (1M vector rows, 4M scalar rows, 1M rows per file); the take
 * indices are the bench's (seed 17). Both sides share this main (lance-core writes the files even for a
 * {@code --side lance4j} run).
 */
public final class ReadCpuBench {
  private ReadCpuBench() {}

  public static void main(String[] args) throws Exception {
    String dir = "/tmp/lance4j-readcpu";
    String data = "vectors";
    String files = "2.1";
    String op = "scan";
    String side = "lance4j";
    int iterations = 6;
    int warmup = -1;
    long rows = -1;
    int take = 1000;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--dir" -> dir = args[++i];
        case "--data" -> data = args[++i];
        case "--files" -> files = args[++i];
        case "--op" -> op = args[++i];
        case "--side" -> side = args[++i];
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--take" -> take = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + a
            + " (see the ReadCpuBench javadoc / lance4j-bench README)");
      }
    }
    boolean vectors = switch (data) {
      case "vectors" -> true;
      case "scalars" -> false;
      default -> throw new IllegalArgumentException("--data vectors|scalars, not " + data);
    };
    if (rows < 0) {
      rows = vectors ? 1_000_000 : 4_000_000;
    }
    boolean l4j = switch (side) {
      case "lance4j" -> true;
      case "lance-core" -> false;
      default -> throw new IllegalArgumentException("--side lance4j|lance-core, not " + side);
    };
    try (BufferAllocator allocator = new RootAllocator()) {
      String uri = dataset(Path.of(dir), data, files, l4j, vectors, rows, allocator);
      Side<?> s = l4j ? new Lance4jSide() : new LanceCoreSide();
      List<String> oneColumn = List.of(vectors ? "id" : "f64");
      long[] idx = DataBench.randomIndices(rows, take, 17);
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean();
      java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      // cold (no --warmup): a fresh JVM, every operation counted, the median of runs 2..N (run
      // 1 printed on its own); warm (--warmup W): W operations not counted, then N counted
      boolean warm = warmup >= 0;
      int total = (warm ? warmup : 0) + iterations;
      double[] cpu = new double[total];
      double[] thr = new double[total];
      double[] wall = new double[total];
      double[] alloc = new double[total];
      com.sun.management.ThreadMXBean heap = (com.sun.management.ThreadMXBean) threads;
      ThreadCpu.Snapshot start = ThreadCpu.snapshot();
      ThreadCpu.Snapshot afterWarmup = null;
      for (int i = 0; i < total; i++) {
        if (warm && i == warmup) {
          afterWarmup = ThreadCpu.snapshot();
          // to split a JFR recording's jdk.Compilation events into warm-up and counted parts
          System.out.println("counted operations start at " + java.time.LocalTime.now());
        }
        long c0 = os.getProcessCpuTime();
        long t0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        long a0 = heap.getTotalThreadAllocatedBytes();
        long got = switch (op) {
          case "scan" -> s.scan(uri, null, allocator);
          case "scan-col" -> s.scan(uri, oneColumn, allocator);
          case "take" -> s.take(uri, idx, null, allocator);
          default -> throw new IllegalArgumentException("--op scan|take|scan-col, not " + op);
        };
        wall[i] = (System.nanoTime() - w0) / 1e9;
        alloc[i] = (heap.getTotalThreadAllocatedBytes() - a0) / 1e6;
        thr[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
        cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
        DataBench.check(got, op.equals("take") ? take : rows, op);
        boolean counted = !warm || i >= warmup;
        System.out.printf("%s %s %s %s %s %d: cpu %.3f s, thread cpu %.3f s, wall %.3f s,"
            + " heap allocated %.0f MB%n", side, data, files, op, counted ? "run" : "warm-up",
            counted && warm ? i - warmup + 1 : i + 1, cpu[i], thr[i], wall[i], alloc[i]);
      }
      if (warm && warmup >= 2) { // the warm-up operations are the cold series of this JVM
        summary(side, data, files, op, "cold, run 1 cpu " + String.format("%.3f", cpu[0])
            + " s, median of runs 2-" + warmup, cpu, thr, wall, alloc, 1, warmup, os);
      }
      int from = warm ? warmup : 1;
      if (total - from >= 1) {
        String what = warm ? "warm (" + warmup + " warm-up operations), median of "
            + (total - from) : "cold, run 1 cpu " + String.format("%.3f", cpu[0])
            + " s, median of runs 2-" + total;
        summary(side, data, files, op, what, cpu, thr, wall, alloc, from, total, os);
      }
      threadReport(side, data, files, op, start, afterWarmup, ThreadCpu.snapshot(), warmup);
    }
  }

  private static void summary(String side, String data, String files, String op, String what,
      double[] cpu, double[] thr, double[] wall, double[] alloc, int from, int to,
      com.sun.management.OperatingSystemMXBean os) {
    double[] c = sorted(cpu, from, to);
    double[] t = sorted(thr, from, to);
    double[] w = sorted(wall, from, to);
    double[] h = sorted(alloc, from, to);
    System.out.printf("%s %s %s %s: %s: cpu %.3f s (%.3f-%.3f), thread cpu %.3f s"
        + " (%.3f-%.3f), wall %.3f s, heap allocated %.0f MB, load average %.1f%n", side, data,
        files, op, what, median(c), c[0], c[c.length - 1], median(t), t[0], t[t.length - 1],
        median(w), median(h), os.getSystemLoadAverage());
  }

  /**
   * Prints the CPU of the JIT compiler threads, the GC (and VM) threads and all other live
   * threads ({@link ThreadCpu}) over the operations (and over the warm-up / counted parts when
   * there was a warm-up), so a change is judged by both compile CPU and decode CPU;
   * -Dreadcpu.threads=verbose adds the CPU per thread group.
   */
  private static void threadReport(String side, String data, String files, String op,
      ThreadCpu.Snapshot start, ThreadCpu.Snapshot afterWarmup, ThreadCpu.Snapshot end,
      int warmup) {
    if (start.ticks().isEmpty()) {
      return; // no /proc
    }
    String tag = side + " " + data + " " + files + " " + op;
    if (afterWarmup != null) {
      System.out.println(tag + ": threads, " + warmup + " warm-up operations: "
          + groups(ThreadCpu.delta(start, afterWarmup)));
      System.out.println(tag + ": threads, counted operations: "
          + groups(ThreadCpu.delta(afterWarmup, end)));
    }
    java.util.Map<String, Double> all = ThreadCpu.delta(start, end);
    System.out.println(tag + ": threads, all operations: " + groups(all));
    if ("verbose".equals(System.getProperty("readcpu.threads"))) {
      System.out.println("  " + ThreadCpu.format(all));
    }
  }

  /** "compiler threads X s, GC Y s, other Z s" of a {@link ThreadCpu#delta}. */
  private static String groups(java.util.Map<String, Double> d) {
    double jit = d.getOrDefault("jit", 0.0);
    double gc = d.getOrDefault("gc+vm", 0.0);
    double other = d.values().stream().mapToDouble(Double::doubleValue).sum() - jit - gc;
    return String.format("compiler threads %.2f s, GC+VM %.2f s, other %.2f s", jit, gc, other);
  }

  private static double[] sorted(double[] a, int from, int to) {
    double[] c = Arrays.copyOfRange(a, from, to);
    Arrays.sort(c);
    return c;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The dataset to read, written once (by lance-core, or by the side itself for own22). */
  private static String dataset(Path dir, String data, String files, boolean l4j,
      boolean vectors, long rows, BufferAllocator allocator) throws Exception {
    String name;
    Side<?> writer;
    switch (files) {
      case "2.1" -> {
        name = "lancecore21";
        writer = new LanceCoreSide();
      }
      case "2.2" -> {
        name = "lancecore22";
        writer = new LanceCoreSide("2.2");
      }
      case "own22" -> {
        name = l4j ? "lance4j22" : "lancecore22";
        writer = l4j ? new Lance4jSide("2.2") : new LanceCoreSide("2.2");
      }
      default -> throw new IllegalArgumentException("--files 2.1|2.2|own22, not " + files);
    }
    Path p = dir.resolve(name + "-" + data + "-" + rows);
    if (Files.isDirectory(p.resolve("_versions"))) {
      return p.toString();
    }
    Files.createDirectories(dir);
    System.out.println("writing " + p + " with " + writer.name() + " ...");
    try (Batches b = new Batches(vectors ? new VectorRows(allocator, 0, rows, 8192)
        : new ScalarRows(allocator, 0, rows, 8192), allocator)) {
      write(writer, b, p.toString(), allocator);
    }
    return p.toString();
  }

  private static <F> void write(Side<F> side, Batches b, String uri, BufferAllocator allocator)
      throws Exception {
    List<F> parts = new ArrayList<>();
    int half = b.batches.size() / 2; // as the bench's two writer threads: two halves
    parts.add(side.writeFragments(uri, b, 0, half, 1024 * 1024, allocator));
    parts.add(side.writeFragments(uri, b, half, b.batches.size(), 1024 * 1024, allocator));
    side.overwrite(uri, b.schema, side.concat(parts), allocator);
  }
}
