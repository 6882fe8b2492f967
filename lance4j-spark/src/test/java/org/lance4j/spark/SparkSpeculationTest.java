package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;

/**
 * Speculative execution, simulated: Spark's local mode never launches speculative copies (they
 * need a second host), so this drives the connector's write API the way Spark's write task does
 * when two attempts of one partition run at once. The commit coordinator authorizes one attempt
 * (it calls {@code commit()}); the other is denied, which makes Spark call {@code abort()} on it.
 */
class SparkSpeculationTest {
  private final SparkSession spark = SparkTestSession.get();

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType).add("s", DataTypes.StringType);

  private static LogicalWriteInfo info(Map<String, String> options) {
    return new LogicalWriteInfo() {
      @Override
      public CaseInsensitiveStringMap options() {
        return new CaseInsensitiveStringMap(options);
      }

      @Override
      public String queryId() {
        return "speculation-test";
      }

      @Override
      public StructType schema() {
        return SCHEMA;
      }
    };
  }

  private static void writeRows(DataWriter<InternalRow> w, long from, long to) throws Exception {
    for (long id = from; id < to; id++) {
      w.write(new GenericInternalRow(new Object[] {id, UTF8String.fromString("v" + id)}));
    }
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
  void onlyTheAuthorizedAttemptIsCommittedAndTheOtherIsCleanedUp() throws Exception {
    Path dir = SparkTestSession.newDir("speculation").resolve("ds");
    String uri = dir.toString();
    // small batches and files: both attempts have finished data files on disk before the race
    LanceTable table = new LanceTable(uri, uri, SCHEMA, Map.of(), true);
    BatchWrite write = table.newWriteBuilder(info(Map.of("maxRowsPerFile", "300",
        "batchSize", "100"))).build().toBatch();
    DataWriterFactory factory = write.createBatchWriterFactory(() -> 2);

    DataWriter<InternalRow> original = factory.createWriter(0, 1);
    DataWriter<InternalRow> speculative = factory.createWriter(0, 2);
    DataWriter<InternalRow> other = factory.createWriter(1, 3);
    writeRows(original, 0, 1000);
    writeRows(speculative, 0, 1000);
    writeRows(other, 1000, 2000);
    int filesWhileRacing = SparkTestSession.dataFiles(dir).size();
    assertThat(filesWhileRacing).as("rolled files of both attempts").isGreaterThanOrEqualTo(6);

    // the speculative copy wins the commit; the original is denied and aborted
    WriterCommitMessage won = speculative.commit();
    speculative.close();
    original.abort();
    original.close();
    WriterCommitMessage partition1 = other.commit();
    other.close();
    write.commit(new WriterCommitMessage[] {won, partition1});

    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(1);
      assertThat(ds.countRows()).isEqualTo(2000);
    }
    Row r = spark.read().format("lance").load(uri)
        .selectExpr("count(*)", "count(distinct id)", "sum(id)",
            "sum(case when s = concat('v', id) then 0 else 1 end)").first();
    assertThat(r.getLong(0)).isEqualTo(2000);
    assertThat(r.getLong(1)).isEqualTo(2000);
    assertThat(r.getLong(2)).isEqualTo(2000L * 1999 / 2);
    assertThat(r.getLong(3)).isZero();
    // the denied attempt's files are gone: every file left is referenced by the commit
    assertThat(SparkTestSession.dataFiles(dir)).isEqualTo(referencedFiles(uri));
  }

  @Test
  void theRolledFilesOfADeniedAttemptAreDeleted() throws Exception {
    Path dir = SparkTestSession.newDir("speculation2").resolve("ds");
    String uri = dir.toString();
    LanceTable table = new LanceTable(uri, uri, SCHEMA, Map.of(), true);
    BatchWrite write = table.newWriteBuilder(info(Map.of("maxRowsPerFile", "250",
        "batchSize", "50"))).build().toBatch();
    DataWriterFactory factory = write.createBatchWriterFactory(() -> 1);
    DataWriter<InternalRow> first = factory.createWriter(0, 1);
    DataWriter<InternalRow> second = factory.createWriter(0, 2);
    writeRows(first, 0, 600);
    writeRows(second, 0, 600);
    // the first attempt is authorized; the second has rolled two complete files when it is
    // denied: Spark aborts it
    WriterCommitMessage won = first.commit();
    first.close();
    second.abort();
    second.close();
    write.commit(new WriterCommitMessage[] {won});
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.countRows()).isEqualTo(600);
      assertThat(ds.fragments()).hasSize(3);
    }
    assertThat(SparkTestSession.dataFiles(dir)).isEqualTo(referencedFiles(uri));
  }
}
