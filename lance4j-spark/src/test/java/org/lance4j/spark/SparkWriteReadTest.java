package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;

/**
 * 200,000 rows with a 16-dim embedding written by 4 Spark tasks (each rolls over to a second
 * file): lance-core reads every value back, Spark reads the same content, pruning + filters,
 * COUNT(*), metadata columns, splits by row ranges. (The shapes, not the size, are what is
 * tested: 1M rows tested the same and took five times as long.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkWriteReadTest {
  static final int ROWS = 200_000;
  /** Rows per file: each task's 50,000 rows become a file of 40,000 and one of 10,000. */
  static final int PER_FILE = 40_000;
  /** Rows per split: a 40,000-row fragment is read as 2 ranges, two 10,000-row ones together. */
  static final int PER_SPLIT = 20_000;
  static final int DIM = 16;
  private SparkSession spark;
  private String uri;
  private Path dir;

  /** The source rows: everything is a function of id, so any reader can recompute them. */
  static org.apache.spark.sql.Dataset<Row> source(SparkSession spark, long rows, int parts) {
    return spark.range(0, rows, 1, parts).selectExpr(
        "id",
        "cast(id % 1000 as int) as cat",
        "concat('name-', id) as name",
        embExpr() + " as emb");
  }

  /** array(f(id, 0), ..., f(id, DIM - 1)) written out, so Spark compiles it. */
  static String embExpr() {
    StringBuilder b = new StringBuilder("array(");
    for (int i = 0; i < DIM; i++) {
      b.append(i == 0 ? "" : ", ").append("cast(((id * 31 + ").append(i)
          .append(") % 997) / 997.0D as float)");
    }
    return b.append(")").toString();
  }

  static float expectedEmb(long id, int i) {
    return (float) (((id * 31 + i) % 997) / 997.0);
  }

  @BeforeAll
  void write() {
    spark = SparkTestSession.get();
    dir = SparkTestSession.newDir("big");
    uri = dir.resolve("ds").toString();
    source(spark, ROWS, 4).write().format("lance")
        .option("maxRowsPerFile", String.valueOf(PER_FILE))
        .option("vector.dim.emb", String.valueOf(DIM))
        .mode("errorifexists").save(uri);
  }

  @Test
  void officialLanceReadsEveryValue() throws Exception {
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(1);
      assertThat(ds.countRows()).isEqualTo(ROWS);
      // 4 tasks of 50,000 rows, each rolled at 40,000 rows
      assertThat(ds.fragments()).hasSize(8);
      assertThat(ds.schema().findField("emb").getType())
          .isEqualTo(new ArrowType.FixedSizeList(DIM));
    }
    Set<Long> seen = new HashSet<>();
    try (BufferAllocator allocator = new RootAllocator();
         org.lance.Dataset lance = org.lance.Dataset.open(uri, allocator)) {
      assertThat(lance.countRows()).isEqualTo(ROWS);
      try (var scanner = lance.newScan(new org.lance.ipc.ScanOptions.Builder()
               .batchSize(8192).build());
           ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          BigIntVector id = (BigIntVector) root.getVector("id");
          IntVector cat = (IntVector) root.getVector("cat");
          VarCharVector name = (VarCharVector) root.getVector("name");
          FixedSizeListVector emb = (FixedSizeListVector) root.getVector("emb");
          Float4Vector items = (Float4Vector) emb.getDataVector();
          for (int r = 0; r < root.getRowCount(); r++) {
            long v = id.get(r);
            assertThat(seen.add(v)).isTrue();
            assertThat(cat.get(r)).isEqualTo((int) (v % 1000));
            assertThat(new String(name.get(r), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("name-" + v);
            for (int i = 0; i < DIM; i++) {
              if (items.get(r * DIM + i) != expectedEmb(v, i)) {
                assertThat(items.get(r * DIM + i)).as("emb[%d] of id %d", i, v)
                    .isEqualTo(expectedEmb(v, i));
              }
            }
          }
        }
      }
    }
    assertThat(seen).hasSize(ROWS);
    assertThat(seen.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(ROWS - 1);
  }

  @Test
  void sparkReadsTheSameContent() {
    // splits of at most one file's rows (the default, 262,144, would read all 200,000 as one)
    org.apache.spark.sql.Dataset<Row> df = spark.read().format("lance")
        .option("maxRowsPerSplit", String.valueOf(PER_FILE)).load(uri);
    assertThat(df.schema().fieldNames()).containsExactly("id", "cat", "name", "emb");
    assertThat(df.rdd().getNumPartitions()).isGreaterThanOrEqualTo(4);
    Row check = df.selectExpr(
        "count(*) as n",
        "count(distinct id) as ids",
        "sum(case when cat = cast(id % 1000 as int) and name = concat('name-', id)"
            + " and emb = " + embExpr() + " then 0 else 1 end) as bad",
        "min(id)", "max(id)").first();
    assertThat(check.getLong(0)).isEqualTo(ROWS);
    assertThat(check.getLong(1)).isEqualTo(ROWS);
    assertThat(check.getLong(2)).isZero();
    assertThat(check.getLong(3)).isZero();
    assertThat(check.getLong(4)).isEqualTo(ROWS - 1);
  }

  @Test
  void pruningAndFilterMatchSparkOnTheRawDataAndReadFewerBytes() {
    String predicate = "cat < 7 AND name LIKE 'name-1%'";
    // warm up class loading and page cache so the byte counts compare scans only
    spark.read().format("lance").load(uri).selectExpr("max(id)").first();

    long full = SparkTestSession.scanBytes(spark.read().format("lance").load(uri));
    long pruned = SparkTestSession.scanBytes(spark.read().format("lance").load(uri)
        .filter(predicate).select("id", "cat"));

    List<Row> got = spark.read().format("lance").load(uri).filter(predicate)
        .select("id", "cat").orderBy("id").collectAsList();
    List<Row> expected = source(spark, ROWS, 4).filter(predicate).select("id", "cat")
        .orderBy("id").collectAsList();
    assertThat(got).isNotEmpty();
    assertThat(got).isEqualTo(expected);
    System.out.printf("lance4j-spark scan bytes: full scan %,d, pruned+filtered %,d (%.1f%%)%n",
        full, pruned, 100.0 * pruned / full);
    assertThat(pruned).isLessThan(full / 2);

    String plan = spark.read().format("lance").load(uri).filter(predicate).select("id", "cat")
        .queryExecution().executedPlan().toString();
    // both filters are applied by lance4j (which reads name for them): Spark neither reads name
    // nor re-checks the filters
    assertThat(plan).contains("columns=[id, cat]").contains("cat < 7")
        .contains("name LIKE 'name-1%'").doesNotContain("Filter ");
  }

  @Test
  void countStarComesFromMetadata() {
    org.apache.spark.sql.Dataset<Row> df = spark.read().format("lance").load(uri);
    assertThat(df.count()).isEqualTo(ROWS);
    String plan = df.selectExpr("count(*)").queryExecution().executedPlan().toString();
    assertThat(plan).contains("count(*)]");
    assertThat(df.filter("cat = 3").count()).isEqualTo(ROWS / 1000);
  }

  @Test
  void limitAndMetadataColumns() {
    List<Row> rows = spark.read().format("lance").load(uri)
        .selectExpr("_fragid", "_rowaddr", "_rowid", "id").limit(5).collectAsList();
    assertThat(rows).hasSize(5);
    try (Dataset ds = Dataset.open(uri)) {
      List<Long> fragmentIds = new ArrayList<>();
      for (Fragment f : ds.fragments()) {
        fragmentIds.add(f.id());
      }
      for (Row r : rows) {
        int frag = r.getInt(0);
        long addr = r.getLong(1);
        assertThat(fragmentIds).contains((long) frag);
        assertThat(addr >>> 32).isEqualTo(frag);
        assertThat(r.getLong(2)).isEqualTo(addr);
      }
    }
    // the fragment column agrees with the row address everywhere; offsets are 0..n-1 per fragment
    Row agg = spark.read().format("lance").load(uri).selectExpr(
        "count(*)", "sum(case when shiftrightunsigned(_rowaddr, 32) = _fragid"
            + " and _rowid = _rowaddr then 0 else 1 end)", "sum(_rowaddr & 4294967295)").first();
    assertThat(agg.getLong(0)).isEqualTo(ROWS);
    assertThat(agg.getLong(1)).isZero();
    // 4 fragments of 40,000 rows and 4 of 10,000
    long offsets = 4L * (40_000L * 39_999 / 2) + 4L * (10_000L * 9_999 / 2);
    assertThat(agg.getLong(2)).isEqualTo(offsets);
  }

  @Test
  void largeFragmentsAreSplitByRowRanges() {
    try (Dataset ds = Dataset.open(uri)) {
      List<LanceSplit> splits = LanceScan.splits(ds.fragments().stream().map(org.lance4j.Fragment::metadata).toList(), PER_SPLIT, true, -1);
      // 4 fragments of 40,000 rows -> 2 ranges each; 4 of 10,000 -> packed 2 by 2
      assertThat(splits).hasSize(10);
      long total = 0;
      for (LanceSplit s : splits) {
        for (LanceSplit.Range r : s.ranges()) {
          total += r.count() < 0 ? ds.fragment(r.fragmentId()).countRows() : r.count();
        }
      }
      assertThat(total).isEqualTo(ROWS);
    }
    Row check = spark.read().format("lance").option("maxRowsPerSplit", String.valueOf(PER_SPLIT)).load(uri)
        .selectExpr("count(*)", "count(distinct id)", "sum(id)").first();
    assertThat(check.getLong(0)).isEqualTo(ROWS);
    assertThat(check.getLong(1)).isEqualTo(ROWS);
    assertThat(check.getLong(2)).isEqualTo((long) ROWS * (ROWS - 1) / 2);
  }

  @Test
  void noOrphanFiles() {
    try (Dataset ds = Dataset.open(uri)) {
      List<String> referenced = new ArrayList<>();
      for (Fragment f : ds.fragments()) {
        for (DataFile d : f.metadata().files()) {
          referenced.add(d.path());
        }
      }
      referenced.sort(null);
      assertThat(SparkTestSession.dataFiles(dir.resolve("ds"))).isEqualTo(referenced);
    }
  }
}
