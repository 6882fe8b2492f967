package org.lance4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's live threads by group, read from {@code /proc/self/task/<tid>/stat}
 * (user + system ticks) and {@code comm} (the thread name, 15 characters): the JIT compiler
 * threads ("C1 CompilerThre", "C2 CompilerThre"), the garbage collector's threads ("GC
 * Thread#n", "G1 ..."), and all others (the scan's calling thread, the decode pool, lance-core's
 * native runtime threads, the VM thread). Threads that already ended are not counted. Linux
 * only; elsewhere {@link #read} returns null.
 */
final class ThreadCpu {
  /** CPU seconds per group and per thread name (threads of one name summed). */
  record Snapshot(double compiler, double gc, double other, Map<String, Double> byName) {
    Snapshot minus(Snapshot before) {
      Map<String, Double> m = new TreeMap<>(byName);
      before.byName.forEach((k, v) -> m.merge(k, -v, Double::sum));
      return new Snapshot(compiler - before.compiler, gc - before.gc, other - before.other, m);
    }

    String line() {
      return String.format("compiler threads %.2f s, GC %.2f s, other %.2f s", compiler, gc,
          other);
    }
  }

  private ThreadCpu() {}

  /** The CPU of the live threads now, or null when /proc is not there. */
  static Snapshot read() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return null;
    }
    double hz = 100.0; // USER_HZ: 100 on every Linux this bench runs on
    double compiler = 0;
    double gc = 0;
    double other = 0;
    Map<String, Double> byName = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        String stat;
        String comm;
        try {
          stat = Files.readString(t.resolve("stat"), StandardCharsets.UTF_8);
          comm = Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        // fields after the ")" that closes the name: state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / hz;
        String group = group(comm);
        switch (group) {
          case "compiler" -> compiler += s;
          case "gc" -> gc += s;
          default -> other += s;
        }
        byName.merge(comm.replaceAll("[0-9]+$", "#"), s, Double::sum);
      }
    } catch (IOException e) {
      return null;
    }
    return new Snapshot(compiler, gc, other, byName);
  }

  static String group(String comm) {
    if (comm.contains("CompilerThre")) {
      return "compiler";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "gc";
    }
    return "other";
  }
}
