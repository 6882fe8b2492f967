package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lance4j.Dataset;
import org.lance4j.OpenOptions;
import org.lance4j.s3.S3TestServer;

/**
 * Spark reads and writes s3:// (S3Proxy on loopback): credentials from the session conf
 * {@code spark.lance.storage.*}, the endpoint from the {@code storage.*} read/write options; the
 * write tasks, the driver's commit and the read tasks all reach the bucket.
 */
class SparkS3Test {
  private final SparkSession spark = SparkTestSession.get();
  private final ChildS3Server server = ChildS3Server.get();
  private static final List<String> CONF = List.of("aws_access_key_id", "aws_secret_access_key",
      "aws_region");

  @AfterEach
  void unsetConf() {
    CONF.forEach(k -> spark.conf().unset(SparkStorage.CONF_PREFIX + k));
  }

  @Test
  void writesAppendsAndReadsAnS3Table() {
    spark.conf().set(SparkStorage.CONF_PREFIX + "aws_access_key_id", S3TestServer.ACCESS_KEY);
    spark.conf().set(SparkStorage.CONF_PREFIX + "aws_secret_access_key",
        S3TestServer.SECRET_KEY);
    spark.conf().set(SparkStorage.CONF_PREFIX + "aws_region", "us-east-1");
    String uri = "s3://" + server.newBucket() + "/warehouse/events";
    Map<String, String> endpoint = Map.of("storage.aws_endpoint", server.endpoint().toString(),
        "storage.allow_http", "true");

    spark.range(0, 3_000, 1, 3).selectExpr("id", "concat('e-', id) as name").write()
        .format("lance").options(endpoint).mode("overwrite").save(uri);
    spark.range(3_000, 4_000, 1, 2).selectExpr("id", "concat('e-', id) as name").write()
        .format("lance").options(endpoint).mode("append").save(uri);

    Row r = spark.read().format("lance").options(endpoint).load(uri)
        .selectExpr("count(*)", "sum(id)", "count(distinct name)").first();
    assertThat(r.getLong(0)).isEqualTo(4_000);
    assertThat(r.getLong(1)).isEqualTo(3_999L * 4_000 / 2);
    assertThat(r.getLong(2)).isEqualTo(4_000);
    assertThat(spark.read().format("lance").options(endpoint).load(uri)
        .where("id >= 3990").count()).isEqualTo(10);

    // what Spark wrote is a plain Lance table in the bucket: the API reads it too
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(
        S3TestServer.options(server.endpoint()))
        .build())) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(4_000);
      assertThat(ds.fragments()).hasSize(5); // one per write task
    }
  }

  @Test
  void withoutTheCredentialsTheReadFailsInsteadOfReadingAnotherStore() {
    String uri = "s3://" + server.newBucket() + "/t";
    assertThatThrownBy(() -> spark.read().format("lance")
        .option("storage.aws_endpoint", server.endpoint().toString())
        .option("storage.allow_http", "true")
        .option("storage.aws_access_key_id", "wrong").option("storage.aws_secret_access_key", "x")
        .option("storage.aws_region", "us-east-1").load(uri).count())
        .isInstanceOf(org.lance4j.LanceException.class);
  }
}
