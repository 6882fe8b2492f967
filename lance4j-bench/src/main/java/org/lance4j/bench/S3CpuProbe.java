package org.lance4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.s3.S3TestServer;

/**
 * Where the time of an S3 write or scan goes: both implementations against one in-process
 * S3Proxy (as {@link S3Bench}), each operation reported with its wall time and the CPU of this
 * process's threads by group ({@link ThreadCpu}: the S3Proxy server, lance4j's S3 pool and decode
 * threads, lance-core's runtime threads, the JIT, the GC). On a 2-core machine a loopback S3 run
 * is CPU-bound, so the client-side CPU per byte decides the ratio. Usage: {@code S3CpuProbe
 * [--rows N] [--rounds N] [--op write|scan|both] [--lance4j-option KEY=VALUE]...}.
 */
public final class S3CpuProbe {
  private S3CpuProbe() {}

  public static void main(String[] args) throws Exception {
    int rows = 1_000_000;
    int rounds = 5;
    String op = "both";
    Map<String, String> extra = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--op" -> op = args[++i];
        case "--lance4j-option" -> { // storage option for lance4j's side only, k=v
          String[] kv = args[++i].split("=", 2);
          extra.put(kv[0], kv[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--rows, --rounds, --op write|scan|both, --lance4j-option k=v)");
      }
    }
    S3TestServer server = S3TestServer.get();
    String bucket = server.newBucket();
    Map<String, String> direct = server.options().asMap();
    String base = "s3://" + bucket + "/";
    try (BufferAllocator allocator = new RootAllocator();
        Batches data = new Batches(new VectorRows(allocator, 0, rows, 8192), allocator)) {
      Map<String, String> ourOptions = new java.util.LinkedHashMap<>(direct);
      ourOptions.putAll(extra);
      Lance4jSide ours = new Lance4jSide(Lance4jSide.DEFAULT_VERSION, ourOptions);
      LanceCoreSide theirs = new LanceCoreSide(null, direct);
      String[] written = new String[2];
      for (int r = 0; r <= rounds; r++) {
        boolean w = !op.equals("scan") || r == 0;
        for (int s = 0; s < 2; s++) {
          int side = (r + s) % 2; // alternate who goes first
          Side<?> sd = side == 0 ? ours : theirs;
          String what;
          ThreadCpu.Snapshot c0 = ThreadCpu.snapshot();
          long t0 = System.nanoTime();
          if (w) {
            written[side] = base + sd.name() + "-w" + r;
            write(sd, data, written[side], allocator);
            what = "write";
          } else {
            DataBench.check(sd.scan(written[1], null, allocator), rows, "scan");
            what = "scan lance-core's files";
          }
          double wall = (System.nanoTime() - t0) / 1e9;
          ThreadCpu.Snapshot c1 = ThreadCpu.snapshot();
          System.out.printf("round %d %-10s %-24s wall %.3f s | cpu %s%n", r, sd.name(), what,
              wall, ThreadCpu.format(ThreadCpu.delta(c0, c1)));
        }
        if (op.equals("both") && r == 0) {
          op = "scan"; // round 0 wrote the datasets; scans follow in rounds 1..N
        }
      }
    }
    System.exit(0); // S3Proxy's threads
  }

  private static <F> void write(Side<F> side, Batches data, String uri, BufferAllocator a)
      throws Exception {
    int half = data.batches.size() / 2;
    Future<F> x = WRITERS.submit(() -> side.writeFragments(uri, data, 0, half, 1024 * 1024, a));
    Future<F> y = WRITERS.submit(() -> side.writeFragments(uri, data, half, data.batches.size(),
        1024 * 1024, a));
    List<F> parts = new ArrayList<>(List.of(x.get(), y.get()));
    side.overwrite(uri, data.schema, side.concat(parts), a);
  }

  /** The two writer threads, alive for the whole run (so their CPU stays in the snapshots). */
  private static final ExecutorService WRITERS = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "bench-writer");
    t.setDaemon(true);
    return t;
  });
}
