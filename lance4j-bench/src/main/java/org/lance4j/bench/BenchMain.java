package org.lance4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * lance4j side by side with the official lance-core 7.0.0 (JNI) in one process run: write,
 * scan, projected scan and take of files lance-core wrote as 2.1 and 2.2, commit, memory while
 * writing. Prints a table of medians and ratios and
 * writes a JSON file. See lance4j-bench/README.md for the method.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchConfig c = BenchConfig.parse(args);
    Report r = run(c);
    System.out.println();
    System.out.print(r.table());
    System.out.println("results: " + c.json.toAbsolutePath());
  }

  /** Runs every workload with {@code c}; the JSON file is written before returning. */
  static Report run(BenchConfig c) throws Exception {
    Report report = new Report();
    report.info.putAll(machine());
    System.setProperty(org.lance4j.StorageOptions.LOCAL_FSYNC, Boolean.toString(c.fsync));
    report.info.put("lance4j_local_fsync", c.fsync);
    report.info.put("method", "harness (not JMH): " + c.warmup + " warm-up + " + c.iterations
        + " measured rounds, implementations alternate first place each round, median;"
        + " commit latency: " + Math.max(Math.max(c.warmup, 1) * 3, c.commitRounds)
        + " warm-up + " + c.commitRounds + " rounds");
    Harness h = new Harness(c.warmup, c.iterations, c.verbose);
    Path dir = c.workDir != null ? Files.createDirectories(c.workDir)
        : Files.createTempDirectory("lance4j-bench");
    try (BufferAllocator allocator = new RootAllocator()) {
      DataBench data = new DataBench(c, h, report, allocator);
      if (!c.data.equals("scalars")) {
        try (Batches vectors = new Batches(new VectorRows(allocator, 0, c.vectorRows, 8192),
            allocator)) {
          data.run("vectors", vectors, "id", dir, ">= 1.5x");
        }
        deleteChildren(dir);
      }
      if (!c.data.equals("vectors")) {
        try (Batches scalars = new Batches(new ScalarRows(allocator, 0, c.scalarRows, 8192),
            allocator)) {
          data.run("scalars", scalars, "f64", dir, ">= 1.5x");
        }
        deleteChildren(dir);
      }
      if (c.commit) {
        new CommitBench(c, h, report, allocator).run(dir);
        deleteChildren(dir);
      }
      if (c.heap) {
        for (String impl : List.of("lance4j", "lance-core")) {
          Path d = dir.resolve("heap-" + impl);
          Map<String, Object> m = HeapProbe.run(impl, d, c.heapRows, c.heapXmx);
          report.extra.put("heap_" + impl, m);
          if (c.verbose) {
            System.out.println("  heap probe " + m);
          }
          deleteTree(d.toString());
        }
      }
    } finally {
      if (c.workDir == null) {
        deleteTree(dir.toString());
      }
    }
    report.writeJson(c.json.toFile());
    return report;
  }

  /** nproc, memory, CPU model, JDK. */
  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal")) {
          m.put("memory", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      m.put("cpu", "unknown");
    }
    return m;
  }

  private static void deleteChildren(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        deleteTree(p.toString());
      }
    }
  }

  static void deleteTree(String path) throws IOException {
    if (path == null) {
      return;
    }
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
