package org.lance4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Write and full-scan throughput of lance4j and lance-core 0.39 on the same generated rows, in one
 * process, alternating implementations each iteration; prints medians and ratios.
 *
 * <p>Harness (not JMH): one warm-up iteration per implementation, then {@code --iterations}
 * measured ones; the figure is the median. Write = 2 writer threads each writing half the rows as
 * fragments, then one Overwrite commit. Scan = one full scan of the dataset that implementation
 * wrote, batch size 8192, plus a cross-read of the other implementation's dataset.
 */
public final class WriteScanBench {
  private WriteScanBench() {}

  public static void main(String[] args) throws Exception {
    long rowsArg = 1_000_000;
    int iterations = 3;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rows")) {
        rowsArg = Long.parseLong(args[++i]);
      } else if (args[i].equals("--iterations")) {
        iterations = Integer.parseInt(args[++i]);
      }
    }
    final long rows = rowsArg;
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Path dir = Files.createTempDirectory("lance4j-bench");
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int it = -1; it < iterations; it++) { // it == -1: warm-up
        Path ours = dir.resolve("lance4j-" + it);
        Path theirs = dir.resolve("lancecore-" + it);
        record(seconds, it, "write lance4j", () -> writeLance4j(ours.toString(), rows, allocator));
        record(seconds, it, "write lance-core", () -> writeLanceCore(theirs.toString(), rows, allocator));
        record(seconds, it, "scan lance4j", () -> scanLance4j(ours.toString(), allocator, rows));
        record(seconds, it, "scan lance-core", () -> scanLanceCore(theirs.toString(), allocator, rows));
        record(seconds, it, "scan lance4j (of lance-core's data)", () -> scanLance4j(theirs.toString(), allocator, rows));
        record(seconds, it, "scan lance-core (of lance4j's data)", () -> scanLanceCore(ours.toString(), allocator, rows));
        deleteTree(ours);
        deleteTree(theirs);
      }
    } finally {
      deleteTree(dir);
    }
    double mb = rows * (double) VectorRows.APPROX_ROW_BYTES / 1e6;
    System.out.printf("%n%,d rows of (int64, fixed_size_list<float32,%d>, utf8), ~%.0f MB; median of %d%n",
        rows, VectorRows.DIM, mb, iterations);
    System.out.printf("%-40s %10s %14s %10s%n", "workload", "seconds", "rows/s", "MB/s");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double s = median(e.getValue());
      System.out.printf("%-40s %10.3f %,14.0f %10.1f%n", e.getKey(), s, rows / s, mb / s);
    }
    System.out.printf("ratio write lance4j/lance-core throughput: %.2fx%n",
        median(seconds.get("write lance-core")) / median(seconds.get("write lance4j")));
    System.out.printf("ratio scan  lance4j/lance-core throughput: %.2fx%n",
        median(seconds.get("scan lance-core")) / median(seconds.get("scan lance4j")));
  }

  interface Work {
    void run() throws Exception;
  }

  private static void record(Map<String, List<Double>> out, int iteration, String name, Work w)
      throws Exception {
    long t0 = System.nanoTime();
    w.run();
    double s = (System.nanoTime() - t0) / 1e9;
    if (iteration >= 0) {
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }
    System.out.printf("  [%s] %s: %.3f s%n", iteration < 0 ? "warm-up" : "#" + iteration, name, s);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void writeLance4j(String uri, long rows, BufferAllocator allocator) throws Exception {
    List<FragmentMetadata> all = twoWorkers(rows, (first, n) -> {
      try (BufferAllocator child = allocator.newChildAllocator("w" + first, 0, Long.MAX_VALUE);
          ArrowReader data = new VectorRows(child, first, n, 8192)) {
        return Fragments.write(uri, data, WriteOptions.defaults());
      }
    });
    try (Dataset ds = Dataset.commit(uri, new Operation.Overwrite(VectorRows.SCHEMA, all), 0)) {
      check(ds.countRows() == rows, "lance4j wrote " + ds.countRows() + " rows");
    }
  }

  static void writeLanceCore(String uri, long rows, BufferAllocator allocator) throws Exception {
    List<com.lancedb.lance.FragmentMetadata> all = twoWorkers(rows, (first, n) -> {
      try (BufferAllocator child = allocator.newChildAllocator("c" + first, 0, Long.MAX_VALUE);
          ArrowReader data = new VectorRows(child, first, n, 8192);
          ArrowArrayStream stream = ArrowArrayStream.allocateNew(child)) {
        Data.exportArrayStream(child, data, stream);
        return com.lancedb.lance.Fragment.create(uri, stream,
            new com.lancedb.lance.WriteParams.Builder().build());
      }
    });
    try (com.lancedb.lance.Dataset ds = new com.lancedb.lance.FragmentOperation.Overwrite(all,
        VectorRows.SCHEMA).commit(allocator, uri, Optional.empty(), Map.of())) {
      check(ds.countRows() == rows, "lance-core wrote " + ds.countRows() + " rows");
    }
  }

  interface Worker<T> {
    List<T> write(long first, long n) throws Exception;
  }

  private static <T> List<T> twoWorkers(long rows, Worker<T> worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      long half = rows / 2;
      List<Future<List<T>>> fs = new ArrayList<>();
      fs.add(pool.submit((Callable<List<T>>) () -> worker.write(0, half)));
      fs.add(pool.submit((Callable<List<T>>) () -> worker.write(half, rows - half)));
      List<T> all = new ArrayList<>();
      for (Future<List<T>> f : fs) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdown();
    }
  }

  static void scanLance4j(String uri, BufferAllocator allocator, long rows) throws IOException {
    long n = 0;
    try (Dataset ds = Dataset.open(uri); ArrowReader r = ds.scan(allocator)) {
      while (r.loadNextBatch()) {
        n += r.getVectorSchemaRoot().getRowCount();
      }
    }
    check(n == rows, "lance4j scanned " + n + " rows");
  }

  static void scanLanceCore(String uri, BufferAllocator allocator, long rows) throws Exception {
    long n = 0;
    try (com.lancedb.lance.Dataset ds = com.lancedb.lance.Dataset.open(uri, allocator);
        com.lancedb.lance.ipc.LanceScanner sc = ds.newScan(
            new com.lancedb.lance.ipc.ScanOptions.Builder().batchSize(8192).build());
        ArrowReader r = sc.scanBatches()) {
      while (r.loadNextBatch()) {
        n += r.getVectorSchemaRoot().getRowCount();
      }
    }
    check(n == rows, "lance-core scanned " + n + " rows");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark sanity check failed: " + what);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
