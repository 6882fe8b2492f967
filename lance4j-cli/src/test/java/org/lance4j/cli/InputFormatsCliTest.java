package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input format through the real CLI: the same rows as CSV, CSV with --schema, JSON Lines,
 * Arrow IPC file, Arrow IPC stream and Parquet (two files, streamed in small batches) each become
 * a dataset that lance-core reads back value for value.
 */
class InputFormatsCliTest {
  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)),
      Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      Field.nullable("ok", ArrowType.Bool.INSTANCE),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));

  @TempDir
  Path dir;

  @Test
  void everyFormatGivesTheSameTable() throws Throwable {
    Path logs = dir.resolve("logs");
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 40));
    Files.writeString(dir.resolve("b.csv"), Rows.csv(40, 70));
    Files.writeString(dir.resolve("schema.json"), SCHEMA.toJson());
    Files.writeString(dir.resolve("a.jsonl"), Rows.jsonl(0, 40));
    Files.writeString(dir.resolve("b.ndjson"), Rows.jsonl(40, 70));
    writeArrow(dir.resolve("a.arrow"), 0, 40, true);
    writeArrow(dir.resolve("b.arrow"), 40, 70, true);
    writeArrow(dir.resolve("a.arrows"), 0, 40, false);
    writeArrow(dir.resolve("b.bin"), 40, 70, false);
    writeParquet(dir.resolve("a.parquet"), 0, 40);
    writeParquet(dir.resolve("b.parquet"), 40, 70);

    List<String[]> cases = List.of(
        new String[] {"csv", "a.csv", "b.csv"},
        new String[] {"csv-schema", "a.csv", "b.csv", "--schema", dir.resolve("schema.json")
            .toString()},
        new String[] {"jsonl", "a.jsonl", "b.ndjson"},
        new String[] {"arrow-file", "a.arrow", "b.arrow"},
        new String[] {"arrow-stream", "a.arrows", "b.bin", "--format", "arrow"},
        new String[] {"parquet", "a.parquet", "b.parquet"});
    // Parquet in a JVM on the CLI's own class path (without the Hadoop runtime the tests use to
    // write it), at the same time as the other formats in-process
    Cli.Running parquet = null;
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("write-fragments", "--verbose",
          dir.resolve(c[0]).toString(), "--batch-size", "16", "--output",
          dir.resolve(c[0] + ".json").toString(), "--input", dir.resolve(c[1]).toString(),
          dir.resolve(c[2]).toString()));
      args.addAll(List.of(c).subList(3, c.length));
      if (c[0].equals("parquet")) {
        parquet = Cli.start(logs, args.toArray(String[]::new));
      } else {
        Cli.Result r = InProcess.run(args.toArray(String[]::new));
        assertThat(r.code()).as(c[0] + ": " + r).isZero();
      }
    }
    Cli.Result pr = parquet.await();
    assertThat(pr.code()).as("parquet: " + pr).isZero();
    for (String[] c : cases) {
      Cli.Result commit = InProcess.run("commit", dir.resolve(c[0]).toString(), "--operation",
          "overwrite", dir.resolve(c[0] + ".json").toString());
      assertThat(commit.code()).as(c[0] + ": " + commit).isZero();
      assertThat(Rows.readWithLanceCore(dir.resolve(c[0]))).as(c[0])
          .isEqualTo(Rows.rows(0, 70));
    }
  }

  private static void writeArrow(Path file, int from, int to, boolean fileFormat)
      throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        FileOutputStream out = new FileOutputStream(file.toFile());
        ArrowWriter w = fileFormat ? new ArrowFileWriter(root, null, out.getChannel())
            : new ArrowStreamWriter(root, null, out)) {
      w.start();
      // two record batches per file
      for (int start = from; start < to; start += 16) {
        int end = Math.min(to, start + 16);
        root.allocateNew();
        int n = 0;
        for (List<Object> r : Rows.rows(start, end)) {
          ((BigIntVector) root.getVector("id")).setSafe(n, (Long) r.get(0));
          setOrNull((Float8Vector) root.getVector("score"), n, (Double) r.get(1));
          BitVector ok = (BitVector) root.getVector("ok");
          if (r.get(2) == null) {
            ok.setNull(n);
          } else {
            ok.setSafe(n, (Boolean) r.get(2) ? 1 : 0);
          }
          VarCharVector name = (VarCharVector) root.getVector("name");
          if (r.get(3) == null) {
            name.setNull(n);
          } else {
            name.setSafe(n, ((String) r.get(3)).getBytes(StandardCharsets.UTF_8));
          }
          n++;
        }
        root.setRowCount(n);
        w.writeBatch();
      }
      w.end();
    }
  }

  private static void setOrNull(Float8Vector v, int i, Double d) {
    if (d == null) {
      v.setNull(i);
    } else {
      v.setSafe(i, d);
    }
  }

  private static void writeParquet(Path file, int from, int to) throws Throwable {
    MessageType type = MessageTypeParser.parseMessageType("message m { optional int64 id; "
        + "optional double score; optional boolean ok; optional binary name (STRING); }");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    // builder(OutputFile) through reflection: javac would need Hadoop's classes to pick between
    // the overloads, while running it needs no Hadoop
    ExampleParquetWriter.Builder builder = (ExampleParquetWriter.Builder)
        java.lang.invoke.MethodHandles.publicLookup().findStatic(ExampleParquetWriter.class,
            "builder", java.lang.invoke.MethodType.methodType(ExampleParquetWriter.Builder.class,
                org.apache.parquet.io.OutputFile.class))
        .invoke(new LocalOutputFile(file));
    builder = (ExampleParquetWriter.Builder) java.lang.invoke.MethodHandles.publicLookup()
        .findVirtual(ParquetWriter.Builder.class, "withConf", java.lang.invoke.MethodType
            .methodType(ParquetWriter.Builder.class, org.apache.parquet.conf.ParquetConfiguration.class))
        .invoke(builder, new org.apache.parquet.conf.PlainParquetConfiguration());
    try (ParquetWriter<Group> w = builder.withType(type).withRowGroupSize(1024L).build()) {
      for (List<Object> r : Rows.rows(from, to)) {
        Group g = groups.newGroup();
        g.add("id", (Long) r.get(0));
        if (r.get(1) != null) {
          g.add("score", (Double) r.get(1));
        }
        if (r.get(2) != null) {
          g.add("ok", (Boolean) r.get(2));
        }
        if (r.get(3) != null) {
          g.add("name", (String) r.get(3));
        }
        w.write(g);
      }
    }
  }
}
