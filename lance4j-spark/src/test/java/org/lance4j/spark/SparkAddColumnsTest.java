package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.lance4j.ColumnTransform;
import org.lance4j.Dataset;

/** Parallel add-columns on a 4-fragment dataset; lance-core reads the new column. */
class SparkAddColumnsTest {
  private final SparkSession spark = SparkTestSession.get();

  private String fourFragments(String name) {
    String uri = SparkTestSession.newDir(name).resolve("ds").toString();
    spark.range(0, 4000, 1, 4).selectExpr("id").write().format("lance").save(uri);
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.fragments()).hasSize(4);
    }
    return uri;
  }

  /** lance-core's view of column {@code col} by id. */
  private static List<long[]> lanceCoreRows(String uri, String col) throws Exception {
    List<long[]> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
         org.lance.Dataset lance = org.lance.Dataset.open(uri, allocator);
         var scanner = lance.newScan(new org.lance.ipc.ScanOptions.Builder()
             .columns(List.of("id", col)).build());
         ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        BigIntVector id = (BigIntVector) root.getVector("id");
        BigIntVector c = (BigIntVector) root.getVector(col);
        for (int i = 0; i < root.getRowCount(); i++) {
          out.add(new long[] {id.get(i), c.get(i)});
        }
      }
    }
    return out;
  }

  @Test
  void transformRunsOneTaskPerFragmentAndCommitsOnce() throws Exception {
    String uri = fourFragments("addcols");
    ColumnTransform triple = (ColumnTransform & Serializable) (batch, allocator) -> {
      BigIntVector in = (BigIntVector) batch.getVector("id");
      BigIntVector out = new BigIntVector("tripled", allocator);
      out.allocateNew(batch.getRowCount());
      for (int i = 0; i < batch.getRowCount(); i++) {
        out.set(i, in.get(i) * 3);
      }
      out.setValueCount(batch.getRowCount());
      return VectorSchemaRoot.of(out);
    };
    long version = LanceSpark.addColumns(spark, uri, triple, List.of("id"));
    assertThat(version).isEqualTo(2);
    List<long[]> rows = lanceCoreRows(uri, "tripled");
    assertThat(rows).hasSize(4000);
    for (long[] r : rows) {
      assertThat(r[1]).isEqualTo(r[0] * 3);
    }
    assertThat(spark.read().format("lance").load(uri)
        .selectExpr("sum(case when tripled = id * 3 then 0 else 1 end)").first().getLong(0))
        .isZero();
  }

  @Test
  void sqlExpressions() throws Exception {
    String uri = fourFragments("addsql");
    long version = LanceSpark.addColumns(spark, uri, Map.of("plus", "id + 7"));
    assertThat(version).isEqualTo(2);
    List<long[]> rows = lanceCoreRows(uri, "plus");
    assertThat(rows).hasSize(4000);
    for (long[] r : rows) {
      assertThat(r[1]).isEqualTo(r[0] + 7);
    }
    assertThat(spark.read().format("lance").load(uri)
        .selectExpr("count(*)", "sum(case when plus = id + 7 then 0 else 1 end)").first()
        .toString()).isEqualTo("[4000,0]");
  }
}
