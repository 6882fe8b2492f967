package org.lance4j.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A profiling driver for the write workloads: writes the bench's data (2 writer threads, half
 * the batches each, + one Overwrite commit, as {@code DataBench}) in a loop and prints the
 * <b>process CPU time</b> of each write (all threads: writers, GC, JIT, lance-core's native
 * threads), which is stable on a shared machine where wall time is not. Run it under JFR to see
 * where the CPU goes.
 *
 * <p>Arguments: {@code --data vectors|scalars} (default vectors), {@code --side
 * lance4j|lance-core|both} (default both; one side per JVM is cleaner for profiles),
 * {@code --version 2.0|2.1|2.2} (default 2.1, both sides), {@code --rounds N} (default 7),
 * {@code --rows N} (default 1M vectors / 4M scalars), {@code --dir DIR} (default a temp dir).
 * Each round's dataset is deleted before the next.
 */
public final class WriteCpuBench {
  private WriteCpuBench() {}

  public static void main(String[] args) throws Exception {
    String data = "vectors";
    String side = "both";
    String version = "2.1";
    int rounds = 7;
    long rows = -1;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = args[++i];
        case "--side" -> side = args[++i];
        case "--version" -> version = args[++i];
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.setProperty(org.lance4j.StorageOptions.LOCAL_FSYNC, "false");
    boolean vectors = data.equals("vectors");
    if (rows < 0) {
      rows = vectors ? 1_000_000 : 4_000_000;
    }
    Path work = dir != null ? dir : Files.createTempDirectory("lance4j-writecpu");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Side<?>> sides = new ArrayList<>();
    if (!side.equals("lance-core")) {
      sides.add(new Lance4jSide(version));
    }
    if (!side.equals("lance4j")) {
      sides.add(new LanceCoreSide(version));
    }
    try (BufferAllocator allocator = new RootAllocator();
        Batches b = new Batches(vectors ? new VectorRows(allocator, 0, rows, 8192)
            : new ScalarRows(allocator, 0, rows, 8192), allocator)) {
      System.out.printf("data %s, %,d rows, %.1f MB of Arrow buffers, file format %s%n", data,
          b.rows, b.bytes / 1e6, version);
      for (int r = 0; r < rounds; r++) {
        for (Side<?> s : sides) {
          Path d = work.resolve(s.name() + "-" + r);
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          long[] split = write(s, b, d.toString(), allocator);
          long t1 = System.nanoTime();
          long cpu1 = os.getProcessCpuTime();
          long bytes = treeSize(d);
          System.out.printf("round %d %-10s cpu %.3f s  wall %.3f s  %,d bytes on disk"
              + "  (writers %.3f/%.3f s, commit %.3f s)%n", r, s.name(), (cpu1 - cpu0) / 1e9,
              (t1 - t0) / 1e9, bytes, (split[0] - t0) / 1e9, (split[1] - t0) / 1e9,
              (t1 - split[2]) / 1e9);
          BenchMain.deleteTree(d.toString());
        }
      }
    } finally {
      if (dir == null) {
        BenchMain.deleteTree(work.toString());
      }
    }
  }

  static long treeSize(Path d) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(d)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /**
   * One write; returns the nanoTime at which each writer thread finished (first half, second
   * half) and at which the commit started.
   */
  private static <F> long[] write(Side<F> side, Batches data, String uri,
      BufferAllocator allocator) throws Exception {
    int half = data.batches.size() / 2;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long[] done = new long[3];
    try {
      Future<F> a = pool.submit(() -> {
        F f = side.writeFragments(uri, data, 0, half, 1024 * 1024, allocator);
        done[0] = System.nanoTime();
        return f;
      });
      Future<F> c = pool.submit(() -> {
        F f = side.writeFragments(uri, data, half, data.batches.size(), 1024 * 1024, allocator);
        done[1] = System.nanoTime();
        return f;
      });
      F all = side.concat(List.of(a.get(), c.get()));
      done[2] = System.nanoTime();
      side.overwrite(uri, data.schema, all, allocator);
    } finally {
      pool.shutdown();
    }
    return done;
  }
}
