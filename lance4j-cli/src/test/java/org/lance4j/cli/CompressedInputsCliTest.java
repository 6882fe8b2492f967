package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.lzo.LzoHadoopStreams;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed inputs through the real CLI, run (like the shaded jar) without Hadoop's runtime:
 * Parquet in every codec parquet-java writes out of the box (snappy, gzip, zstd, lz4, lz4_raw;
 * written here by parquet-java's own Hadoop codecs, which the test JVM has), LZO (Hadoop framing),
 * and Arrow IPC files and streams with LZ4_FRAME and ZSTD bodies. One worker reads each family;
 * lance-core reads the committed rows back value for value. A BROTLI file is refused in words.
 */
class CompressedInputsCliTest {
  private static final List<CompressionCodecName> PARQUET_CODECS = List.of(
      CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
      CompressionCodecName.LZ4, CompressionCodecName.LZ4_RAW, CompressionCodecName.LZO);

  @TempDir
  Path dir;

  @Test
  void everyParquetCodecAndArrowIpcCompressionIsRead() throws Throwable {
    Path logs = dir.resolve("logs");
    int per = 30;
    List<String> parquet = new ArrayList<>();
    for (int i = 0; i < PARQUET_CODECS.size(); i++) {
      CompressionCodecName codec = PARQUET_CODECS.get(i);
      Path f = dir.resolve(i + "-" + codec.name().toLowerCase() + ".parquet");
      writeParquet(f, i * per, (i + 1) * per, codec);
      assertThat(codecOf(f)).as(f.toString()).isEqualTo(codec);
      parquet.add(f.toString());
    }
    List<String> arrow = new ArrayList<>();
    int n = 0;
    for (CompressionUtil.CodecType codec : List.of(CompressionUtil.CodecType.LZ4_FRAME,
        CompressionUtil.CodecType.ZSTD)) {
      for (boolean fileFormat : List.of(true, false)) {
        Path f = dir.resolve(n + "-" + codec + (fileFormat ? ".arrow" : ".arrows"));
        writeArrow(f, n * per, (n + 1) * per, fileFormat, codec);
        arrow.add(f.toString());
        n++;
      }
    }
    List<String> pq = new ArrayList<>(List.of("write-fragments", dir.resolve("pq").toString(),
        "--batch-size", "16", "--output", dir.resolve("pq.json").toString(), "--input"));
    pq.addAll(parquet);
    List<String> ar = new ArrayList<>(List.of("write-fragments", dir.resolve("ar").toString(),
        "--output", dir.resolve("ar.json").toString(), "--format", "arrow", "--input"));
    ar.addAll(arrow);
    Cli.Running pqRun = Cli.start(logs, pq.toArray(String[]::new));
    Cli.Running arRun = Cli.start(logs, ar.toArray(String[]::new));
    Cli.Result pqResult = pqRun.await();
    Cli.Result arResult = arRun.await();
    assertThat(pqResult.code()).as(pqResult.toString()).isZero();
    assertThat(arResult.code()).as(arResult.toString()).isZero();

    for (String name : List.of("pq", "ar")) {
      Cli.Result commit = InProcess.run("commit", dir.resolve(name).toString(), "--operation",
          "overwrite", dir.resolve(name + ".json").toString());
      assertThat(commit.code()).as(commit.toString()).isZero();
    }
    assertThat(Rows.readWithLanceCore(dir.resolve("pq")))
        .isEqualTo(Rows.rows(0, PARQUET_CODECS.size() * per));
    assertThat(Rows.readWithLanceCore(dir.resolve("ar"))).isEqualTo(Rows.rows(0, n * per));
  }

  @Test
  void anUnreadableCodecIsRefusedInWords() throws Throwable {
    Path f = dir.resolve("brotli.parquet");
    writeParquet(f, 0, 10, CompressionCodecName.BROTLI);
    Cli.Result r = Cli.run(dir.resolve("logs"), "write-fragments", dir.resolve("ds").toString(),
        "--input", f.toString(), "--output", dir.resolve("o.json").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNSUPPORTED);
    assertThat(r.err()).contains(f.toString()).contains("BROTLI")
        .contains("rewrite the file").doesNotContain("Exception").doesNotContain("java.");
  }

  static CompressionCodecName codecOf(Path f) throws Throwable {
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .build();
    try (ParquetFileReader r = (ParquetFileReader) MethodHandles.publicLookup()
        .findStatic(ParquetFileReader.class, "open", MethodType.methodType(
            ParquetFileReader.class, InputFile.class, ParquetReadOptions.class))
        .invoke(new LocalInputFile(f), options)) {
      return r.getFooter().getBlocks().get(0).getColumns().get(0).getCodec();
    }
  }

  /**
   * Writes rows with parquet-java. LZO and BROTLI have no codec jar on Maven Central, so those
   * two are written through a codec factory: LZO framed as Hadoop's LzoCodec does (by
   * aircompressor), BROTLI as stored bytes under the BROTLI name (only to be refused).
   */
  static void writeParquet(Path file, int from, int to, CompressionCodecName codec)
      throws Throwable {
    MessageType type = MessageTypeParser.parseMessageType("message m { optional int64 id; "
        + "optional double score; optional boolean ok; optional binary name (STRING); }");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    ExampleParquetWriter.Builder builder = (ExampleParquetWriter.Builder)
        MethodHandles.publicLookup().findStatic(ExampleParquetWriter.class, "builder",
            MethodType.methodType(ExampleParquetWriter.Builder.class, OutputFile.class))
        .invoke(new LocalOutputFile(file));
    builder = (ExampleParquetWriter.Builder) MethodHandles.publicLookup()
        .findVirtual(ParquetWriter.Builder.class, "withConf", MethodType.methodType(
            ParquetWriter.Builder.class, ParquetConfiguration.class))
        .invoke(builder, new PlainParquetConfiguration());
    builder = builder.withType(type).withRowGroupSize(2048L).withPageSize(512)
        .withDictionaryEncoding(true).withCompressionCodec(codec);
    if (codec == CompressionCodecName.LZO || codec == CompressionCodecName.BROTLI) {
      builder = builder.withCodecFactory(new TestCodecs(codec));
    }
    try (ParquetWriter<Group> w = builder.build()) {
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

  /** Compressors for the two codecs parquet-java cannot write without extra jars. */
  private record TestCodecs(CompressionCodecName codec) implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName name) {
      return new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws java.io.IOException {
          if (codec == CompressionCodecName.BROTLI) {
            return BytesInput.from(bytes.toByteArray());
          }
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          try (OutputStream out = new LzoHadoopStreams().createOutputStream(buf)) {
            out.write(bytes.toByteArray());
          }
          return BytesInput.from(buf.toByteArray());
        }

        @Override
        public CompressionCodecName getCodecName() {
          return codec;
        }

        @Override
        public void release() {}
      };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release() {}
  }

  static void writeArrow(Path file, int from, int to, boolean fileFormat,
      CompressionUtil.CodecType codec) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(InputFormatsCliTest.SCHEMA, allocator);
        FileOutputStream out = new FileOutputStream(file.toFile());
        ArrowWriter w = fileFormat
            ? new ArrowFileWriter(root, null, out.getChannel(), null, IpcOption.DEFAULT,
                CommonsCompressionFactory.INSTANCE, codec, Optional.empty())
            : new ArrowStreamWriter(root, null, out.getChannel(), IpcOption.DEFAULT,
                CommonsCompressionFactory.INSTANCE, codec, Optional.empty())) {
      w.start();
      for (int start = from; start < to; start += 16) {
        int end = Math.min(to, start + 16);
        root.allocateNew();
        int n = 0;
        for (List<Object> r : Rows.rows(start, end)) {
          ((BigIntVector) root.getVector("id")).setSafe(n, (Long) r.get(0));
          Float8Vector score = (Float8Vector) root.getVector("score");
          if (r.get(1) == null) {
            score.setNull(n);
          } else {
            score.setSafe(n, (Double) r.get(1));
          }
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
    assertThat(Files.size(file)).isPositive();
  }
}
