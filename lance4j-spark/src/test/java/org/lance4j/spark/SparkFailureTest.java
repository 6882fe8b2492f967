package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/** Failed tasks, retried tasks and a write racing a concurrent overwrite. */
class SparkFailureTest {
  private final SparkSession spark = SparkTestSession.get();

  @AfterEach
  void clearHook() {
    TaskHooks.afterWrite = null;
  }

  private org.apache.spark.sql.Dataset<Row> rows(long from, long to) {
    return spark.range(from, to, 1, 4).selectExpr("id", "concat('v', id) as s");
  }

  private static List<String> referencedFiles(String uri) {
    List<String> out = new ArrayList<>();
    try (Dataset ds = Dataset.open(uri)) {
      for (Fragment f : ds.fragments()) {
        for (DataFile d : f.metadata().files()) {
          out.add(d.path());
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void failedJobLeavesDatasetUnchangedAndNoOrphans() {
    Path dir = SparkTestSession.newDir("fail").resolve("ds");
    String uri = dir.toString();
    rows(0, 1000).write().format("lance").save(uri);
    List<String> before = SparkTestSession.dataFiles(dir);
    AtomicInteger calls = new AtomicInteger();
    TaskHooks.afterWrite = (partition, attempt, u) -> {
      calls.incrementAndGet();
      if (partition == 2) {
        throw new IllegalStateException("injected failure after writing partition 2");
      }
    };
    assertThatThrownBy(() -> rows(1000, 5000).write().format("lance").mode("append").save(uri))
        .hasStackTraceContaining("injected failure");
    assertThat(calls.get()).isGreaterThanOrEqualTo(2); // partition 2 was tried twice
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(1);
      assertThat(ds.countRows()).isEqualTo(1000);
    }
    assertThat(SparkTestSession.dataFiles(dir)).isEqualTo(before);
    assertThat(before).isEqualTo(referencedFiles(uri));
  }

  @Test
  void retriedTaskContributesItsRowsOnce() {
    Path dir = SparkTestSession.newDir("retry").resolve("ds");
    String uri = dir.toString();
    AtomicBoolean failed = new AtomicBoolean();
    TaskHooks.afterWrite = (partition, attempt, u) -> {
      if (partition == 1 && attempt == 0 && failed.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure of the first attempt of partition 1");
      }
    };
    rows(0, 4000).write().format("lance").save(uri);
    assertThat(failed.get()).isTrue();
    Row r = spark.read().format("lance").load(uri)
        .selectExpr("count(*)", "count(distinct id)", "sum(id)").first();
    assertThat(r.getLong(0)).isEqualTo(4000);
    assertThat(r.getLong(1)).isEqualTo(4000);
    assertThat(r.getLong(2)).isEqualTo(4000L * 3999 / 2);
    assertThat(SparkTestSession.dataFiles(dir)).isEqualTo(referencedFiles(uri));
  }

  @Test
  void appendRacingAnOverwriteFailsWithTheConflictAndLosesNothing() {
    Path dir = SparkTestSession.newDir("race").resolve("ds");
    String uri = dir.toString();
    rows(0, 100).write().format("lance").save(uri);
    List<String> version1Files = SparkTestSession.dataFiles(dir);
    AtomicBoolean raced = new AtomicBoolean();
    // while the Spark job runs, another writer replaces the dataset (version 2)
    TaskHooks.afterWrite = (partition, attempt, u) -> {
      if (raced.compareAndSet(false, true)) {
        overwriteOutsideSpark(u);
      }
    };
    assertThatThrownBy(() -> rows(100, 200).write().format("lance").mode("append").save(uri))
        .satisfies(e -> assertThat(hasCause(e, CommitConflictException.class))
            .as("cause chain of %s", e).isTrue());
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(3);
    }
    assertThat(spark.read().format("lance").load(uri).orderBy("id").collectAsList().toString())
        .isEqualTo("[[-3,other-3], [-2,other-2], [-1,other-1]]");
    // the failed job's files are gone; the other writer's files are intact
    List<String> expected = new ArrayList<>(version1Files);
    expected.addAll(referencedFiles(uri));
    expected.sort(null);
    assertThat(SparkTestSession.dataFiles(dir)).isEqualTo(expected);
  }

  /** A commit by someone else: three rows, replacing the dataset. */
  private static void overwriteOutsideSpark(String uri) {
    try (RootAllocator allocator = new RootAllocator();
         BigIntVector id = new BigIntVector("id", allocator);
         VarCharVector s = new VarCharVector("s", allocator)) {
      id.allocateNew(3);
      s.allocateNew(3);
      for (int i = 0; i < 3; i++) {
        id.set(i, -(i + 1));
        s.setSafe(i, ("other-" + (i + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      id.setValueCount(3);
      s.setValueCount(3);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(id, s)) {
        List<FragmentMetadata> frags = Fragments.write(uri, root,
            WriteOptions.builder().mode(WriteOptions.Mode.OVERWRITE).build());
        try (Dataset current = Dataset.open(uri)) {
          Dataset.commit(uri, new Operation.Overwrite(root.getSchema(), frags), current.version());
        }
      }
    }
  }

  private static boolean hasCause(Throwable t, Class<?> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
