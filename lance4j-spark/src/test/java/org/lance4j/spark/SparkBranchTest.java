package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.lance4j.Dataset;

/** The {@code branch} read/write option: a branch takes its own appends, main stays. */
class SparkBranchTest {
  private final SparkSession spark = SparkTestSession.get();

  private List<Long> ids(String uri, String branch) {
    var r = spark.read().format("lance");
    if (branch != null) {
      r = r.option("branch", branch);
    }
    return r.load(uri).orderBy("id").select("id").as(Encoders.LONG()).collectAsList();
  }

  @Test
  void appendsToABranchAreReadFromItAndNotFromMain() {
    String uri = SparkTestSession.newDir("branch").resolve("ds").toString();
    spark.range(0, 10, 1, 2).selectExpr("id", "concat('v', id) as s").write().format("lance")
        .save(uri);
    try (Dataset ds = Dataset.open(uri); Dataset exp = ds.createBranch("exp")) {
      assertThat(exp.version()).isEqualTo(1);
    }
    spark.range(10, 15, 1, 2).selectExpr("id", "concat('v', id) as s").write().format("lance")
        .option("branch", "exp").mode("append").save(uri);

    assertThat(ids(uri, "exp")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L,
        12L, 13L, 14L);
    assertThat(ids(uri, null)).hasSize(10);
    try (Dataset main = Dataset.open(uri);
        Dataset exp = Dataset.open(uri, org.lance4j.OpenOptions.builder().branch("exp").build())) {
      assertThat(main.version()).isEqualTo(1);
      assertThat(exp.version()).isEqualTo(2);
      assertThat(exp.countRows()).isEqualTo(15);
    }
    assertThatThrownBy(() -> spark.range(0, 1).selectExpr("id", "'x' as s").write()
        .format("lance").option("branch", "nope").mode("append").save(uri))
        .hasMessageContaining("nope");
  }
}
