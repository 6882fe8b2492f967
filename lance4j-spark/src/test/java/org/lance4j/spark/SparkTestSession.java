package org.lance4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One local Spark session for all test classes: {@code local[2,2]} (two cores, a failed task is
 * retried once), catalog {@code lance} rooted in a temporary directory.
 */
final class SparkTestSession {
  private static SparkSession spark;
  private static Path root;

  private SparkTestSession() {}

  static synchronized SparkSession get() {
    if (spark == null) {
      try {
        root = Files.createTempDirectory("lance4j-spark");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spark = SparkSession.builder()
          .master("local[2,2]")
          .appName("lance4j-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.catalog.lance", LanceCatalog.class.getName())
          .config("spark.sql.catalog.lance.root", root.resolve("catalog").toString())
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        spark.stop();
        deleteTree(root);
      }));
    }
    return spark;
  }

  /** A fresh directory for one test's datasets. */
  static synchronized Path newDir(String name) {
    get();
    try {
      return Files.createTempDirectory(root, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path catalogRoot() {
    get();
    return root.resolve("catalog");
  }

  /** File names in a dataset's data directory, sorted. */
  static List<String> dataFiles(Path dataset) {
    Path data = dataset.resolve("data");
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(data)) {
      return out;
    }
    try (Stream<Path> s = Files.list(data)) {
      s.forEach(p -> out.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  static void deleteTree(Path p) {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    } catch (IOException e) {
      // best effort
    }
  }

  /**
   * Runs {@code query} (without collecting its rows) and returns the bytes its lance scans read
   * from storage, from the connector's scan metric ({@link BytesReadMetric}).
   */
  static long scanBytes(Dataset<Row> query) {
    query.queryExecution().toRdd().count();
    SparkPlan plan = query.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      plan = adaptive.executedPlan();
    }
    long bytes = 0;
    int scans = 0;
    for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      Option<SQLMetric> m = leaf.metrics().get(BytesReadMetric.NAME);
      if (m.isDefined()) {
        scans++;
        bytes += m.get().value();
      }
    }
    if (scans == 0) {
      throw new AssertionError("no lance scan with a bytes-read metric in " + plan);
    }
    return bytes;
  }
}
