package org.lance4j.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's threads, grouped by thread name, read from
 * {@code /proc/self/task/<tid>/{comm,stat}} (Linux; 10 ms clock ticks): which share of an
 * operation's CPU went to the JIT compilers, the GC, an in-process test server, the decode
 * threads... Java and native threads alike (lance-core's runtime threads have names too). Take a
 * {@link #snapshot()} before and after, then {@link #delta}. Threads that ended between the two
 * snapshots are missing from the second, so their CPU after the first is lost: keep the measured
 * operation inside long-lived pools, or read the figure as a lower bound.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** Clock ticks per second of /proc's utime/stime (USER_HZ, 100 on Linux). */
  private static final double HZ = 100.0;

  /** {@code -Dlance4j.bench.cpu.sys=true}: kernel time reported apart from user time. */
  private static final boolean SPLIT_SYS = Boolean.getBoolean("lance4j.bench.cpu.sys");

  /** Per thread id: {group, ticks}. */
  record Snapshot(Map<String, String> group, Map<String, Long> ticks) {}

  static Snapshot snapshot() {
    Map<String, String> group = new LinkedHashMap<>();
    Map<String, Long> ticks = new LinkedHashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return new Snapshot(group, ticks);
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        try {
          String comm = Files.readString(t.resolve("comm")).trim();
          String stat = Files.readString(t.resolve("stat"));
          // fields after the ")" that ends comm: state(3) ... utime(14) stime(15)
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          String id = t.getFileName().toString();
          String g = groupOf(comm);
          if (SPLIT_SYS) { // user and kernel time apart: "<group>" and "<group>/sys"
            group.put(id, g);
            ticks.put(id, Long.parseLong(f[11]));
            group.put(id + "s", g + "/sys");
            ticks.put(id + "s", Long.parseLong(f[12]));
          } else {
            group.put(id, g);
            ticks.put(id, Long.parseLong(f[11]) + Long.parseLong(f[12]));
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we read it
        }
      }
    } catch (IOException e) {
      // no /proc: empty snapshot
    }
    return new Snapshot(group, ticks);
  }

  /** Seconds of CPU per group between two snapshots, largest first. */
  static Map<String, Double> delta(Snapshot before, Snapshot after) {
    Map<String, Double> out = new TreeMap<>();
    after.ticks().forEach((id, tk) -> {
      long d = tk - before.ticks().getOrDefault(id, 0L);
      if (d > 0) {
        out.merge(after.group().get(id), d / HZ, Double::sum);
      }
    });
    return out;
  }

  /** "compiler 1.23, gc 0.10, ..." (seconds), groups above 5 ms. */
  static String format(Map<String, Double> d) {
    StringBuilder sb = new StringBuilder();
    d.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .filter(e -> e.getValue() >= 0.005)
        .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(String.format("%.2f", e.getValue())));
    return sb.toString();
  }

  /** Thread name to group: digits dropped, JVM threads by role. */
  static String groupOf(String comm) {
    if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) {
      return "jit";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
      return "gc+vm";
    }
    if (comm.startsWith("S3Proxy") || comm.startsWith("qtp")) {
      return "s3proxy";
    }
    return comm.replaceAll("[0-9]+", "N");
  }
}
