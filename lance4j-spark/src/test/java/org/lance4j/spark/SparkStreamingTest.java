package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lance4j.Dataset;

/**
 * Issue 16: the Structured Streaming sink is exactly-once across a crashed driver (an epoch whose
 * commit landed but that Spark had not recorded is replayed and commits nothing) and task
 * failures; complete mode overwrites; foreachBatch with the batch writer and an idempotency key.
 */
class SparkStreamingTest {
  static final int ROWS_PER_BATCH = 40;
  private final SparkSession spark = SparkTestSession.get();

  @AfterEach
  void clearHooks() {
    TaskHooks.afterWrite = null;
    TaskHooks.epochCommit = null;
  }

  private org.apache.spark.sql.Dataset<Row> rate() {
    return spark.readStream().format("rate-micro-batch")
        .option("rowsPerBatch", ROWS_PER_BATCH).option("numPartitions", 2).load();
  }

  private StreamingQuery start(String uri, String checkpoint) throws Exception {
    return rate().writeStream().format("lance").outputMode("append")
        .option("checkpointLocation", checkpoint).trigger(Trigger.ProcessingTime(0))
        .start(uri);
  }

  /** Runs until a batch with id >= {@code batchId} has completed, then stops the query. */
  static void runUntil(StreamingQuery q, long batchId) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (q.lastProgress() == null || q.lastProgress().batchId() < batchId) {
      if (!q.isActive()) {
        throw new AssertionError("query stopped", q.exception().getOrElse(() -> null));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("query too slow: " + q.lastProgress());
      }
      Thread.sleep(20);
    }
    q.stop();
  }

  /** The {@code value} column of a table, checked to hold 0..n-1 exactly once each. */
  static long assertEachValueOnce(String uri) {
    List<Row> rows = SparkTestSession.get().read().format("lance").load(uri)
        .selectExpr("count(*)", "count(distinct value)", "min(value)", "max(value)")
        .collectAsList();
    Row r = rows.get(0);
    long n = r.getLong(0);
    assertThat(r.getLong(1)).as("distinct values (no duplicates)").isEqualTo(n);
    assertThat(r.getLong(2)).as("min value").isEqualTo(0);
    assertThat(r.getLong(3)).as("max value (no row lost)").isEqualTo(n - 1);
    return n;
  }

  @Test
  void exactlyOnceAcrossDriverCrashesAndTaskFailures() throws Exception {
    Path dir = SparkTestSession.newDir("stream");
    String uri = dir.resolve("ds").toString();
    String checkpoint = dir.resolve("checkpoint").toString();
    Map<Long, List<Boolean>> commits = new ConcurrentHashMap<>();
    TaskHooks.EpochCommit record = (stage, epoch, version, replayed) -> {
      if (stage.equals("after")) {
        commits.computeIfAbsent(epoch, e -> new CopyOnWriteArrayList<>()).add(replayed);
      }
    };

    // run 1: the driver dies after epoch 3's commit landed, before Spark records it
    TaskHooks.epochCommit = (stage, epoch, version, replayed) -> {
      record.at(stage, epoch, version, replayed);
      if (stage.equals("after") && epoch == 3) {
        throw new IllegalStateException("injected driver crash after the commit of epoch 3");
      }
    };
    StreamingQuery q1 = start(uri, checkpoint);
    assertThatThrownBy(() -> q1.awaitTermination(120_000))
        .isInstanceOf(StreamingQueryException.class).hasStackTraceContaining("epoch 3");
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(4); // epochs 0..3, one commit each
      assertThat(ds.countRows()).isEqualTo(4L * ROWS_PER_BATCH);
    }

    // run 2: restarted from the checkpoint, epoch 3 is replayed (and finds its key); tasks fail
    // (first attempts of partition 1) during the replay and the next two epochs; then the driver
    // dies with epoch 6's fragments written but not committed
    AtomicInteger taskFailures = new AtomicInteger();
    TaskHooks.afterWrite = (partition, attempt, u) -> {
      if (u.equals(uri) && partition == 1 && attempt == 0 && taskFailures.get() < 3) {
        taskFailures.incrementAndGet();
        throw new IllegalStateException("injected task failure");
      }
    };
    TaskHooks.epochCommit = (stage, epoch, version, replayed) -> {
      record.at(stage, epoch, version, replayed);
      if (stage.equals("before") && epoch == 6) {
        throw new IllegalStateException("injected driver crash before the commit of epoch 6");
      }
    };
    StreamingQuery q2 = start(uri, checkpoint);
    assertThatThrownBy(() -> q2.awaitTermination(120_000))
        .isInstanceOf(StreamingQueryException.class).hasStackTraceContaining("epoch 6");
    assertThat(taskFailures.get()).isEqualTo(3);
    assertThat(commits.get(3L)).containsExactly(false, true); // landed, then replayed: skipped
    assertThat(assertEachValueOnce(uri)).isEqualTo(6L * ROWS_PER_BATCH);

    // run 3: epoch 6 is redone, then the query runs past 10 micro-batches
    TaskHooks.afterWrite = null;
    TaskHooks.epochCommit = record;
    StreamingQuery q3 = start(uri, checkpoint);
    runUntil(q3, 10);
    long rows = assertEachValueOnce(uri);
    try (Dataset ds = Dataset.open(uri)) {
      long epochs = ds.version(); // epoch e committed as version e + 1, each exactly once
      assertThat(epochs).isGreaterThanOrEqualTo(11);
      assertThat(rows).isEqualTo(epochs * ROWS_PER_BATCH);
    }
    assertThat(commits.get(6L)).containsExactly(false);
    // official Lance (lance-core 7.0.0) reads the same rows
    try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
        org.lance.Dataset lance = org.lance.Dataset.open(uri, a)) {
      assertThat(lance.countRows()).isEqualTo(rows);
    }
    assertThat(q3.id()).isEqualTo(q1.id());
  }

  @Test
  void completeModeOverwritesTheTableEachEpoch() throws Exception {
    Path dir = SparkTestSession.newDir("complete");
    String uri = dir.resolve("ds").toString();
    StreamingQuery q = rate().selectExpr("value % 5 as k").groupBy("k").count()
        .writeStream().format("lance").outputMode("complete")
        .option("checkpointLocation", dir.resolve("cp").toString())
        .trigger(Trigger.ProcessingTime(0)).start(uri);
    runUntil(q, 2);
    try (Dataset ds = Dataset.open(uri)) {
      long epochs = ds.version();
      List<Row> rows = spark.read().format("lance").load(uri).orderBy("k").collectAsList();
      assertThat(rows).hasSize(5);
      long total = rows.stream().mapToLong(r -> r.getLong(1)).sum();
      assertThat(total).isEqualTo(epochs * ROWS_PER_BATCH);
      assertThat(ds.countRows()).isEqualTo(5);
    }
  }

  @Test
  void foreachBatchWithTheBatchWriterAndAnIdempotencyKey() throws Exception {
    Path dir = SparkTestSession.newDir("foreach");
    String uri = dir.resolve("ds").toString();
    String checkpoint = dir.resolve("cp").toString();
    AtomicInteger crashAt = new AtomicInteger(2);
    VoidFunction2<org.apache.spark.sql.Dataset<Row>, Long> sink = (batch, id) -> {
      batch.write().format("lance").mode("append")
          .option("idempotencyKey", "foreach-test/" + id).save(uri);
      if (id == crashAt.get()) {
        crashAt.set(-1);
        throw new IllegalStateException("injected crash after batch " + id + " was written");
      }
    };
    StreamingQuery q1 = rate().writeStream().foreachBatch(sink)
        .option("checkpointLocation", checkpoint).trigger(Trigger.ProcessingTime(0)).start();
    assertThatThrownBy(() -> q1.awaitTermination(120_000))
        .isInstanceOf(StreamingQueryException.class);
    assertThat(assertEachValueOnce(uri)).isEqualTo(3L * ROWS_PER_BATCH);
    StreamingQuery q2 = rate().writeStream().foreachBatch(sink)
        .option("checkpointLocation", checkpoint).trigger(Trigger.ProcessingTime(0)).start();
    runUntil(q2, 5);
    long rows = assertEachValueOnce(uri);
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(rows).isEqualTo(ds.version() * ROWS_PER_BATCH); // batch 2 rerun: no commit
    }
  }
}
