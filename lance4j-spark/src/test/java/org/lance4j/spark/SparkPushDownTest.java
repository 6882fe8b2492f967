package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nested column pruning and filter push-down: results equal Spark's own evaluation on the raw
 * data; pruned struct fields are read without their siblings (fewer bytes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkPushDownTest {
  /** Enough for 4 files and every predicate below to select rows (100,000 tested the same). */
  static final int ROWS = 25_000;
  private SparkSession spark;
  private String uri;

  /** Every value is a function of id (with nulls), so the raw data can be recomputed. */
  private org.apache.spark.sql.Dataset<Row> raw() {
    return spark.range(0, ROWS, 1, 4).selectExpr(
        "id",
        // never a null struct: Lance 2.0 files keep no struct-level nulls (fields may be null)
        "named_struct("
            + "'a', case when id % 13 = 0 then null else cast(id % 1000 as int) end,"
            + " 'b', repeat(concat('payload-', id), 4),"
            + " 'c', array(id * 0.5D, id * 1.5D, id * 2.5D, id * 3.5D, id * 4.5D, id * 5.5D),"
            + " 't', named_struct('x', cast(id % 7 as int), 'y', concat('y', id)),"
            + " 'd', id * 3) as s",
        "case when id % 11 = 0 then null else id % 2 = 0 end as bo",
        "cast(id % 100 - 50 as tinyint) as i8",
        "cast(id % 3000 - 1500 as smallint) as i16",
        "case when id % 7 = 0 then null else cast(id % 5000 as int) end as i32",
        "id * 1000003 - 50000000000 as i64",
        "cast((id % 1000) / 1000.0 as float) as f32",
        "case when id % 9 = 0 then null else (id % 2000) / 8.0D - 100 end as f64",
        "cast((id % 10000) / 100.0 as decimal(10, 2)) as dec",
        "cast(id / 7.0 as decimal(38, 10)) as dec38",
        "case when id % 17 = 0 then null else concat('it''s-', id % 50) end as str",
        "date_add(date'2020-01-01', cast(id % 400 as int)) as dt",
        "timestamp_seconds(1609459200 + id * 37) as ts",
        "cast(timestamp_seconds(1609459200 + id * 41) as timestamp_ntz) as tsntz",
        "cast(concat('b', id % 5) as binary) as bin");
  }

  @BeforeAll
  void write() {
    spark = SparkTestSession.get();
    uri = SparkTestSession.newDir("pushdown").resolve("ds").toString();
    raw().write().format("lance").option("maxRowsPerFile", "30000").save(uri);
  }

  private org.apache.spark.sql.Dataset<Row> lance() {
    return spark.read().format("lance").load(uri);
  }

  @Test
  void prunedStructFieldsEqualSparkAndReadFewerBytes() {
    String[][] queries = {
        {"id", "s.a"},
        {"id", "s.a", "s.d"},
        {"id", "s.t.x"},
        {"id", "s.t", "s.a"},
        {"id", "s.c"},
    };
    for (String[] q : queries) {
      List<Row> got = byId(lance().selectExpr(q));
      List<Row> expected = byId(raw().selectExpr(q));
      assertThat(got).as("select %s", String.join(", ", q)).hasSize(ROWS).isEqualTo(expected);
    }
    String plan = lance().selectExpr("id", "s.a").queryExecution().executedPlan().toString();
    assertThat(plan).contains("columns=[id, s.a]");
    String deep = lance().selectExpr("s.t.x").queryExecution().executedPlan().toString();
    assertThat(deep).contains("columns=[s.t.x]");

    lance().selectExpr("max(s.a)").first(); // warm up
    long whole = SparkTestSession.scanBytes(lance().selectExpr("s"));
    long pruned = SparkTestSession.scanBytes(lance().selectExpr("s.a"));
    System.out.printf("lance4j-spark nested pruning bytes: whole struct %,d, s.a only %,d"
        + " (%.1f%%)%n", whole, pruned, 100.0 * pruned / whole);
    assertThat(pruned).isLessThan(whole / 4);
  }

  @Test
  void structFilterAndPrunedStructTogether() {
    String pred = "s.a > 500 AND s.t.x = 3";
    List<Row> got = byId(lance().filter(pred).selectExpr("id", "s.d"));
    List<Row> expected = byId(raw().filter(pred).selectExpr("id", "s.d"));
    assertThat(got).isNotEmpty().isEqualTo(expected);
  }

  /** Predicates over every supported type; each projects only id (filter columns not read). */
  static final String[] PUSHED = {
      "bo = true", "bo IS NULL", "i8 > 30", "i8 IN (-50, 0, 49)", "i16 <= -1400",
      "i32 IN (1, 2, 4999)", "i32 IS NULL", "NOT (i32 > 10)", "i64 >= -26000000000",
      "f32 = cast(0.1 as float)", "f32 < cast(0.25 as float)", "f64 > 120.5",
      "f64 = -99.875 OR f64 IS NULL", "dec > 12.34", "dec = 99.99",
      "str = 'it''s-7'", "str LIKE 'it''s-4%'", "str LIKE '%-3'", "str LIKE '%s-1%'",
      "str > 'it''s-48'", "dt >= date'2020-12-30'", "dt = date'2020-02-29'",
      "ts < timestamp_seconds(1609459200 + 300)", "ts = timestamp_seconds(1609459200 + 740)",
      "tsntz > timestamp_ntz'2021-01-10 00:00:00'", "s.a = 999", "s.t.y = 'y12345'",
      "(i8 < 0 AND str IS NOT NULL) OR dt < date'2020-01-03'",
  };

  /** Predicates lance4j does not evaluate exactly: they stay with Spark (still correct). */
  static final String[] KEPT_IN_SPARK = {
      "f64 = 0.0", "f32 <= 0.0", "dec38 < 5.5", "bin = X'6233'", "str LIKE 'it_s-1%'",
      "length(str) = 6",
  };

  @Test
  void filtersOnEveryTypeMatchSparkOnTheRawData() {
    for (String p : PUSHED) {
      checkFilter(p, true);
    }
    for (String p : KEPT_IN_SPARK) {
      checkFilter(p, false);
    }
  }

  private void checkFilter(String predicate, boolean pushed) {
    org.apache.spark.sql.Dataset<Row> q = lance().filter(predicate).select("id");
    List<Long> got = ids(q);
    List<Long> expected = ids(raw().filter(predicate).select("id"));
    assertThat(got).as("filter %s", predicate).isEqualTo(expected);
    String plan = q.queryExecution().executedPlan().toString();
    if (pushed) {
      assertThat(got).as("filter %s selects something", predicate).isNotEmpty();
      assertThat(plan).as("plan of %s", predicate).contains("filter=").doesNotContain("Filter ");
    } else {
      assertThat(plan).as("plan of %s", predicate).contains("Filter ");
    }
  }

  /** The rows of a query whose first column is id, sorted by id here (no shuffle in Spark). */
  private static List<Row> byId(org.apache.spark.sql.Dataset<Row> q) {
    List<Row> out = new java.util.ArrayList<>(q.collectAsList());
    out.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
    return out;
  }

  /** The ids a query returns, sorted here (no shuffle in Spark). */
  private static List<Long> ids(org.apache.spark.sql.Dataset<Row> q) {
    List<Long> out = new java.util.ArrayList<>();
    for (Row r : q.collectAsList()) {
      out.add(r.getLong(0));
    }
    out.sort(null);
    return out;
  }

  @Test
  void recheckOptionKeepsSparkFilters() {
    org.apache.spark.sql.Dataset<Row> q = spark.read().format("lance")
        .option("recheckFilters", "true").load(uri).filter("i16 <= -1400").select("id");
    assertThat(q.queryExecution().executedPlan().toString()).contains("filter=")
        .contains("Filter ");
    assertThat(q.count()).isEqualTo(raw().filter("i16 <= -1400").count());
  }

  @Test
  void pushedFilterWithLimitCountsMatchingRows() {
    List<Row> rows = lance().filter("i32 IN (1, 2, 4999)").select("id", "i32").limit(7)
        .collectAsList();
    assertThat(rows).hasSize(7);
    for (Row r : rows) {
      assertThat(r.getInt(1)).isIn(1, 2, 4999);
    }
  }
}
