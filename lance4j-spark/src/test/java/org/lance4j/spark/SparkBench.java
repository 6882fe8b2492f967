package org.lance4j.spark;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lance4j.Dataset;

/**
 * Issue 16's benchmark (not a unit test: runs only with {@code -Dlance4j.bench=true}):
 * streaming throughput of the scalar mix at 100k-row micro-batches, and MERGE updating 10% of a
 * 1M-row table, each with the time split between Spark and the lance commit. Run with
 * {@code mvn -pl lance4j-spark -am test -Dtest=SparkBench -Dlance4j.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "lance4j.bench", matches = "true")
class SparkBench {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void streamingThroughput() throws Exception {
    Path dir = SparkTestSession.newDir("bench-stream");
    String uri = dir.resolve("ds").toString();
    int batches = Integer.getInteger("lance4j.bench.batches", 12);
    AtomicLong commitNanos = new AtomicLong();
    AtomicLong started = new AtomicLong();
    TaskHooks.epochCommit = (stage, epoch, version, replayed) -> {
      if (epoch < 2) {
        return; // warm-up
      }
      if (stage.equals("before")) {
        started.set(System.nanoTime());
      } else {
        commitNanos.addAndGet(System.nanoTime() - started.get());
      }
    };
    long cpu0 = cpuMillis();
    StreamingQuery q = spark.readStream().format("rate-micro-batch")
        .option("rowsPerBatch", 100_000).option("numPartitions", 2).load()
        .selectExpr("value AS id", "CAST(value % 1000 AS INT) AS i", "value * 0.5 AS d",
            "concat('name-', value) AS s", "value % 2 = 0 AS b", "timestamp AS ts")
        .writeStream().format("lance").option("checkpointLocation", dir.resolve("cp").toString())
        .trigger(Trigger.ProcessingTime(0)).start(uri);
    SparkStreamingTest.runUntil(q, batches + 1);
    long cpu = cpuMillis() - cpu0;
    TaskHooks.epochCommit = null;
    long rows = 0;
    long millis = 0;
    for (StreamingQueryProgress p : q.recentProgress()) {
      if (p.batchId() >= 2 && p.batchId() <= batches + 1) {
        rows += p.numInputRows();
        millis += p.durationMs().get("triggerExecution");
      }
    }
    double commitMs = commitNanos.get() / 1e6;
    try (Dataset ds = Dataset.open(uri)) {
      System.out.printf("BENCH streaming: %d rows in %d epochs (100k rows each) in %d ms:"
          + " %.0f rows/s; lance commit %.0f ms (%.1f%%), Spark (tasks write fragments,"
          + " planning, checkpoint) %.0f ms; JVM CPU %d ms for the whole query (with warm-up);"
          + " table %d rows, version %d; load average %s%n", rows, batches,
          millis, rows * 1000.0 / millis, commitMs, 100 * commitMs / millis, millis - commitMs,
          cpu, ds.countRows(), ds.version(), java.lang.management.ManagementFactory
              .getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** CPU time of this JVM (all threads: Spark's tasks run here in local mode), in ms. */
  static long cpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
  }

  /**
   * The 1M-row MERGE check (updates, deletes and inserts against a reference computed on
   * plain DataFrames): too slow for the unit tests on 2 shared cores, so it runs here;
   * {@link SparkMergeTest} runs the same statement and check on 100k rows.
   */
  @Test
  void mergeOfAMillionRowsMatchesTheDataFrameReference() {
    String name = "bench_merge_ref";
    String uri = SparkMergeTest.table(name, 1_000_000);
    // every 10th id matched (100k rows; a third of them deleted, the rest updated), 10k new ids
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> src = spark.range(0, 1_000_000, 10, 4)
        .union(spark.range(5_000_000, 5_010_000, 1, 1))
        .selectExpr("id", "-id as v", "concat('new', id) as s",
            "CASE WHEN id % 3 = 0 THEN 'D' ELSE 'U' END as op");
    src.createOrReplaceTempView("bench_merge_ref_src");
    long cpu0 = cpuMillis();
    long t0 = System.nanoTime();
    spark.sql(String.format(SparkMergeTest.MERGE, name, "bench_merge_ref_src"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long cpu = cpuMillis() - cpu0;
    long deleted = 1_000_000 / 10 / 3 + 1; // multiples of 30 below 1M
    try (Dataset ds = Dataset.open(uri)) {
      org.assertj.core.api.Assertions.assertThat(ds.version()).isEqualTo(2);
      org.assertj.core.api.Assertions.assertThat(ds.countRows())
          .isEqualTo(1_000_000 - deleted + 10_000);
    }
    SparkMergeTest.assertSameRows(spark.table("lance." + name).select("id", "v", "s"),
        SparkMergeTest.reference(SparkMergeTest.version(uri, 1), src));
    try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
        org.lance.Dataset lance = org.lance.Dataset.open(uri, a)) {
      org.assertj.core.api.Assertions.assertThat(lance.countRows())
          .isEqualTo(1_000_000 - deleted + 10_000);
    }
    System.out.printf("BENCH merge reference check: MERGE of 100,000 matched (%d deleted) and"
        + " 10,000 new rows into 1,000,000 rows: %d ms wall, %d ms CPU; equal to the DataFrame"
        + " reference; lance-core 7.0.0 count ok%n", deleted, ms, cpu);
  }

  @Test
  void mergeTenPercentOfAMillionRows() {
    String name = "bench_merge";
    String uri = SparkTestSession.catalogRoot().resolve(name).toString();
    spark.range(0, 1_000_000, 1, 10)
        .selectExpr("id", "CAST(id % 1000 AS INT) AS i", "id * 0.5 AS d",
            "concat('name-', id) AS s")
        .write().format("lance").option("maxRowsPerFile", 100_000).save(uri);
    for (String[] c : new String[][] {
        {"spread (every 10th id: all 10 fragments rewritten)", "id % 10 = 0"},
        {"clustered (ids 300000..399999: 1 fragment rewritten)",
            "id >= 300000 AND id < 400000"}}) {
      spark.range(0, 1_000_000, 1, 4).filter(c[1])
          .selectExpr("id", "-1 AS i", "-1.0 AS d", "'merged' AS s")
          .createOrReplaceTempView("bench_src");
      AtomicLong commitStart = new AtomicLong();
      TaskHooks.rowLevelCommit = (u, cmd) -> commitStart.set(System.nanoTime());
      long cpu0 = cpuMillis();
      long t0 = System.nanoTime();
      spark.sql("MERGE INTO lance." + name + " t USING bench_src s ON t.id = s.id"
          + " WHEN MATCHED THEN UPDATE SET i = s.i, d = s.d, s = s.s"
          + " WHEN NOT MATCHED THEN INSERT *");
      long t1 = System.nanoTime();
      long cpu = cpuMillis() - cpu0;
      TaskHooks.rowLevelCommit = null;
      try (Dataset ds = Dataset.open(uri)) {
        System.out.printf("BENCH merge %s: 100,000 of %d rows updated in %.0f ms: Spark (scan,"
            + " join, rewrite) %.0f ms, lance commit %.0f ms; %d ms CPU; version %d%n", c[0],
            ds.countRows(), (t1 - t0) / 1e6, (commitStart.get() - t0) / 1e6,
            (t1 - commitStart.get()) / 1e6, cpu, ds.version());
        System.out.println("BENCH load average " + java.lang.management.ManagementFactory
            .getOperatingSystemMXBean().getSystemLoadAverage());
      }
    }
  }
}
