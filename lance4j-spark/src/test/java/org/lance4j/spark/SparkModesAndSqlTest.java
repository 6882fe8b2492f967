package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.lance4j.Dataset;

/** Save modes on paths, and SQL through LanceCatalog. */
class SparkModesAndSqlTest {
  private final SparkSession spark = SparkTestSession.get();

  private org.apache.spark.sql.Dataset<Row> rows(long from, long to) {
    return spark.range(from, to, 1, 2).selectExpr("id", "concat('v', id) as s");
  }

  private List<Long> ids(String uri) {
    return spark.read().format("lance").load(uri).orderBy("id").select("id").as(
        org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }

  private static long version(String uri) {
    try (Dataset ds = Dataset.open(uri)) {
      return ds.version();
    }
  }

  @Test
  void saveModes() {
    String uri = SparkTestSession.newDir("modes").resolve("ds").toString();
    rows(0, 10).write().format("lance").save(uri); // default: errorIfExists on a new path
    assertThat(version(uri)).isEqualTo(1);
    assertThat(ids(uri)).hasSize(10);

    assertThatThrownBy(() -> rows(0, 5).write().format("lance").mode("errorifexists").save(uri))
        .hasMessageContaining("already exists");
    assertThat(version(uri)).isEqualTo(1);

    rows(100, 105).write().format("lance").mode("ignore").save(uri);
    assertThat(version(uri)).isEqualTo(1);
    assertThat(ids(uri)).hasSize(10);

    rows(10, 15).write().format("lance").mode("append").save(uri);
    assertThat(version(uri)).isEqualTo(2);
    assertThat(ids(uri)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L,
        13L, 14L);

    // columns in another order are matched by name
    rows(15, 17).selectExpr("s", "id").write().format("lance").mode("append").save(uri);
    assertThat(spark.read().format("lance").load(uri).filter("id >= 15").orderBy("id")
        .collectAsList()).containsExactly(Row(15L, "v15"), Row(16L, "v16"));

    spark.range(0, 3).selectExpr("id * 2 as x").write().format("lance").mode("overwrite")
        .save(uri);
    assertThat(version(uri)).isEqualTo(4);
    assertThat(spark.read().format("lance").load(uri).orderBy("x").collectAsList())
        .containsExactly(Row(0L), Row(2L), Row(4L));

    // time travel
    assertThat(spark.read().format("lance").option("versionAsOf", "2").load(uri).count())
        .isEqualTo(15);
    // ... and to a tag
    try (Dataset ds = Dataset.open(uri)) {
      ds.tags().create("two", 2);
    }
    assertThat(spark.read().format("lance").option("versionAsOf", "two").load(uri).count())
        .isEqualTo(15);
    assertThatThrownBy(() -> spark.read().format("lance").option("versionAsOf", "nope").load(uri)
        .count()).hasMessageContaining("no tag 'nope'");

    String fresh = SparkTestSession.newDir("ignore").resolve("ds").toString();
    rows(0, 4).write().format("lance").mode("ignore").save(fresh);
    assertThat(ids(fresh)).containsExactly(0L, 1L, 2L, 3L);
    String appended = SparkTestSession.newDir("append").resolve("ds").toString();
    rows(0, 2).write().format("lance").mode("append").save(appended);
    assertThat(ids(appended)).containsExactly(0L, 1L);
  }

  private static Row Row(Object... values) {
    return org.apache.spark.sql.RowFactory.create(values);
  }

  @Test
  void sqlThroughTheCatalog() {
    spark.sql("CREATE TABLE lance.sqltest (id BIGINT, name STRING, vec ARRAY<FLOAT>) USING lance"
        + " TBLPROPERTIES ('vector.dim.vec' = '2')");
    String uri = SparkTestSession.catalogRoot().resolve("sqltest").toString();
    assertThat(version(uri)).isEqualTo(1);
    spark.sql("INSERT INTO lance.sqltest VALUES (1, 'a', array(1.0, 2.0)), (2, 'b', array(3.0, 4.0))");
    spark.sql("INSERT INTO lance.sqltest SELECT 3, 'c''s', array(5.0, 6.0)");
    assertThat(spark.sql("SELECT id, name, vec FROM lance.sqltest ORDER BY id").collectAsList()
        .toString()).isEqualTo("[[1,a,ArraySeq(1.0, 2.0)], [2,b,ArraySeq(3.0, 4.0)],"
            + " [3,c's,ArraySeq(5.0, 6.0)]]");
    assertThat(spark.sql("SELECT id FROM lance.sqltest WHERE name = 'c''s'").collectAsList())
        .containsExactly(Row(3L));
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.schema().findField("vec").getType().toString()).contains("FixedSizeList(2)");
    }

    spark.sql("INSERT OVERWRITE lance.sqltest SELECT 9, 'z', array(0.0, 0.5)");
    assertThat(spark.sql("SELECT id, name FROM lance.sqltest").collectAsList())
        .containsExactly(Row(9L, "z"));
    assertThat(spark.sql("SELECT count(*) FROM lance.sqltest VERSION AS OF 3").first().getLong(0))
        .isEqualTo(3);
    try (Dataset ds = Dataset.open(SparkTestSession.catalogRoot().resolve("sqltest").toString())) {
      ds.tags().create("before-overwrite", 3);
    }
    assertThat(spark.sql("SELECT count(*) FROM lance.sqltest VERSION AS OF 'before-overwrite'")
        .first().getLong(0)).isEqualTo(3);

    spark.sql("CREATE TABLE lance.ctas USING lance AS SELECT id, id * 10 AS ten FROM range(5)");
    String ctas = SparkTestSession.catalogRoot().resolve("ctas").toString();
    assertThat(version(ctas)).isEqualTo(1); // created with its rows in one commit
    assertThat(spark.sql("SELECT sum(ten) FROM lance.ctas").first().getLong(0)).isEqualTo(100);
    // DELETE FROM: one lance Delete commit per statement
    spark.sql("DELETE FROM lance.ctas WHERE id >= 3 AND ten < 100");
    assertThat(version(ctas)).isEqualTo(2);
    assertThat(spark.sql("SELECT id FROM lance.ctas ORDER BY id").collectAsList())
        .containsExactly(Row(0L), Row(1L), Row(2L));
    spark.sql("DELETE FROM lance.ctas WHERE id = 42");
    assertThat(spark.sql("SELECT count(*) FROM lance.ctas").first().getLong(0)).isEqualTo(3);
    spark.sql("DELETE FROM lance.ctas");
    assertThat(spark.sql("SELECT count(*) FROM lance.ctas").first().getLong(0)).isZero();
    assertThat(spark.sql("SHOW TABLES IN lance").collectAsList().toString())
        .contains("ctas").contains("sqltest");

    spark.sql("DROP TABLE lance.ctas");
    assertThat(Files.exists(SparkTestSession.catalogRoot().resolve("ctas"))).isFalse();
    spark.sql("DROP TABLE lance.sqltest");
  }
}
