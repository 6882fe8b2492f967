package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;

/**
 * Issue 16: MERGE INTO, UPDATE and DELETE as copy-on-write row-level operations: equal to a
 * reference computed by Spark on plain DataFrames, one commit per statement, only the affected
 * fragments rewritten, and conflict-checked against concurrent writers.
 */
class SparkMergeTest {
  /** 10 fragments of 2,000 rows (what matters is which fragments a statement touches). */
  static final int ROWS = 20_000;
  /** Rows of the source that match target rows: ids 1,000..2,999 (fragments 0 and 1). */
  static final int MATCHED_FROM = 1_000;
  static final int MATCHED_TO = 3_000;
  /** The matched ids with op D: multiples of 3 in 1,000..2,999. */
  static final int DELETED = 666;
  private final SparkSession spark = SparkTestSession.get();

  @AfterEach
  void clearHook() {
    TaskHooks.rowLevelCommit = null;
  }

  /** Table lance.{name}: ids 0..19,999 in 10 fragments of 2,000 rows; returns its URI. */
  private String table(String name) {
    return table(name, ROWS);
  }

  /** Table lance.{name}: ids 0..rows-1 in 10 fragments; returns its URI. */
  static String table(String name, int rows) {
    String uri = SparkTestSession.catalogRoot().resolve(name).toString();
    SparkTestSession.get().range(0, rows, 1, 10)
        .selectExpr("id", "id * 10 as v", "concat('s', id) as s")
        .write().format("lance").option("maxRowsPerFile", rows / 10).save(uri);
    return uri;
  }

  /** Source rows: ids 1,000..2,999 (matched; op D for every third) and 1,000 new ids. */
  private org.apache.spark.sql.Dataset<Row> source(String view) {
    org.apache.spark.sql.Dataset<Row> s = spark.range(MATCHED_FROM, MATCHED_TO, 1, 2)
        .union(spark.range(1_000_000, 1_001_000, 1, 1))
        .selectExpr("id", "-id as v", "concat('new', id) as s",
            "CASE WHEN id % 3 = 0 THEN 'D' ELSE 'U' END as op");
    s.createOrReplaceTempView(view);
    return s;
  }

  static final String MERGE = "MERGE INTO lance.%s t USING %s s ON t.id = s.id"
      + " WHEN MATCHED AND s.op = 'D' THEN DELETE"
      + " WHEN MATCHED THEN UPDATE SET v = s.v, s = s.s"
      + " WHEN NOT MATCHED THEN INSERT (id, v, s) VALUES (s.id, s.v, s.s)";

  /** What MERGE gives, computed with joins on plain DataFrames. */
  static org.apache.spark.sql.Dataset<Row> reference(org.apache.spark.sql.Dataset<Row> target,
      org.apache.spark.sql.Dataset<Row> src) {
    org.apache.spark.sql.Dataset<Row> kept = target.join(src, target.col("id")
        .equalTo(src.col("id")), "left_anti");
    org.apache.spark.sql.Dataset<Row> updated = src.filter("op = 'U'")
        .join(target.select("id"), "id").select("id", "v", "s");
    org.apache.spark.sql.Dataset<Row> inserted = src.join(target, src.col("id")
        .equalTo(target.col("id")), "left_anti").select("id", "v", "s");
    return kept.union(updated).union(inserted);
  }

  static void assertSameRows(org.apache.spark.sql.Dataset<Row> actual,
      org.apache.spark.sql.Dataset<Row> expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.except(expected).count()).isZero();
    assertThat(expected.except(actual).count()).isZero();
  }

  private static Set<Long> fragmentIds(String uri) {
    Set<Long> out = new TreeSet<>();
    try (Dataset ds = Dataset.open(uri)) {
      for (Fragment f : ds.fragments()) {
        out.add(f.metadata().id());
      }
    }
    return out;
  }

  /** Data files the given versions reference (sorted, without duplicates). */
  private static List<String> referencedFiles(String uri, long... versions) {
    Set<String> out = new TreeSet<>();
    for (long v : versions) {
      referencedFiles(uri, v, out);
    }
    return new ArrayList<>(out);
  }

  private static void referencedFiles(String uri, long version, Set<String> out) {
    try (Dataset ds = Dataset.open(uri,
        org.lance4j.OpenOptions.builder().version(version).build())) {
      for (Fragment f : ds.fragments()) {
        for (DataFile d : f.metadata().files()) {
          out.add(d.path());
        }
      }
    }
  }

  static org.apache.spark.sql.Dataset<Row> version(String uri, long v) {
    return SparkTestSession.get().read().format("lance").option("versionAsOf", v).load(uri).select("id", "v", "s");
  }

  @Test
  void mergeMatchesTheDataFrameReferenceInOneCommitRewritingOnlyAffectedFragments() {
    String uri = table("merge_ref");
    org.apache.spark.sql.Dataset<Row> src = source("merge_ref_src");
    spark.sql(String.format(MERGE, "merge_ref", "merge_ref_src"));
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2); // one commit
      assertThat(ds.countRows()).isEqualTo(ROWS - DELETED + 1_000);
    }
    assertSameRows(spark.table("lance.merge_ref").select("id", "v", "s"),
        reference(version(uri, 1), src));
    try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
        org.lance.Dataset lance = org.lance.Dataset.open(uri, a)) {
      assertThat(lance.countRows()).isEqualTo(ROWS - DELETED + 1_000); // official Lance reads it
    }
    // the source matches rows of fragments 0 and 1 only: the other eight are untouched
    Set<Long> ids = fragmentIds(uri);
    assertThat(ids).contains(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L).doesNotContain(0L, 1L);
    // the old copies of fragments 0 and 1 stay until cleanup; nothing else is on disk
    assertThat(SparkTestSession.dataFiles(Path.of(uri))).isEqualTo(referencedFiles(uri, 1, 2));
  }

  @Test
  void updateAndDeleteUseTheSamePath() {
    String uri = table("merge_upd");
    // rows of fragments 0, 1 and 2 only
    spark.sql("UPDATE lance.merge_upd SET v = -v, s = 'u' WHERE id % 200 = 7 AND id < 6000");
    org.apache.spark.sql.Dataset<Row> v1 = version(uri, 1);
    assertSameRows(spark.table("lance.merge_upd").select("id", "v", "s"),
        v1.selectExpr("id", "CASE WHEN id % 200 = 7 AND id < 6000 THEN -v ELSE v END as v",
            "CASE WHEN id % 200 = 7 AND id < 6000 THEN 'u' ELSE s END as s"));
    assertThat(fragmentIds(uri)).contains(3L, 9L).doesNotContain(0L, 1L, 2L);
    // a condition lance4j cannot translate: copy-on-write delete instead of a metadata delete
    spark.sql("DELETE FROM lance.merge_upd WHERE length(s) = 1 OR id % 7919 = 1");
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(3);
    }
    assertSameRows(spark.table("lance.merge_upd").select("id", "v", "s"),
        version(uri, 2).filter("NOT (length(s) = 1 OR id % 7919 = 1)"));
  }

  @Test
  void mergeRacingAnAppendOfOtherRowsLandsBoth() throws Exception {
    String uri = table("merge_app");
    org.apache.spark.sql.Dataset<Row> src = source("merge_app_src");
    AtomicBoolean once = new AtomicBoolean();
    TaskHooks.rowLevelCommit = (u, cmd) -> {
      if (u.equals(uri) && once.compareAndSet(false, true)) {
        runInOtherThread(() -> spark.range(2_000_000, 2_000_500, 1, 1)
            .selectExpr("id", "id as v", "'appended' as s")
            .write().format("lance").mode("append").save(uri));
      }
    };
    spark.sql(String.format(MERGE, "merge_app", "merge_app_src"));
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(3); // the append (2), then the MERGE rebased on it (3)
    }
    assertSameRows(spark.table("lance.merge_app").select("id", "v", "s"),
        reference(version(uri, 1), src).union(version(uri, 2).filter("s = 'appended'")));
  }

  @Test
  void mergeRacingAMergeOfTheSameRowsFailsCleanly() throws Exception {
    String uri = table("merge_mm");
    source("merge_mm_src");
    spark.range(MATCHED_FROM, MATCHED_FROM + 200, 1, 1)
        .selectExpr("id", "0L as v", "'other' as s", "'U' as op")
        .createOrReplaceTempView("merge_mm_other");
    AtomicBoolean once = new AtomicBoolean();
    TaskHooks.rowLevelCommit = (u, cmd) -> {
      if (u.equals(uri) && once.compareAndSet(false, true)) {
        // the other MERGE runs to its commit while this one waits at its own
        runInOtherThread(() -> spark.sql(String.format(MERGE, "merge_mm", "merge_mm_other")));
      }
    };
    assertThatThrownBy(() -> spark.sql(String.format(MERGE, "merge_mm", "merge_mm_src")))
        .hasStackTraceContaining(CommitConflictException.class.getSimpleName());
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2); // only the other MERGE landed
    }
    org.apache.spark.sql.Dataset<Row> other = spark.table("merge_mm_other");
    assertSameRows(spark.table("lance.merge_mm").select("id", "v", "s"),
        reference(version(uri, 1), other));
    // the failed MERGE left no files behind (version 1's replaced file stays until cleanup)
    assertThat(SparkTestSession.dataFiles(Path.of(uri))).isEqualTo(referencedFiles(uri, 1, 2));
  }

  @Test
  void mergeOnAPathAddressedTableRunsThroughThePathCatalogAndDataFrameViewsAreRefused() {
    String uri = SparkTestSession.newDir("merge_path").resolve("ds").toString();
    spark.range(0, ROWS, 1, 10).selectExpr("id", "id * 10 as v", "concat('s', id) as s")
        .write().format("lance").option("maxRowsPerFile", ROWS / 10).save(uri);
    org.apache.spark.sql.Dataset<Row> src = source("merge_path_src");
    // a DataFrame over the path (read or temp view): Spark refuses row-level statements on it
    spark.read().format("lance").load(uri).createOrReplaceTempView("merge_path_view");
    assertThatThrownBy(() -> spark.sql(String.format(MERGE.replace("lance.%s", "%s"),
        "merge_path_view", "merge_path_src")))
        .isInstanceOf(org.apache.spark.SparkUnsupportedOperationException.class)
        .hasMessageContaining("does not support MERGE INTO TABLE");
    assertThatThrownBy(() -> spark.sql("UPDATE merge_path_view SET v = 0 WHERE id = 3"))
        .isInstanceOf(org.apache.spark.SparkUnsupportedOperationException.class)
        .hasMessageContaining("does not support UPDATE TABLE");
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(1); // nothing committed
    }
    // the SQL name of the path in the path catalog takes MERGE, UPDATE and DELETE
    String table = "lance_path.`" + uri + "`";
    spark.sql(String.format(MERGE.replace("lance.%s", "%s"), table, "merge_path_src"));
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2); // one commit
    }
    assertSameRows(spark.table(table).select("id", "v", "s"), reference(version(uri, 1), src));
    spark.sql("UPDATE " + table + " SET s = 'u' WHERE id = 3");
    spark.sql("DELETE FROM " + table + " WHERE length(s) = 1");
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(4);
      assertThat(ds.countRows()).isEqualTo(ROWS - DELETED + 1_000 - 1);
    }
    // DataFrame writes to the path still write the data's own schema (overwrite)
    spark.range(0, 10).selectExpr("CAST(id AS INT) AS other").write().format("lance")
        .mode("overwrite").save(uri);
    assertThat(spark.read().format("lance").load(uri).columns()).containsExactly("other");
  }

  private static void runInOtherThread(Runnable r) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        r.run();
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    try {
      t.join(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw new AssertionError("the concurrent writer failed", failure.get());
    }
  }
}
