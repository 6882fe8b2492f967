package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.Flat;
import org.lance4j.proto.Encodings21Protos.InlineBitpacking;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.AllocatorTestBase;

/**
 * The point reads of a take ({@link MiniBlockPoints}): every row of every chunk (first and last
 * included, across chunk and FastLanes block boundaries) taken one by one equals the scan, for
 * files lance-core 7.0.0 and lance4j write as 2.1 and 2.2 (Flat, 1-bit booleans, InlineBitpacking,
 * Variable, Fsst, dictionaries; bit-packed and RLE def levels with nulls; empty strings); the
 * single-value FastLanes read equals the block unpack at every index and width; corrupt chunks
 * raise a typed error.
 */
class MiniBlockPointsTest extends AllocatorTestBase {
  private static final int ROWS = 9_000;

  private static Schema schema() {
    return new Schema(List.of(
        Field.nullable("i8", new ArrowType.Int(8, true)),
        Field.nullable("i16", new ArrowType.Int(16, true)),
        Field.nullable("i32", new ArrowType.Int(32, true)),
        Field.notNullable("seq", new ArrowType.Int(64, true)),
        Field.nullable("i64", new ArrowType.Int(64, true)),
        Field.nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        Field.nullable("b", ArrowType.Bool.INSTANCE),
        Field.notNullable("bv", ArrowType.Bool.INSTANCE),
        Field.nullable("s", ArrowType.Utf8.INSTANCE),
        Field.nullable("low", ArrowType.Utf8.INSTANCE),
        new Field("vec", org.apache.arrow.vector.types.pojo.FieldType.notNullable(
            new ArrowType.FixedSizeList(128)), List.of(Field.notNullable("item",
            new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))))));
  }

  private VectorSchemaRoot data() {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
    root.allocateNew();
    Random r = new Random(5);
    String[] five = {"alpha", "beta", "", "delta", "epsilon"};
    for (int i = 0; i < ROWS; i++) {
      boolean nul = r.nextInt(10) == 0;
      TinyIntVector i8 = (TinyIntVector) root.getVector("i8");
      if (nul) {
        i8.setNull(i);
      } else {
        i8.setSafe(i, (byte) r.nextInt(12));
      }
      ((SmallIntVector) root.getVector("i16")).setSafe(i, (short) (r.nextInt(3000) - 1500));
      IntVector i32 = (IntVector) root.getVector("i32");
      if (r.nextInt(7) == 0) {
        i32.setNull(i);
      } else {
        i32.setSafe(i, r.nextInt(100_000));
      }
      ((BigIntVector) root.getVector("seq")).setSafe(i, 1_000_000L + i);
      BigIntVector i64 = (BigIntVector) root.getVector("i64");
      if (nul) {
        i64.setNull(i);
      } else {
        i64.setSafe(i, r.nextLong());
      }
      ((Float8Vector) root.getVector("f64")).setSafe(i, r.nextDouble() * 1e6);
      BitVector b = (BitVector) root.getVector("b");
      if (r.nextInt(9) == 0) {
        b.setNull(i);
      } else {
        b.setSafe(i, r.nextBoolean() ? 1 : 0);
      }
      ((BitVector) root.getVector("bv")).setSafe(i, r.nextInt(3) == 0 ? 1 : 0);
      VarCharVector s = (VarCharVector) root.getVector("s");
      if (r.nextInt(8) == 0) {
        s.setNull(i);
      } else {
        int len = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(24);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < len; k++) {
          sb.append((char) ('a' + r.nextInt(6)));
        }
        s.setSafe(i, sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      VarCharVector low = (VarCharVector) root.getVector("low");
      if (r.nextInt(11) == 0) {
        low.setNull(i);
      } else {
        low.setSafe(i, five[r.nextInt(five.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    var vec = (org.apache.arrow.vector.complex.FixedSizeListVector) root.getVector("vec");
    var items = (org.apache.arrow.vector.Float4Vector) vec.getDataVector();
    for (int i = 0; i < ROWS; i++) {
      vec.setNotNull(i);
      for (int k = 0; k < 128; k++) {
        items.setSafe(i * 128 + k, i + k / 256f);
      }
    }
    items.setValueCount(ROWS * 128);
    root.setRowCount(ROWS);
    return root;
  }

  private Path write(String writer, String version) throws Exception {
    String name = writer + version.replace('.', '_') + ".lance";
    Path file = dir.resolve(name);
    try (VectorSchemaRoot root = data()) {
      if (writer.equals("lance-core")) {
        try (var w = org.lance.file.LanceFileWriter.open(file.toString(), allocator, null,
            Optional.of(version), Map.of())) {
          w.write(root);
        }
      } else {
        try (V21FileWriter w = new V21FileWriter(new FileOutputStream(file.toFile()),
            LanceSchema.fromArrow(root.getSchema()), 1 << 20, name,
            Integer.parseInt(version.substring(2)))) {
          w.write(root);
          w.finish();
        }
      }
    }
    return file;
  }

  @ParameterizedTest(name = "{0} writes {1}")
  @CsvSource({"lance-core,2.1", "lance-core,2.2", "lance4j,2.1", "lance4j,2.2"})
  void everyRowTakenAloneEqualsTheScan(String writer, String version) throws Exception {
    Path file = write(writer, version);
    // the point path serves the pages of these encodings (they would be decoded by chunk
    // windows otherwise): at least Flat, InlineBitpacking or a dictionary, 1-bit and strings
    TreeSet<String> pointed = new TreeSet<>();
    for (int c = 0; c < schema().getFields().size() - 1; c++) {
      for (PageLayout l : V21TestFiles.pages(file, c)) {
        if (l.hasMiniBlockLayout() && MiniBlockPoints.pointable(l.getMiniBlockLayout())) {
          pointed.add(schema().getFields().get(c).getName() + ": " + ColumnReader.describe(l));
        }
      }
    }
    // lance-core's vectors: plain fixed-width full-zip pages (read row by row, no decode)
    if (writer.equals("lance-core")) {
      assertThat(V21TestFiles.pages(file, schema().getFields().size() - 1))
          .allMatch(l -> l.hasFullZipLayout()
              && FullZipPage.plainValues(l.getFullZipLayout()) != null);
    }
    assertThat(pointed).as("point-read pages").anyMatch(s -> s.startsWith("b: "))
        .anyMatch(s -> s.startsWith("bv: ")).anyMatch(s -> s.startsWith("s: "))
        .anyMatch(s -> s.startsWith("i32: ")).anyMatch(s -> s.startsWith("seq: "))
        .anyMatch(s -> s.startsWith("f64: "));
    if (writer.equals("lance-core")) {
      assertThat(String.join("; ", pointed)).contains("s: MiniBlock Fsst",
          "i32: MiniBlock InlineBitpacking", "b: MiniBlock Flat(1)", "f64: MiniBlock Flat(64)",
          "low: MiniBlock InlineBitpacking + dictionary");
    }
    LocalObjectStore store = new LocalObjectStore(dir);
    String name = file.getFileName().toString();
    Random rnd = new Random(9);
    long[] all = new long[ROWS];
    for (int i = 0; i < ROWS; i++) {
      all[i] = i;
    }
    // a sparse take with repeats, the first and last rows
    TreeSet<Long> some = new TreeSet<>(List.of(0L, 1023L, 1024L, 4095L, 4096L, ROWS - 1L));
    while (some.size() < 300) {
      some.add((long) rnd.nextInt(ROWS));
    }
    List<Long> sparse = new ArrayList<>();
    for (long v : some) {
      sparse.add(v);
      if (v % 5 == 0) {
        sparse.add(v); // duplicates
      }
    }
    long[] sp = sparse.stream().mapToLong(Long::longValue).toArray();
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      for (LanceField f : r.schema().fields()) {
        List<Object> full;
        try (FieldVector v = r.read(f, null, 0, ROWS, allocator)) {
          full = ArrowAssert.values(v);
        }
        try (FieldVector v = r.readRows(f, null, all, all.length, allocator)) {
          assertThat(ArrowAssert.values(v)).as("%s: every row (%s)", f.name(), pointed)
              .isEqualTo(full);
        }
        List<Object> want = new ArrayList<>();
        for (long i : sp) {
          want.add(full.get((int) i));
        }
        try (FieldVector v = r.readRows(f, null, sp, sp.length, allocator)) {
          assertThat(ArrowAssert.values(v)).as("%s: sparse rows", f.name()).isEqualTo(want);
        }
      }
    }
  }

  @Test
  void oneValueOfAFastLanesBlockEqualsTheBlockUnpackAtEveryIndexAndWidth() {
    Random r = new Random(3);
    for (int t : new int[] {8, 16, 32, 64}) {
      for (int w = 0; w <= t; w++) {
        byte[] packed = new byte[FastLanes.packedBytes(w) + 8];
        r.nextBytes(packed);
        ByteBuffer b = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        byte[] all = new byte[FastLanes.BLOCK * t / 8];
        FastLanes.unpackTo(b, 0, t, w, all, 0, FastLanes.BLOCK);
        ByteBuffer u = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < FastLanes.BLOCK; i++) {
          long want = FastLanes.word(u, 0, t, i);
          long got = FastLanes.value(b, 0, t, w, i);
          if (got != want) {
            assertThat(got).as("t %d w %d value %d", t, w, i).isEqualTo(want);
          }
        }
      }
    }
  }

  private static MiniBlockLayout layout(CompressiveEncoding values, int items) {
    return MiniBlockLayout.newBuilder().setValueCompression(values).setNumBuffers(1)
        .setNumItems(items).build();
  }

  /** A chunk without levels: u16 level count, u16 value bytes, padding, the value buffer. */
  private static ByteBuffer chunk(byte[] values, int declared) {
    ByteBuffer b = ByteBuffer.allocate(8 + values.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) 0);
    b.putShort(2, (short) declared);
    b.put(8, values);
    return b;
  }

  private static MiniBlockPoints points(MiniBlockLayout mb, ByteBuffer chunk, int n,
      Block dict) {
    MiniBlockPage.ChunkIndex idx = new MiniBlockPage.ChunkIndex(new long[] {0, n},
        new long[] {0, chunk.limit()});
    return MiniBlockPoints.of(mb, idx, dict, (off, len) -> Decoding.slice(chunk, (int) off,
        len));
  }

  @Test
  void corruptChunksRaiseTypedErrors() {
    CompressiveEncoding flat32 = CompressiveEncoding.newBuilder()
        .setFlat(Flat.newBuilder().setBitsPerValue(32)).build();
    // a value buffer too short for its 4 values
    MiniBlockPoints short4 = points(layout(flat32, 4), chunk(new byte[12], 12), 4, null);
    assertThatThrownBy(() -> short4.value(0, new BlockBuilder()))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("Flat buffer of 12 bytes");
    // a value buffer that claims more bytes than the chunk holds
    MiniBlockPoints over = points(layout(flat32, 4), chunk(new byte[16], 400), 4, null);
    assertThatThrownBy(() -> over.value(3, new BlockBuilder()))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("overruns");
    // InlineBitpacking of 16-bit values with a bit width of 40
    CompressiveEncoding ib16 = CompressiveEncoding.newBuilder().setInlineBitpacking(
        InlineBitpacking.newBuilder().setUncompressedBitsPerValue(16)).build();
    byte[] packed = new byte[2 + FastLanes.packedBytes(3)];
    packed[0] = 40;
    MiniBlockPoints wide = points(layout(ib16, 10), chunk(packed, packed.length), 10, null);
    assertThatThrownBy(() -> wide.value(2, new BlockBuilder()))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("bit width 40");
    // a dictionary index past the dictionary's 2 items
    CompressiveEncoding flat8 = CompressiveEncoding.newBuilder()
        .setFlat(Flat.newBuilder().setBitsPerValue(8)).build();
    Block dict = new Block.Var(new int[] {0, 1, 3}, "abc".getBytes(StandardCharsets.UTF_8), 2);
    MiniBlockLayout dl = layout(flat8, 8).toBuilder().setDictionary(flat8)
        .setNumDictionaryItems(2).build();
    MiniBlockPoints bad = points(dl, chunk(new byte[] {1, 0, 7, 1, 0, 0, 0, 0}, 8), 8, dict);
    BlockBuilder out = new BlockBuilder();
    bad.value(0, out);
    bad.value(1, out);
    Block.Var got = (Block.Var) out.build();
    assertThat(new String(got.data(), 0, got.offsets()[2], StandardCharsets.UTF_8))
        .isEqualTo("bca"); // items 1 and 0
    assertThat(got.offsets()).startsWith(0, 2, 3);
    assertThatThrownBy(() -> bad.value(2, new BlockBuilder()))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("dictionary index 7");
  }
}
