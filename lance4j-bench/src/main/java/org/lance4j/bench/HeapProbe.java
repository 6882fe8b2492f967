package org.lance4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Workload 6: memory while writing one large fragment, measured in a fresh child JVM per
 * implementation (started with a fixed {@code -Xmx}) so that neither run inherits the other's
 * heap. The child streams generated rows (8,192 per batch) into a single data file and commits
 * it, and reports:
 * <ul>
 *   <li>{@code heap_live_peak}: the largest heap occupancy right after a GC, from GC
 *       notifications (the live set; what bounded memory is about);
 *   <li>{@code heap_used_peak}: the sum of the heap pools' peak usage (MemoryPoolMXBean; includes
 *       garbage not yet collected, so it depends on -Xmx);
 *   <li>{@code arrow_peak}: the peak of the Arrow allocator (direct memory: input batches, and
 *       lance4j's encode buffers);
 *   <li>{@code rss_peak}: the process's peak resident set (VmHWM), which also covers lance-core's
 *       native Rust memory.
 * </ul>
 */
public final class HeapProbe {
  private HeapProbe() {}

  /**
   * Child entry point: {@code HeapProbe lance4j|lance-core <uri> <rows> [<file version>]} (both
   * sides write 2.1 when no version is given).
   */
  public static void main(String[] args) throws Exception {
    String impl = args[0];
    String uri = args[1];
    long rows = Long.parseLong(args[2]);
    String version = args.length > 3 ? args[3] : Lance4jSide.DEFAULT_VERSION;
    AtomicLong livePeak = new AtomicLong();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
          used += u.getUsed();
        }
        livePeak.accumulateAndGet(used, Math::max);
      }, null, null);
    }
    List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p);
        p.resetPeakUsage();
      }
    }
    long t0 = System.nanoTime();
    long arrowPeak;
    long written;
    try (BufferAllocator a = new RootAllocator();
        VectorRows data = new VectorRows(a, 0, rows, 8192)) {
      int maxRows = (int) Math.min(Integer.MAX_VALUE, rows);
      if (impl.equals("lance4j")) {
        var frags = org.lance4j.Fragments.write(uri, data,
            new Lance4jSide(version).options(maxRows));
        new Lance4jSide().overwrite(uri, VectorRows.SCHEMA, frags, a);
        written = frags.size();
      } else {
        try (var stream = org.apache.arrow.c.ArrowArrayStream.allocateNew(a)) {
          org.apache.arrow.c.Data.exportArrayStream(a, data, stream);
          var frags = org.lance.Fragment.create(uri, stream,
              new LanceCoreSide(version).params(maxRows));
          new LanceCoreSide().overwrite(uri, VectorRows.SCHEMA, frags, a);
          written = frags.size();
        }
      }
      arrowPeak = a.getPeakMemoryAllocation();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long usedPeak = 0;
    for (MemoryPoolMXBean p : heapPools) {
      usedPeak += p.getPeakUsage().getUsed();
    }
    long fileBytes = 0;
    try (var s = Files.walk(Path.of(uri, "data"))) {
      fileBytes = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("impl", impl);
    out.put("rows", rows);
    out.put("file_version", version);
    out.put("fragments", written);
    out.put("data_bytes", fileBytes);
    out.put("seconds", seconds);
    out.put("heap_live_peak", livePeak.get());
    out.put("heap_used_peak", usedPeak);
    out.put("arrow_peak", arrowPeak);
    out.put("rss_peak", vmHwm());
    out.put("max_heap", Runtime.getRuntime().maxMemory());
    System.out.println("HEAPPROBE " + new ObjectMapper().writeValueAsString(out));
  }

  private static long vmHwm() throws Exception {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /** Parent side: runs the child JVM and returns its report. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> run(String impl, Path dir, long rows, String xmx) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java,
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx" + xmx,
        "-cp", System.getProperty("java.class.path"), HeapProbe.class.getName(), impl,
        dir.toString(), Long.toString(rows)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String result = null;
    StringBuilder log = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("HEAPPROBE ")) {
          result = line.substring("HEAPPROBE ".length());
        } else {
          log.append(line).append('\n');
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || result == null) {
      throw new IllegalStateException("heap probe for " + impl + " failed (exit " + rc + "):\n"
          + log);
    }
    return new ObjectMapper().readValue(result, Map.class);
  }

}
