package org.lance4j.internal.file;

import org.lance4j.internal.file.v20.V20FileWriter;
import org.lance4j.internal.SchemaProtos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceSchema;
import org.lance4j.proto.EncodingProtos;
import org.lance4j.proto.File2Protos;
import org.lance4j.proto.FileProtos;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/**
 * 2.0 files written by our 2.0 writer, read back by lance-core 7.0.0 (the oracle), value by value,
 * and compared with the 2.0 files lance-core writes.
 */
class LanceFileWriterTest {
  @TempDir
  Path dir;

  /** Writes {@code batches} (row counts) of random data; returns the expected column values. */
  static Map<String, List<Object>> writeRandom(Path file, Schema schema, int[] batches,
      double nullFraction, long pageSize, BufferAllocator a) throws IOException {
    Map<String, List<Object>> expected = new LinkedHashMap<>();
    for (var f : schema.getFields()) {
      expected.put(f.getName(), new ArrayList<>());
    }
    LanceSchema ls = LanceSchema.fromArrow(schema);
    try (V20FileWriter w = new V20FileWriter(new FileOutputStream(file.toFile()), ls,
        pageSize, file.toString())) {
      long seed = 7;
      long rows = 0;
      for (int n : batches) {
        try (VectorSchemaRoot root = TestData.random(schema, n, seed++, nullFraction, a)) {
          w.write(root);
          rows += n;
          ArrowAssert.columns(root).forEach((k, v) -> expected.get(k).addAll(v));
        }
        assertThat(w.rowsWritten()).isEqualTo(rows);
      }
      long estimate = w.estimatedBytes();
      long size = w.finish();
      assertThat(size).isEqualTo(Files.size(file));
      if (rows > 0) {
        assertThat(estimate).isPositive();
      }
    }
    return expected;
  }

  static Map<String, List<Object>> readWithLance(Path file, BufferAllocator a) throws Exception {
    try (var r = org.lance.file.LanceFileReader.open(file.toString(), a);
        ArrowReader rd = r.readAll(null, null, 777)) {
      return ArrowAssert.drain(rd);
    }
  }

  private void roundTrip(double nullFraction, long pageSize, int[] batches) throws Exception {
    Path file = dir.resolve("t.lance");
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> expected = writeRandom(file, TestData.allTypesSchema(), batches,
          nullFraction, pageSize, a);
      ArrowAssert.assertSameColumns(expected, readWithLance(file, a));
      try (var r = org.lance.file.LanceFileReader.open(file.toString(), a)) {
        assertThat(r.numRows()).isEqualTo(java.util.Arrays.stream(batches).sum());
        assertThat(r.schema()).isEqualTo(TestData.allTypesSchema());
      }
    }
  }

  @Test
  void allTypesWithNullsReadByLance() throws Exception {
    roundTrip(0.2, FileFormat.DEFAULT_PAGE_SIZE_BYTES, new int[] {300, 1, 699});
  }

  @Test
  void allTypesWithoutNullsReadByLance() throws Exception {
    roundTrip(0.0, FileFormat.DEFAULT_PAGE_SIZE_BYTES, new int[] {500, 500});
  }

  @Test
  void allTypesAllNullReadByLance() throws Exception {
    roundTrip(1.0, FileFormat.DEFAULT_PAGE_SIZE_BYTES, new int[] {250, 3});
  }

  @Test
  void smallPagesSpanEveryColumnOverManyPages() throws Exception {
    roundTrip(0.2, 1024, new int[] {3000, 17, 2983});
    Path file = dir.resolve("t.lance");
    List<File2Protos.ColumnMetadata> cols = columnMetadata(file);
    List<org.lance4j.LanceField> fields = LanceSchema.fromArrow(TestData.allTypesSchema())
        .allFields();
    assertThat(cols).hasSize(fields.size());
    for (int c = 0; c < cols.size(); c++) {
      if (fields.get(c).isStruct()) {
        assertThat(cols.get(c).getPagesCount()).as("struct header %s", fields.get(c)).isOne();
      } else {
        assertThat(cols.get(c).getPagesCount()).as("pages of %s", fields.get(c))
            .isGreaterThan(1);
      }
    }
  }

  @Test
  void zeroRowFileIsValid() throws Exception {
    Path file = dir.resolve("empty.lance");
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> expected = writeRandom(file, TestData.allTypesSchema(),
          new int[] {0}, 0.2, FileFormat.DEFAULT_PAGE_SIZE_BYTES, a);
      Map<String, List<Object>> actual = readWithLance(file, a);
      ArrowAssert.assertSameColumns(expected, actual);
      assertThat(actual.get("i64")).isEmpty();
      try (var r = org.lance.file.LanceFileReader.open(file.toString(), a)) {
        assertThat(r.numRows()).isZero();
        assertThat(r.schema()).isEqualTo(TestData.allTypesSchema());
      }
    }
  }

  @Test
  void mismatchedBatchIsRejectedNamingTheField() throws Exception {
    Schema schema = new Schema(List.of(TestData.field("a", new ArrowType.Int(32, true)),
        TestData.field("b", new ArrowType.Int(32, true))));
    Schema wrongType = new Schema(List.of(TestData.field("a", new ArrowType.Int(32, true)),
        TestData.field("b", new ArrowType.Int(64, true))));
    Schema wrongName = new Schema(List.of(TestData.field("a", new ArrowType.Int(32, true)),
        TestData.field("c", new ArrowType.Int(32, true))));
    Schema nestedWrong = new Schema(List.of(TestData.field("a", new ArrowType.Int(32, true)),
        TestData.field("b", ArrowType.List.INSTANCE, TestData.field("item", ArrowType.Utf8.INSTANCE))));
    try (BufferAllocator a = new RootAllocator();
        V20FileWriter w = new V20FileWriter(
            new FileOutputStream(dir.resolve("x.lance").toFile()),
            LanceSchema.fromArrow(schema), FileFormat.DEFAULT_PAGE_SIZE_BYTES, "x.lance")) {
      for (Schema bad : List.of(wrongType, wrongName, nestedWrong)) {
        try (VectorSchemaRoot root = TestData.random(bad, 3, 1, 0, a)) {
          assertThatThrownBy(() -> w.write(root)).isInstanceOf(InvalidInputException.class)
              .hasMessageContaining("'b'").hasMessageContaining("x.lance");
        }
      }
      try (VectorSchemaRoot root = VectorSchemaRoot.of(new IntVector("a", a))) {
        assertThatThrownBy(() -> w.write(root)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("[a]");
      }
      // the writer is still usable after rejected batches
      try (VectorSchemaRoot root = TestData.random(schema, 5, 1, 0, a)) {
        w.write(root);
      }
      assertThat(w.rowsWritten()).isEqualTo(5);
    }
  }

  @Test
  void containerFooterAndTablesAreConsistent() throws Exception {
    Path file = dir.resolve("f.lance");
    try (BufferAllocator a = new RootAllocator()) {
      writeRandom(file, TestData.allTypesSchema(), new int[] {1000}, 0.2, 4096, a);
    }
    byte[] all = Files.readAllBytes(file);
    ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int end = all.length;
    assertThat(new String(all, end - 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("LANC");
    assertThat(bb.getShort(end - 8)).isEqualTo((short) 0);
    assertThat(bb.getShort(end - 6)).isEqualTo((short) 3);
    long metaA = bb.getLong(end - 40);
    long cmoB = bb.getLong(end - 32);
    long gboC = bb.getLong(end - 24);
    int globals = bb.getInt(end - 16);
    int columns = bb.getInt(end - 12);
    assertThat(globals).isOne();
    assertThat(columns).isEqualTo(46);
    assertThat(gboC).isEqualTo(cmoB + 16L * columns);
    assertThat(end).isEqualTo(gboC + 16 + 40);
    long gb0Pos = bb.getLong((int) gboC);
    long gb0Len = bb.getLong((int) gboC + 8);
    assertThat(gb0Pos % 64).isZero();
    assertThat(gb0Pos + gb0Len).isEqualTo(metaA);
    var fd = org.lance4j.proto.FileProtos.FileDescriptor.parseFrom(
        ByteBuffer.wrap(all, (int) gb0Pos, (int) gb0Len));
    assertThat(fd.getLength()).isEqualTo(1000);
    assertThat(SchemaProtos.fromProtos(fd.getSchema().getFieldsList(),
        fd.getSchema().getMetadataMap()))
        .isEqualTo(LanceSchema.fromArrow(TestData.allTypesSchema()));
    long expectPos = metaA;
    long lastBufferEnd = 0;
    for (int c = 0; c < columns; c++) {
      long pos = bb.getLong((int) (cmoB + 16L * c));
      long len = bb.getLong((int) (cmoB + 16L * c + 8));
      assertThat(pos).as("column %d metadata position", c).isEqualTo(expectPos);
      expectPos += len;
      var cm = File2Protos.ColumnMetadata.parseFrom(ByteBuffer.wrap(all, (int) pos, (int) len));
      assertThat(cm.getEncoding()).isEqualTo(EncodingAny.columnValues());
      for (var page : cm.getPagesList()) {
        assertThat(page.getPriority()).isZero();
        for (int i = 0; i < page.getBufferOffsetsCount(); i++) {
          assertThat(page.getBufferOffsets(i) % 64).isZero();
          lastBufferEnd = Math.max(lastBufferEnd,
              page.getBufferOffsets(i) + page.getBufferSizes(i));
        }
      }
    }
    assertThat(expectPos).isEqualTo(cmoB);
    assertThat(lastBufferEnd).isLessThanOrEqualTo(gb0Pos);
    for (long p = lastBufferEnd; p < gb0Pos; p++) {
      assertThat(all[(int) p]).as("padding byte at %d", p).isEqualTo((byte) 0x48);
    }
  }

  @Test
  void pageMetadataMatchesWhatLanceWrites() throws Exception {
    Schema schema = TestData.allTypesSchema();
    Path ours = dir.resolve("ours.lance");
    Path theirs = dir.resolve("theirs.lance");
    for (double[] cas : new double[][] {{40, 0.0}, {40, 0.2}, {40, 1.0}, {0, 0.2}, {99, 0.5}}) {
      int rows = (int) cas[0];
      double nulls = cas[1];
      try (BufferAllocator a = new RootAllocator()) {
        Files.deleteIfExists(ours);
        Files.deleteIfExists(theirs);
        writeRandom(ours, schema, new int[] {rows}, nulls, FileFormat.DEFAULT_PAGE_SIZE_BYTES, a);
        try (VectorSchemaRoot root = TestData.random(schema, rows, 7, nulls, a);
            var w = org.lance.file.LanceFileWriter.open(theirs.toString(), a, null,
                Optional.of("2.0"), Map.of())) {
          w.write(root);
        }
      }
      List<File2Protos.ColumnMetadata> o = columnMetadata(ours);
      List<File2Protos.ColumnMetadata> t = columnMetadata(theirs);
      assertThat(o).hasSameSizeAs(t);
      for (int c = 0; c < o.size(); c++) {
        assertThat(o.get(c).getPagesCount()).as("pages of column %d", c)
            .isEqualTo(t.get(c).getPagesCount());
        for (int p = 0; p < o.get(c).getPagesCount(); p++) {
          var op = o.get(c).getPages(p);
          var tp = t.get(c).getPages(p);
          String what = "column " + c + " page " + p + " nulls " + nulls;
          assertThat(EncodingAny.arrayEncoding(op.getEncoding(), what)).as(what)
              .isEqualTo(EncodingAny.arrayEncoding(tp.getEncoding(), what));
          assertThat(op.getLength()).as(what).isEqualTo(tp.getLength());
          assertThat(op.getBufferSizesList()).as(what).isEqualTo(tp.getBufferSizesList());
        }
      }
      // same data, same encodings, same layout: the files are the same bytes (but for the
      // storage_class that our schema records, see assertSameFileAsLance)
      assertSameFileAsLance(ours, theirs, "nulls " + nulls);
    }
  }

  /**
   * Our 2.0 file is the 2.0 file lance-core 7.0.0 writes: the same bytes up to the schema (pages
   * and padding), the same column metadata, footer and schema, except that our schema also records
   * storage_class "default" on every field as Lance 0.39 did (Lance039FixturesTest checks 0.39's
   * files); 7.0.0 no longer writes it and reads both.
   */
  static void assertSameFileAsLance(Path ours, Path theirs, String what) throws IOException {
    byte[] o = Files.readAllBytes(ours);
    byte[] t = Files.readAllBytes(theirs);
    ByteBuffer of = ByteBuffer.wrap(o, o.length - 40, 40).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer tf = ByteBuffer.wrap(t, t.length - 40, 40).order(ByteOrder.LITTLE_ENDIAN);
    long oGbo = of.getLong(o.length - 24);
    long tGbo = tf.getLong(t.length - 24);
    // global buffers, columns, version and magic
    assertThat(java.util.Arrays.copyOfRange(o, o.length - 16, o.length)).as(what + ": footer")
        .isEqualTo(java.util.Arrays.copyOfRange(t, t.length - 16, t.length));
    assertThat(of.getInt(o.length - 16)).as(what + ": global buffers").isEqualTo(1);
    ByteBuffer og = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer tg = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
    int schemaAt = (int) og.getLong((int) oGbo);
    assertThat(schemaAt).as(what + ": schema position").isEqualTo(tg.getLong((int) tGbo));
    assertThat(java.util.Arrays.copyOfRange(o, 0, schemaAt)).as(what + ": bytes before the schema")
        .isEqualTo(java.util.Arrays.copyOfRange(t, 0, schemaAt));
    FileProtos.FileDescriptor os = FileProtos.FileDescriptor.parseFrom(java.util.Arrays
        .copyOfRange(o, schemaAt, schemaAt + (int) og.getLong((int) oGbo + 8)));
    FileProtos.FileDescriptor ts = FileProtos.FileDescriptor.parseFrom(java.util.Arrays
        .copyOfRange(t, schemaAt, schemaAt + (int) tg.getLong((int) tGbo + 8)));
    FileProtos.FileDescriptor.Builder stripped = os.toBuilder();
    for (int i = 0; i < os.getSchema().getFieldsCount(); i++) {
      assertThat(os.getSchema().getFields(i).getStorageClass()).as(what + ": storage class")
          .isEqualTo("default");
      stripped.getSchemaBuilder().getFieldsBuilder(i).clearStorageClass();
    }
    assertThat(stripped.build()).as(what + ": schema").isEqualTo(ts);
    assertThat(columnMetadata(ours)).as(what + ": column metadata")
        .isEqualTo(columnMetadata(theirs));
  }

  /** All column metadata messages of a file, located through the footer. */
  static List<File2Protos.ColumnMetadata> columnMetadata(Path file) throws IOException {
    long size = Files.size(file);
    ByteBuffer foot = ByteBuffer.wrap(readRange(file, size - 40, 40))
        .order(ByteOrder.LITTLE_ENDIAN);
    foot.getLong();
    long b = foot.getLong();
    foot.getLong();
    foot.getInt();
    int nc = foot.getInt();
    ByteBuffer cmo = ByteBuffer.wrap(readRange(file, b, 16 * nc))
        .order(ByteOrder.LITTLE_ENDIAN);
    List<File2Protos.ColumnMetadata> out = new ArrayList<>();
    for (int i = 0; i < nc; i++) {
      long pos = cmo.getLong();
      long len = cmo.getLong();
      out.add(File2Protos.ColumnMetadata.parseFrom(readRange(file, pos, (int) len)));
    }
    return out;
  }

  // ---- metadata decoding helpers (also used to diff against lance's files) ----

  static byte[] readRange(Path p, long pos, int len) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      byte[] b = new byte[len];
      f.seek(pos);
      f.readFully(b);
      return b;
    }
  }

  /** The container metadata of a 2.0 file as readable text. */
  static String dump(Path p, boolean pages) throws IOException {
    long size = p.toFile().length();
    ByteBuffer foot = ByteBuffer.wrap(readRange(p, size - 40, 40)).order(ByteOrder.LITTLE_ENDIAN);
    long a = foot.getLong();
    long b = foot.getLong();
    long c = foot.getLong();
    int ng = foot.getInt();
    int nc = foot.getInt();
    int major = foot.getShort();
    int minor = foot.getShort();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("size=%d A=%d B=%d C=%d globals=%d cols=%d version=%d.%d%n",
        size, a, b, c, ng, nc, major, minor));
    ByteBuffer gbo = ByteBuffer.wrap(readRange(p, c, 16 * ng)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < ng; i++) {
      long pos = gbo.getLong();
      long len = gbo.getLong();
      sb.append(String.format("gb%d pos=%d size=%d%n", i, pos, len));
      if (i == 0) {
        FileProtos.FileDescriptor fd =
            FileProtos.FileDescriptor.parseFrom(readRange(p, pos, (int) len));
        sb.append("  rows=").append(fd.getLength()).append(" fields=")
            .append(fd.getSchema().getFieldsCount()).append('\n');
      }
    }
    ByteBuffer cmo = ByteBuffer.wrap(readRange(p, b, 16 * nc)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < nc; i++) {
      long pos = cmo.getLong();
      long len = cmo.getLong();
      File2Protos.ColumnMetadata cm =
          File2Protos.ColumnMetadata.parseFrom(readRange(p, pos, (int) len));
      sb.append(String.format("col%d pos=%d size=%d pages=%d%n", i, pos, len, cm.getPagesCount()));
      int shown = 0;
      for (File2Protos.ColumnMetadata.Page pg : cm.getPagesList()) {
        if (!pages && shown++ > 1) {
          break;
        }
        EncodingProtos.ArrayEncoding enc = EncodingAny.arrayEncoding(pg.getEncoding(), "dump");
        sb.append("  page len=").append(pg.getLength()).append(" prio=").append(pg.getPriority())
            .append(" offs=").append(pg.getBufferOffsetsList()).append(" sizes=")
            .append(pg.getBufferSizesList()).append(" enc=")
            .append(com.google.protobuf.TextFormat.shortDebugString(enc)).append('\n');
      }
    }
    return sb.toString();
  }
}
