package org.lance4j.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.Dataset;
import org.lance4j.Operation;
import org.lance4j.s3.S3TestServer;
import org.lance4j.storage.DroppingProxy;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * lance4j and lance-core 7.0.0 on the same S3 server: S3Proxy (filesystem-nio2 backend) on
 * loopback, started in this JVM. Workloads: write of {@code --rows} vector rows (2 writer threads
 * + an Overwrite commit), full scan of the dataset lance-core wrote (both read the same objects),
 * open of a dataset with {@code --versions} versions, latency of an Append commit. Timed runs go
 * straight to the server; afterwards each operation runs once more per implementation through a
 * counting proxy ({@link DroppingProxy#requestCounts()}) for the HTTP requests it costs. Its own
 * main: {@code java -cp ... org.lance4j.bench.S3Bench [--rows N] [--versions N] [--iterations N]
 * [--warmup N] [--commit-rounds N] [--json FILE]}.
 */
public final class S3Bench {
  private S3Bench() {}

  public static void main(String[] args) throws Exception {
    int rows = 1_000_000;
    int versions = 1_000;
    int iterations = 7;
    int warmup = 1;
    int commitRounds = 15;
    Path json = Path.of("lance4j-s3-bench-results.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--versions" -> versions = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--commit-rounds" -> commitRounds = Integer.parseInt(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--rows, --versions, --iterations, --warmup, --commit-rounds, --json)");
      }
    }
    Report report = run(rows, versions, iterations, warmup, commitRounds);
    report.writeJson(json.toFile());
    System.out.println();
    System.out.print(report.table());
    System.out.println("results: " + json.toAbsolutePath());
    System.exit(0); // S3Proxy's threads
  }

  static Report run(int rows, int versions, int iterations, int warmup, int commitRounds)
      throws Exception {
    Report report = new Report();
    report.info.putAll(BenchMain.machine());
    report.info.put("load_average_start", loadAverage());
    report.info.put("method", "harness (not JMH): " + warmup + " warm-up + " + iterations
        + " measured rounds (commit: " + commitRounds + " + " + commitRounds
        + "), alternating first place, median; S3Proxy 4.1.0 filesystem-nio2 on 127.0.0.1;"
        + " request counts from one extra run per operation through a counting TCP proxy");
    S3TestServer server = S3TestServer.get();
    String bucket = server.newBucket();
    Map<String, String> direct = server.options().asMap();
    Harness h = new Harness(warmup, iterations, true);
    Map<String, Object> counts = new LinkedHashMap<>();
    try (BufferAllocator allocator = new RootAllocator();
        DroppingProxy proxy = new DroppingProxy(server.endpoint());
        Batches data = new Batches(new VectorRows(allocator, 0, rows, 8192), allocator)) {
      Map<String, String> counted = S3TestServer.options(proxy.endpoint()).asMap();
      Lance4jSide ours = new Lance4jSide(Lance4jSide.DEFAULT_VERSION, direct);
      LanceCoreSide theirs = new LanceCoreSide(null, direct);
      Lance4jSide oursCounted = new Lance4jSide(Lance4jSide.DEFAULT_VERSION, counted);
      LanceCoreSide theirsCounted = new LanceCoreSide(null, counted);
      String base = "s3://" + bucket + "/";

      // 1. write
      List<String> earlier = new ArrayList<>();
      String[] last = new String[2];
      int[] lastRound = {Integer.MIN_VALUE};
      List<List<Double>> w = h.pair("write vectors",
          round -> {
            if (round != lastRound[0]) {
              for (String d : earlier) {
                deletePrefix(server, bucket, d);
              }
              earlier.clear();
              lastRound[0] = round;
            }
          },
          round -> earlier.add(last[0] = write(ours, data, base + "l4j-w" + round, allocator)),
          round -> earlier.add(last[1] = write(theirs, data, base + "core-w" + round,
              allocator)));
      report.add(new Report.Row("S3 write vectors (rows)", Report.Kind.THROUGHPUT, data.rows,
          "rows", w.get(0), w.get(1), ">= 1x"));
      report.add(new Report.Row("S3 write vectors (MB of Arrow buffers)", Report.Kind.THROUGHPUT,
          data.bytes / 1e6, "MB", w.get(0), w.get(1), ">= 1x"));
      counts.put("write", pairCounts(proxy,
          () -> write(oursCounted, data, base + "l4j-counted", allocator),
          () -> write(theirsCounted, data, base + "core-counted", allocator)));
      deletePrefix(server, bucket, base + "l4j-counted");
      deletePrefix(server, bucket, base + "core-counted");

      // 2. full scan of the same objects (lance-core's dataset)
      String scanned = last[1];
      List<List<Double>> s = h.pair("full scan vectors",
          round -> DataBench.check(ours.scan(scanned, null, allocator), rows, "lance4j scan"),
          round -> DataBench.check(theirs.scan(scanned, null, allocator), rows,
              "lance-core scan"));
      report.add(new Report.Row("S3 full scan vectors, lance-core's 2.1 files (rows)",
          Report.Kind.THROUGHPUT, data.rows, "rows", s.get(0), s.get(1), ">= 1x"));
      List<List<Double>> s2 = h.pair("full scan vectors, each its own",
          round -> DataBench.check(ours.scan(last[0], null, allocator), rows, "lance4j scan"),
          round -> DataBench.check(theirs.scan(last[1], null, allocator), rows,
              "lance-core scan"));
      report.add(new Report.Row("S3 full scan vectors, each its own 2.1 files (rows)",
          Report.Kind.THROUGHPUT, data.rows, "rows", s2.get(0), s2.get(1), null));
      counts.put("full scan (lance-core's dataset)", pairCounts(proxy,
          () -> oursCounted.scan(scanned, null, allocator),
          () -> theirsCounted.scan(scanned, null, allocator)));
      long[] idx = DataBench.randomIndices(rows, 200, 17);
      counts.put("take 200 random rows (lance-core's dataset)", pairCounts(proxy,
          () -> oursCounted.take(scanned, idx, null, allocator),
          () -> theirsCounted.take(scanned, idx, null, allocator)));
      for (String d : earlier) {
        deletePrefix(server, bucket, d);
      }

      // 3. open of a dataset with many versions (built by lance4j, untimed)
      String many = base + "versions";
      long t0 = System.nanoTime();
      buildVersions(many, versions, direct);
      report.info.put("versions_build_seconds", (System.nanoTime() - t0) / 1e9);
      Harness opens = new Harness(Math.max(warmup, 3), Math.max(iterations, 15), false);
      List<List<Double>> o = opens.pair("open " + versions + " versions",
          round -> DataBench.check(ours.latestVersion(many, allocator), versions, "lance4j open"),
          round -> DataBench.check(theirs.latestVersion(many, allocator), versions,
              "lance-core open"));
      report.add(new Report.Row("S3 open latest of " + versions + " versions",
          Report.Kind.LATENCY, 1, "open", o.get(0), o.get(1), "<= 1x"));
      counts.put("open latest of " + versions + " versions", pairCounts(proxy,
          () -> oursCounted.latestVersion(many, allocator),
          () -> theirsCounted.latestVersion(many, allocator)));

      // 4. commit latency of an Append of one fragment, each on its own dataset of 10 fragments
      try (Batches small = new Batches(new VectorRows(allocator, 0, 1_000, 100), allocator);
          Batches one = new Batches(new VectorRows(allocator, 0, 10, 10), allocator)) {
        String oc = base + "commit-l4j";
        String tc = base + "commit-core";
        long[] ov = {create(ours, small, oc, allocator)};
        long[] tv = {create(theirs, small, tc, allocator)};
        Object[] next = new Object[2];
        Harness commits = new Harness(commitRounds, commitRounds, false);
        List<List<Double>> c = commits.pair("commit Append",
            round -> {
              next[0] = ours.writeFragments(oc, one, 0, one.batches.size(), 1 << 20, allocator);
              next[1] = theirs.writeFragments(tc, one, 0, one.batches.size(), 1 << 20,
                  allocator);
            },
            round -> ov[0] = appendOurs(ours, oc, next[0], ov[0], allocator),
            round -> tv[0] = appendTheirs(theirs, tc, next[1], tv[0], allocator));
        report.add(new Report.Row("S3 commit Append of 1 fragment on 10", Report.Kind.LATENCY,
            1, "commit", c.get(0), c.get(1), "<= 1x"));
        Object fo = ours.writeFragments(oc, one, 0, one.batches.size(), 1 << 20, allocator);
        Object ft = theirs.writeFragments(tc, one, 0, one.batches.size(), 1 << 20, allocator);
        counts.put("commit Append", pairCounts(proxy,
            () -> ov[0] = appendOurs(oursCounted, oc, fo, ov[0], allocator),
            () -> tv[0] = appendTheirs(theirsCounted, tc, ft, tv[0], allocator)));
        DataBench.check(ours.countRows(oc, allocator), 1_000 + 10L * (2 * commitRounds + 1),
            "lance4j appends");
        DataBench.check(theirs.countRows(tc, allocator), 1_000 + 10L * (2 * commitRounds + 1),
            "lance-core appends");
      }
    }
    report.info.put("load_average_end", loadAverage());
    report.extra.put("http_requests", counts);
    System.out.println("HTTP requests per operation (lance4j | lance-core): ");
    counts.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    return report;
  }

  @SuppressWarnings("unchecked")
  private static long appendOurs(Lance4jSide side, String uri, Object f, long v,
      BufferAllocator a) {
    return side.append(uri, (List<org.lance4j.FragmentMetadata>) f, v, a);
  }

  @SuppressWarnings("unchecked")
  private static long appendTheirs(LanceCoreSide side, String uri, Object f, long v,
      BufferAllocator a) {
    return side.append(uri, (List<org.lance.FragmentMetadata>) f, v, a);
  }

  private interface Op {
    Object run() throws Exception;
  }

  /** One run of each through the proxy: {lance4j: {GET: n, ...}, lance-core: {...}}. */
  private static Map<String, Object> pairCounts(DroppingProxy proxy, Op ours, Op theirs)
      throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    proxy.resetCounts();
    ours.run();
    org.lance4j.storage.HintWrites.awaitProcess(10_000); // a commit's hint, written behind it
    m.put("lance4j", withTotal(proxy.requestCounts()));
    proxy.resetCounts();
    theirs.run();
    m.put("lance-core", withTotal(proxy.requestCounts()));
    return m;
  }

  private static Map<String, Long> withTotal(Map<String, Long> c) {
    Map<String, Long> out = new LinkedHashMap<>(c);
    out.put("total", c.values().stream().mapToLong(Long::longValue).sum());
    return out;
  }

  private static <F> String write(Side<F> side, Batches data, String uri, BufferAllocator a)
      throws Exception {
    int half = data.batches.size() / 2;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<F> x = pool.submit(() -> side.writeFragments(uri, data, 0, half, 1024 * 1024, a));
      Future<F> y = pool.submit(() -> side.writeFragments(uri, data, half, data.batches.size(),
          1024 * 1024, a));
      side.overwrite(uri, data.schema, side.concat(List.of(x.get(), y.get())), a);
    } finally {
      pool.shutdown();
    }
    DataBench.check(side.countRows(uri, a), data.rows, side.name() + " write");
    return uri;
  }

  /** A dataset of 10 fragments of 100 rows; returns its version. */
  private static <F> long create(Side<F> side, Batches data, String uri, BufferAllocator a)
      throws Exception {
    F f = side.writeFragments(uri, data, 0, data.batches.size(), 100, a);
    return side.overwrite(uri, data.schema, f, a);
  }

  /** 100 rows at version 1, then config-only commits up to {@code versions}. */
  private static void buildVersions(String uri, int versions, Map<String, String> storage)
      throws Exception {
    org.lance4j.StorageOptions so = org.lance4j.StorageOptions.of(storage);
    org.lance4j.CommitOptions co = org.lance4j.CommitOptions.builder().storageOptions(so)
        .build();
    try (BufferAllocator a = new RootAllocator();
        Batches b = new Batches(new VectorRows(a, 0, 100, 100), a)) {
      Lance4jSide side = new Lance4jSide(Lance4jSide.DEFAULT_VERSION, storage);
      side.overwrite(uri, b.schema, side.writeFragments(uri, b, 0, 1, 100, a), a);
    }
    for (long v = 2; v <= versions; v++) {
      Dataset.commit(uri, new Operation.UpdateConfig(Map.of("bench.v", Long.toString(v)),
          List.of()), v - 1, co).close();
    }
  }

  /** Deletes every object under an s3://bucket/prefix URI. */
  private static void deletePrefix(S3TestServer server, String bucket, String uri) {
    String prefix = URI.create(uri).getPath().substring(1) + "/";
    var client = server.client();
    for (var page : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
      List<ObjectIdentifier> ids = page.contents().stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      for (ObjectIdentifier id : ids) {
        client.deleteObject(d -> d.bucket(bucket).key(id.key()));
      }
    }
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
