package org.lance4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming driver that {@link SparkStreamingKillTest} runs in a child JVM and kills with
 * SIGKILL. {@code main(uri, checkpoint, markerDir, mode, epoch)}; the child reports through
 * marker files in {@code markerDir} (written atomically):
 * <ul>
 *   <li>{@code query} (the query id), {@code committed-E} after epoch E's commit (content: the
 *       version, or {@code replayed} when the epoch's key had already landed);
 *   <li>mode {@code hang-after}: after epoch {@code epoch} landed, {@code landed-E} (content: the
 *       version), then the driver's stream thread stops there until the JVM is killed (the
 *       commit is in the table, Spark has not recorded the epoch in its checkpoint);
 *   <li>mode {@code hang-before}: when epoch {@code epoch}'s tasks have written their fragments
 *       and the driver is about to commit, {@code writing-E}, then it stops there;
 *   <li>mode {@code run}: no stop; the parent kills it at an arbitrary moment.
 * </ul>
 */
public final class StreamingKillChild {
  static final int ROWS_PER_BATCH = 500;

  private StreamingKillChild() {}

  /** The query of every run (child or in-process): rate source with row ids, 2 partitions. */
  static StreamingQuery start(SparkSession spark, String uri, String checkpoint)
      throws Exception {
    org.apache.spark.sql.Dataset<Row> rate = spark.readStream().format("rate-micro-batch")
        .option("rowsPerBatch", ROWS_PER_BATCH).option("numPartitions", 2).load();
    return rate.selectExpr("value", "value % 7 AS k", "concat('row-', value) AS s")
        .writeStream().format("lance").outputMode("append")
        .option("checkpointLocation", checkpoint).trigger(Trigger.ProcessingTime(0))
        .start(uri);
  }

  static void marker(Path dir, String name, String content) {
    try {
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String checkpoint = args[1];
    Path markers = Path.of(args[2]);
    String mode = args[3];
    long stopAt = Long.parseLong(args[4]);
    TaskHooks.epochCommit = (stage, epoch, version, replayed) -> {
      if (stage.equals("before")) {
        if (mode.equals("hang-before") && epoch == stopAt) {
          marker(markers, "writing-" + epoch, "");
          hang();
        }
        return;
      }
      marker(markers, "committed-" + epoch, replayed ? "replayed" : Long.toString(version));
      if (mode.equals("hang-after") && epoch == stopAt) {
        marker(markers, "landed-" + epoch, Long.toString(version));
        hang();
      }
    };
    SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("lance4j-streaming-kill-child").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    StreamingQuery q = start(spark, uri, checkpoint);
    marker(markers, "query", q.id().toString());
    q.awaitTermination(); // until killed
  }

  private static void hang() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
