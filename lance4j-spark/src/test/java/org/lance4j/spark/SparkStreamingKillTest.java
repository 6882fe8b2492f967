package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;

/**
 * Issue 16: a streaming query whose driver is killed (SIGKILL: no shutdown hook, no clean stop)
 * in the middle of epochs and restarted from its checkpoint writes every generated row exactly
 * once. The driver runs in a child JVM ({@link StreamingKillChild}) that is killed three times:
 * after an epoch's commit landed but before Spark recorded the epoch (epoch 2), after an epoch's
 * tasks wrote their fragments but before the commit (epoch 4), and at an arbitrary moment (once
 * epoch 6 committed); the fourth run, in this JVM, continues from the same checkpoint past 10
 * micro-batches. (Each state needs one kill; more epochs between them add time, not states.)
 */
class SparkStreamingKillTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void killedDriverRestartedFromItsCheckpointWritesEachRowOnce() throws Exception {
    Path dir = SparkTestSession.newDir("stream-kill");
    String uri = dir.resolve("ds").toString();
    String checkpoint = dir.resolve("checkpoint").toString();
    Path cp = Path.of(checkpoint);

    // run 1: killed after epoch 2's commit landed, before Spark wrote commits/2
    Path m1 = Files.createDirectory(dir.resolve("run1"));
    Process p1 = child(uri, checkpoint, m1, "hang-after", 2);
    long landed = Long.parseLong(await(p1, m1.resolve("landed-2")));
    kill(p1);
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(landed);
    }
    assertThat(cp.resolve("offsets").resolve("2")).exists();
    assertThat(cp.resolve("commits").resolve("2")).doesNotExist();
    String queryId = read(m1.resolve("query"));

    // run 2: epoch 2 is replayed and commits nothing; killed when epoch 4's tasks have written
    // their fragments and the driver is about to commit them
    Path m2 = Files.createDirectory(dir.resolve("run2"));
    Process p2 = child(uri, checkpoint, m2, "hang-before", 4);
    await(p2, m2.resolve("writing-4"));
    kill(p2);
    assertThat(read(m2.resolve("committed-2"))).isEqualTo("replayed");
    assertThat(read(m2.resolve("query"))).isEqualTo(queryId);
    long beforeRun3;
    try (Dataset ds = Dataset.open(uri)) {
      beforeRun3 = ds.version();
      assertThat(ds.countRows()).isEqualTo(4L * StreamingKillChild.ROWS_PER_BATCH); // 0..3
    }
    Set<String> orphans = new TreeSet<>(SparkTestSession.dataFiles(Path.of(uri)));
    orphans.removeAll(referencedFiles(uri));
    assertThat(orphans).as("epoch 4's fragments, written but not committed").isNotEmpty();
    assertThat(cp.resolve("commits").resolve("4")).doesNotExist();

    // run 3: killed at an arbitrary moment once epoch 6 committed
    Path m3 = Files.createDirectory(dir.resolve("run3"));
    Process p3 = child(uri, checkpoint, m3, "run", -1);
    await(p3, m3.resolve("committed-6"));
    Thread.sleep(ThreadLocalRandom.current().nextInt(400));
    kill(p3);
    assertThat(read(m3.resolve("committed-4"))).isNotEqualTo("replayed"); // redone, committed
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isGreaterThan(beforeRun3);
    }

    // run 4, in this JVM: from the same checkpoint past 10 micro-batches, then a clean stop
    long t4 = System.nanoTime();
    long cpu4 = SparkBench.cpuMillis();
    StreamingQuery q = StreamingKillChild.start(spark, uri, checkpoint);
    SparkStreamingTest.runUntil(q, 10);
    System.out.printf("SparkStreamingKillTest: in-process run to batch %d in %d ms, CPU %d ms%n",
        q.lastProgress().batchId(), (System.nanoTime() - t4) / 1_000_000,
        SparkBench.cpuMillis() - cpu4);
    assertThat(q.id().toString()).isEqualTo(queryId);
    long rows = SparkStreamingTest.assertEachValueOnce(uri);
    long epochs = q.lastProgress().batchId() + 1;
    assertThat(epochs).isGreaterThanOrEqualTo(11);
    assertThat(rows).isEqualTo(epochs * StreamingKillChild.ROWS_PER_BATCH);
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(epochs); // epoch e is version e + 1, committed once
      assertThat(ds.countRows()).isEqualTo(rows);
    }
    // lance-core 7.0.0 reads the same rows
    try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
        org.lance.Dataset lance = org.lance.Dataset.open(uri, a)) {
      assertThat(lance.countRows()).isEqualTo(rows);
    }
  }

  /** Starts {@link StreamingKillChild} in a child JVM on this JVM's class path and flags. */
  private static Process child(String uri, String checkpoint, Path markers, String mode,
      long epoch) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-exports")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")
          || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), StreamingKillChild.class.getName(), uri,
        checkpoint, markers.toString(), mode, Long.toString(epoch)));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(markers.resolve("child.log").toFile()).start();
  }

  /** Waits for a marker file of a running child; returns its content. */
  private static String await(Process p, Path marker) throws Exception {
    // generous: on a loaded machine a child's Spark start-up alone can take a minute
    long deadline = System.currentTimeMillis() + 180_000;
    while (!Files.exists(marker)) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("child " + (p.isAlive() ? "too slow" : "exited with "
            + p.exitValue()) + " before " + marker.getFileName() + "; its log:\n"
            + tail(marker.resolveSibling("child.log")));
      }
      Thread.sleep(20);
    }
    return read(marker);
  }

  /** SIGKILL: the JVM dies without running shutdown hooks or stopping the query. */
  private static void kill(Process p) throws Exception {
    System.out.printf("SparkStreamingKillTest: killing child %d after %s, CPU %s%n", p.pid(),
        p.info().startInstant().map(t -> java.time.Duration.between(t,
            java.time.Instant.now())).orElse(null), p.info().totalCpuDuration().orElse(null));
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(137); // 128 + SIGKILL
  }

  private static String read(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static String tail(Path log) throws Exception {
    if (!Files.exists(log)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static Set<String> referencedFiles(String uri) {
    Set<String> out = new TreeSet<>();
    try (Dataset ds = Dataset.open(uri)) {
      for (Fragment f : ds.fragments()) {
        for (DataFile d : f.metadata().files()) {
          out.add(d.path());
        }
      }
    }
    return out;
  }
}
