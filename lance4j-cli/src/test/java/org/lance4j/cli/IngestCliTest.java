package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.lance4j.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest as users meet it: appending uses the dataset's schema (JSON Lines, CSV, Parquet with
 * wider types), CSV dates and timestamps are inferred from a bounded sample whose limit a later
 * row is told about, and empty inputs are zero rows when the schema is known.
 */
class IngestCliTest {
  static final Schema NARROW = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)),
      Field.nullable("qty", new ArrowType.Int(32, true)),
      Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
      Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null))));

  @TempDir
  Path dir;

  private Path ds;

  private Cli.Result write(String... args) {
    List<String> a = new ArrayList<>(List.of("write-fragments", ds.toString()));
    a.addAll(Arrays.asList(args));
    return InProcess.run(a.toArray(String[]::new));
  }

  private void commit(String op, Path json) {
    Cli.Result c = InProcess.run("commit", ds.toString(), "--operation", op, json.toString());
    assertThat(c.code()).as(c.toString()).isZero();
  }

  @Test
  void appendingReadsTheInputWithTheDatasetsSchema() throws Throwable {
    ds = dir.resolve("ds");
    Files.writeString(dir.resolve("schema.json"), NARROW.toJson());
    Files.writeString(dir.resolve("first.csv"), "id,qty,day,at\n1,10,2021-05-16,"
        + "2021-05-16T08:30:00\n");
    Cli.Result w = write("--schema", dir.resolve("schema.json").toString(), "--input",
        dir.resolve("first.csv").toString(), "--output", dir.resolve("first.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    commit("overwrite", dir.resolve("first.json"));

    // JSON Lines without --schema: integers would be inferred as int64, dates as strings
    Files.writeString(dir.resolve("more.jsonl"), "{\"id\": 2, \"qty\": 20, \"day\": "
        + "\"2021-05-17\", \"at\": \"2021-05-17 09:00:00.5\"}\n{\"id\": 3, \"qty\": null}\n");
    w = write("--input", dir.resolve("more.jsonl").toString(), "--output",
        dir.resolve("more.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    commit("append", dir.resolve("more.json"));

    // Parquet with int64 qty and an int32 id: converted where no value changes
    writeParquet(dir.resolve("wide.parquet"), 4, 40L);
    w = write("--input", dir.resolve("wide.parquet").toString(), "--output",
        dir.resolve("wide.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    commit("append", dir.resolve("wide.json"));

    try (Dataset d = Dataset.open(ds.toString())) {
      assertThat(d.schema().getFields().stream().map(f -> f.getType().toString()).toList())
          .containsExactly("Int(64, true)", "Int(32, true)", "Date(DAY)",
              "Timestamp(MICROSECOND, null)");
    }
    assertThat(scanCsv()).containsExactly("id,qty,day,at",
        "1,10,2021-05-16,2021-05-16T08:30:00",
        "2,20,2021-05-17,2021-05-17T09:00:00.5",
        "3,,,",
        "4,40,,");

    // a value that does not fit int32: file, line/row and column named, nothing written
    Files.writeString(dir.resolve("big.jsonl"), "{\"id\": 5, \"qty\": 1}\n"
        + "{\"id\": 6, \"qty\": 3000000000}\n");
    Cli.Result big = write("--input", dir.resolve("big.jsonl").toString());
    assertThat(big.code()).as(big.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(big.err()).contains("big.jsonl:2: column 'qty'").contains("3000000000")
        .contains("out of range");
    writeParquet(dir.resolve("huge.parquet"), 7, 5_000_000_000L);
    Cli.Result huge = write("--input", dir.resolve("huge.parquet").toString());
    assertThat(huge.code()).as(huge.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(huge.err()).contains("huge.parquet: row 1, column 'qty'")
        .contains("5000000000").contains("the dataset's schema");

    // an empty file appends zero rows; so does a header-only CSV
    Files.writeString(dir.resolve("empty.csv"), "");
    Files.writeString(dir.resolve("header.csv"), "id,qty,day,at\n");
    Cli.Result empty = write("--input", dir.resolve("empty.csv").toString(),
        dir.resolve("header.csv").toString());
    assertThat(empty.code()).as(empty.toString()).isZero();
    assertThat(empty.out().trim()).isEqualTo("[]");
    assertThat(scanCsv()).hasSize(5);
  }

  @Test
  void csvInfersDatesAndTimestampsFromABoundedSample() throws Exception {
    ds = dir.resolve("inferred");
    StringBuilder csv = new StringBuilder("n,day,at,utc,mixed,label\n");
    for (int i = 0; i < 8; i++) {
      csv.append(i).append(",2021-05-1").append(i).append(",2021-05-16 08:3").append(i)
          .append(":00,2021-05-16T08:30:0").append(i).append("Z,")
          .append(i == 0 ? "2021-05-16" : "2021-05-16T10:00:00").append(",x\n");
    }
    Files.writeString(dir.resolve("dates.csv"), csv.toString());
    Cli.Result w = write("--input", dir.resolve("dates.csv").toString(), "--output",
        dir.resolve("dates.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    commit("overwrite", dir.resolve("dates.json"));
    try (Dataset d = Dataset.open(ds.toString())) {
      assertThat(d.schema().getFields().stream().map(f -> f.getName() + ":" + f.getType())
          .toList()).containsExactly("n:Int(64, true)", "day:Date(DAY)",
              "at:Timestamp(MICROSECOND, null)", "utc:Timestamp(MICROSECOND, UTC)",
              "mixed:Timestamp(MICROSECOND, null)", "label:Utf8");
    }
    List<String> out = scanCsv();
    assertThat(out.get(1)).isEqualTo("0,2021-05-10,2021-05-16T08:30:00,2021-05-16T08:30:00Z,"
        + "2021-05-16T00:00:00,x");
    assertThat(out).hasSize(9);

    // the sample is the first --infer-rows rows; a later row that does not fit says so
    Files.writeString(dir.resolve("late.csv"), "n,v\n1,1\n2,2\n3,3\n4,oops\n");
    Cli.Result late = InProcess.run("write-fragments", dir.resolve("late").toString(),
        "--infer-rows", "2", "--input", dir.resolve("late.csv").toString());
    assertThat(late.code()).as(late.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(late.err()).contains("late.csv:5: column 'v'").contains("'oops' is not an integer")
        .contains("inferred from the first 2 rows").contains("--infer-rows 0");
    Cli.Result all = InProcess.run("write-fragments", dir.resolve("late").toString(),
        "--infer-rows", "0", "--input", dir.resolve("late.csv").toString(), "--output",
        dir.resolve("late.json").toString());
    assertThat(all.code()).as(all.toString()).isZero();
  }

  @Test
  void anEmptyInputNeedsAKnownSchema() throws Exception {
    Files.writeString(dir.resolve("empty.jsonl"), "");
    Cli.Result r = InProcess.run("write-fragments", dir.resolve("new").toString(), "--input",
        dir.resolve("empty.jsonl").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("empty.jsonl is empty").contains("--schema");
    Files.writeString(dir.resolve("schema.json"), NARROW.toJson());
    Cli.Result ok = InProcess.run("write-fragments", dir.resolve("new").toString(), "--schema",
        dir.resolve("schema.json").toString(), "--input", dir.resolve("empty.jsonl").toString());
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out().trim()).isEqualTo("[]");
  }

  private List<String> scanCsv() {
    Cli.Result s = InProcess.run("scan", ds.toString(), "--format", "csv");
    assertThat(s.code()).as(s.toString()).isZero();
    return s.out().lines().toList();
  }

  /** One row: id as int32, qty as int64 (wider than the dataset's int32), day/at null. */
  private static void writeParquet(Path file, int id, long qty) throws Throwable {
    MessageType type = MessageTypeParser.parseMessageType("message m { optional int32 id; "
        + "optional int64 qty; optional int32 day (DATE); optional int64 at "
        + "(TIMESTAMP(MICROS,false)); }");
    ExampleParquetWriter.Builder builder = (ExampleParquetWriter.Builder)
        java.lang.invoke.MethodHandles.publicLookup().findStatic(ExampleParquetWriter.class,
            "builder", java.lang.invoke.MethodType.methodType(ExampleParquetWriter.Builder.class,
                org.apache.parquet.io.OutputFile.class))
        .invoke(new org.apache.parquet.io.LocalOutputFile(file));
    builder = (ExampleParquetWriter.Builder) java.lang.invoke.MethodHandles.publicLookup()
        .findVirtual(ParquetWriter.Builder.class, "withConf", java.lang.invoke.MethodType
            .methodType(ParquetWriter.Builder.class,
                org.apache.parquet.conf.ParquetConfiguration.class))
        .invoke(builder, new org.apache.parquet.conf.PlainParquetConfiguration());
    try (ParquetWriter<Group> w = builder.withType(type).build()) {
      Group g = new SimpleGroupFactory(type).newGroup();
      g.add("id", id);
      g.add("qty", qty);
      w.write(g);
    }
  }
}
