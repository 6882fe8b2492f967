package org.lance4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

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

  /** Bytes lance4j has read from storage in this process so far (mapped reads included). */
  static long processReadChars() {
    return org.lance4j.internal.storage.IoStats.bytesRead();
  }
}
