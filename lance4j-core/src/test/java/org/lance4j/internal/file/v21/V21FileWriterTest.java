package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;
import org.lance4j.testing.AllocatorTestBase;

/** Files lance4j writes as 2.1 / 2.2, read back by lance4j's 2.1 reader value by value. */
class V21FileWriterTest extends AllocatorTestBase {
  /** TestData's all-types schema without the list columns. */
  static Schema scalarTypes() {
    List<Field> out = new ArrayList<>();
    for (Field f : TestData.allTypesSchema().getFields()) {
      if (!f.getName().contains("list") && !f.getName().equals("nested")) {
        out.add(f);
      }
    }
    return new Schema(out);
  }

  private Map<String, List<Object>> write(String name, Schema schema, int minor, long pageSize,
      List<VectorSchemaRoot> batches) throws Exception {
    Map<String, List<Object>> expected = new LinkedHashMap<>();
    for (Field f : schema.getFields()) {
      expected.put(f.getName(), new ArrayList<>());
    }
    LanceSchema ls = LanceSchema.fromArrow(schema);
    try (V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve(name).toFile()),
        ls, pageSize, name, minor)) {
      for (VectorSchemaRoot b : batches) {
        w.write(b);
        ArrowAssert.columns(b).forEach((k, v) -> expected.get(k).addAll(v));
        b.close();
      }
      w.finish();
    }
    return expected;
  }

  private void assertReadsBack(String name, Map<String, List<Object>> expected, int minor)
      throws Exception {
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), name, 0)) {
      assertThat(r.footerVersion()).isEqualTo("2." + minor);
      long rows = r.numRows();
      for (LanceField f : r.schema().fields()) {
        List<Object> want = expected.get(f.name());
        assertThat(rows).isEqualTo(want.size());
        long[][] ranges = {{0, rows}, {rows / 3, rows / 2 + 1}, {rows - 1, rows}, {5, 5}};
        for (long[] range : ranges) {
          try (FieldVector v = r.read(f, null, range[0], range[1], allocator)) {
            assertThat(ArrowAssert.values(v)).as("%s rows %d..%d (2.%d)", f.name(), range[0],
                range[1], minor).isEqualTo(want.subList((int) range[0], (int) range[1]));
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void everyScalarTypeReadsBack(int minor) throws Exception {
    Schema schema = scalarTypes();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int seed = 3;
    for (int n : new int[] {5000, 3, 7001}) {
      batches.add(TestData.random(schema, n, seed++, 0.2, allocator));
    }
    Map<String, List<Object>> expected = write("all.lance", schema, minor, 16 * 1024, batches);
    assertReadsBack("all.lance", expected, minor);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void noNullsAndOnePage(int minor) throws Exception {
    Schema schema = scalarTypes();
    List<VectorSchemaRoot> batches = List.of(TestData.random(schema, 2500, 11, 0.0, allocator));
    Map<String, List<Object>> expected = write("nonull.lance", schema, minor, 8 << 20, batches);
    assertReadsBack("nonull.lance", expected, minor);
  }

  /**
   * Pages big enough that the column buffers jump to the page's expected size (past 256 KiB of
   * values) and each mini-block page buffer is sized from its first chunk, fed by batches of odd
   * sizes so that pages and chunks end mid-batch: every value reads back.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void presizedPagesAcrossOddBatches(int minor) throws Exception {
    Schema schema = scalarTypes();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int seed = 40;
    for (int n : new int[] {70_001, 4097, 65_537, 1}) {
      batches.add(TestData.random(schema, n, seed++, 0.1, allocator));
    }
    Map<String, List<Object>> expected = write("presized.lance", schema, minor, 1 << 20,
        batches);
    assertReadsBack("presized.lance", expected, minor);
  }

  static Schema wideSchema() {
    Field f32 = TestData.field("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    return new Schema(List.of(
        TestData.field("id", new ArrowType.Int(32, true)),
        TestData.field("emb", new ArrowType.FixedSizeList(128), f32),
        TestData.notNull("emb_nn", new ArrowType.FixedSizeList(16), f32),
        TestData.field("text", ArrowType.Utf8.INSTANCE),
        TestData.field("big", ArrowType.LargeUtf8.INSTANCE),
        TestData.field("nothing", new ArrowType.Int(64, true)),
        TestData.field("s", ArrowType.Struct.INSTANCE,
            TestData.field("a", new ArrowType.Int(32, true)),
            TestData.field("inner", ArrowType.Struct.INSTANCE,
                TestData.field("b", ArrowType.Utf8.INSTANCE)))));
  }

  /** Vectors with null rows and null items, long strings, an all-null column, null structs. */
  static VectorSchemaRoot wideBatch(Schema schema, int n, long seed, BufferAllocator a) {
    Random r = new Random(seed);
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    root.allocateNew();
    IntVector id = (IntVector) root.getVector("id");
    FixedSizeListVector emb = (FixedSizeListVector) root.getVector("emb");
    FixedSizeListVector embNn = (FixedSizeListVector) root.getVector("emb_nn");
    VarCharVector text = (VarCharVector) root.getVector("text");
    LargeVarCharVector big = (LargeVarCharVector) root.getVector("big");
    StructVector s = (StructVector) root.getVector("s");
    IntVector sa = (IntVector) s.getChild("a");
    StructVector inner = (StructVector) s.getChild("inner");
    VarCharVector sb = (VarCharVector) inner.getChild("b");
    Float4Vector items = (Float4Vector) emb.getDataVector();
    Float4Vector itemsNn = (Float4Vector) embNn.getDataVector();
    for (int i = 0; i < n; i++) {
      id.setSafe(i, i);
      if (i % 7 == 3) {
        emb.setNull(i);
      } else {
        emb.setNotNull(i);
      }
      for (int k = 0; k < 128; k++) {
        if ((i + k) % 97 == 0) {
          items.setNull(i * 128 + k);
        } else {
          items.setSafe(i * 128 + k, r.nextFloat());
        }
      }
      embNn.setNotNull(i);
      for (int k = 0; k < 16; k++) {
        itemsNn.setSafe(i * 16 + k, i + k / 16f);
      }
      if (i % 5 != 1) {
        text.setSafe(i, ("t" + i + "x".repeat(r.nextInt(2000))).getBytes(StandardCharsets.UTF_8));
      }
      if (i % 11 != 0) {
        big.setSafe(i, ("b" + i + "y".repeat(i % 3 == 0 ? 20000 : 40))
            .getBytes(StandardCharsets.UTF_8));
      }
      if (i % 6 == 5) {
        s.setNull(i);
      } else {
        s.setIndexDefined(i);
        if (i % 4 != 0) {
          sa.setSafe(i, i * 3);
        }
        if (i % 9 == 2) {
          inner.setNull(i);
        } else {
          inner.setIndexDefined(i);
          if (i % 2 == 0) {
            sb.setSafe(i, ("s" + i).getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    for (FieldVector v : List.of(id, text, big, root.getVector("nothing"), sa, sb)) {
      v.setValueCount(n);
    }
    items.setValueCount(n * 128);
    itemsNn.setValueCount(n * 16);
    emb.setValueCount(n);
    embNn.setValueCount(n);
    inner.setValueCount(n);
    s.setValueCount(n);
    root.setRowCount(n);
    return root;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void vectorsLongStringsAllNullAndStructs(int minor) throws Exception {
    Schema schema = wideSchema();
    List<VectorSchemaRoot> batches = List.of(wideBatch(schema, 700, 1, allocator),
        wideBatch(schema, 300, 2, allocator));
    Map<String, List<Object>> expected = write("wide.lance", schema, minor, 256 * 1024,
        batches);
    assertReadsBack("wide.lance", expected, minor);
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "wide.lance", 0)) {
      assertThat(r.schema().allFields()).hasSize(10);
    }
  }

  /**
   * One page of vectors fed by batches of odd sizes (bit offsets not byte-aligned) where only the
   * middle batch has null items: the page's item validity is built when the first null item
   * arrives (the items before it valid) and kept for the valid batch after it; booleans and
   * strings with nulls from the same unaligned batches.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void vectorItemNullsArrivingMidPage(int minor) throws Exception {
    Field f32 = TestData.field("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    Schema schema = new Schema(List.of(
        TestData.field("emb", new ArrowType.FixedSizeList(5), f32),
        TestData.field("flag", ArrowType.Bool.INSTANCE),
        TestData.field("text", ArrowType.Utf8.INSTANCE)));
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int row = 0;
    int[][] shapes = {{13, 0}, {7, 1}, {21, 0}, {3, 1}};
    for (int[] shape : shapes) {
      int n = shape[0];
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      root.allocateNew();
      FixedSizeListVector emb = (FixedSizeListVector) root.getVector("emb");
      Float4Vector items = (Float4Vector) emb.getDataVector();
      org.apache.arrow.vector.BitVector flag =
          (org.apache.arrow.vector.BitVector) root.getVector("flag");
      VarCharVector text = (VarCharVector) root.getVector("text");
      for (int i = 0; i < n; i++, row++) {
        emb.setNotNull(i);
        for (int k = 0; k < 5; k++) {
          if (shape[1] == 1 && (i + k) % 3 == 0) {
            items.setNull(i * 5 + k);
          } else {
            items.setSafe(i * 5 + k, row * 10 + k);
          }
        }
        if (row % 4 != 2) {
          flag.setSafe(i, row % 3 == 0 ? 1 : 0);
        }
        if (row % 5 != 1) {
          text.setSafe(i, ("v" + row).getBytes(StandardCharsets.UTF_8));
        }
      }
      items.setValueCount(n * 5);
      emb.setValueCount(n);
      flag.setValueCount(n);
      text.setValueCount(n);
      root.setRowCount(n);
      batches.add(root);
    }
    Map<String, List<Object>> expected = write("mid.lance", schema, minor, 8 << 20, batches);
    assertReadsBack("mid.lance", expected, minor);
    List<PageLayout> first = V21TestFiles.firstPages(dir.resolve("mid.lance"));
    // one page, with item validity: 5 floats and a validity byte per vector
    assertThat(first.get(0).getFullZipLayout().getBitsPerValue()).isEqualTo(5 * 32 + 8);
    assertThat(first.get(0).getFullZipLayout().getNumItems()).isEqualTo(44);
  }

  @Test
  void layoutsAreTheExpectedOnes() throws Exception {
    Schema schema = wideSchema();
    write("l.lance", schema, 2, 8 << 20, List.of(wideBatch(schema, 100, 1, allocator)));
    List<PageLayout> first = V21TestFiles.firstPages(dir.resolve("l.lance"));
    // columns: id, emb, emb_nn, text, big, nothing, s.a, s.inner.b
    assertThat(first.get(0).hasMiniBlockLayout()).isTrue();
    assertThat(first.get(0).getMiniBlockLayout().getHasLargeChunk()).isTrue();
    assertThat(first.get(1).getFullZipLayout().getBitsPerValue()).isEqualTo(128 * 32 + 128);
    assertThat(first.get(1).getFullZipLayout().getBitsDef()).isEqualTo(1);
    assertThat(first.get(2).getFullZipLayout().getBitsPerValue()).isEqualTo(16 * 32);
    assertThat(first.get(2).getFullZipLayout().getBitsDef()).isEqualTo(0);
    assertThat(first.get(3).hasFullZipLayout()).isTrue();
    assertThat(first.get(4).getFullZipLayout().getBitsPerOffset()).isEqualTo(64);
    assertThat(first.get(5).hasConstantLayout()).isTrue();
    assertThat(first.get(6).getMiniBlockLayout().getLayersCount()).isEqualTo(2);
    assertThat(first.get(7).getMiniBlockLayout().getLayersCount()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void smallAndSequentialIntsAreBitPacked(int minor) throws Exception {
    Schema schema = new Schema(List.of(
        TestData.field("small", new ArrowType.Int(32, true)),
        TestData.notNull("seq", new ArrowType.Int(64, true)),
        TestData.field("u8", new ArrowType.Int(8, false)),
        TestData.field("neg", new ArrowType.Int(16, true)),
        TestData.field("zero", new ArrowType.Int(32, true))));
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int base = 0;
    for (int n : new int[] {3000, 1, 2500}) {
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      root.allocateNew();
      Random r = new Random(n);
      for (int i = 0; i < n; i++) {
        if (i % 7 != 3) {
          ((IntVector) root.getVector("small")).setSafe(i, r.nextInt(1000));
        } else {
          ((IntVector) root.getVector("small")).setNull(i);
        }
        ((org.apache.arrow.vector.BigIntVector) root.getVector("seq")).setSafe(i, base + i);
        ((org.apache.arrow.vector.UInt1Vector) root.getVector("u8")).setSafe(i, r.nextInt(16));
        ((org.apache.arrow.vector.SmallIntVector) root.getVector("neg")).setSafe(i,
            (short) (r.nextInt(100) - 50));
        ((IntVector) root.getVector("zero")).setSafe(i, 0);
      }
      base += n;
      root.setRowCount(n);
      batches.add(root);
    }
    Map<String, List<Object>> expected = write("ints.lance", schema, minor, 8 << 20, batches);
    assertReadsBack("ints.lance", expected, minor);
    List<PageLayout> first = V21TestFiles.firstPages(dir.resolve("ints.lance"));
    for (int c : new int[] {0, 1, 2}) {
      assertThat(first.get(c).getMiniBlockLayout().getValueCompression().hasInlineBitpacking())
          .as("column %d", c).isTrue();
    }
    assertThat(first.get(3).getMiniBlockLayout().getValueCompression().hasFlat()).isTrue();
    // all zeros: bit-packed to width 0 in 2.1, a Constant page with the value inline in 2.2 (as
    // lance-core 7.0.0 writes them)
    if (minor == 1) {
      assertThat(first.get(4).getMiniBlockLayout().getValueCompression().hasInlineBitpacking())
          .isTrue();
    } else {
      assertThat(first.get(4).getConstantLayout().hasInlineValue()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void lowCardinalityStringsGetADictionary(int minor) throws Exception {
    Schema schema = new Schema(List.of(TestData.field("cat", ArrowType.Utf8.INSTANCE),
        TestData.field("uniq", ArrowType.Utf8.INSTANCE)));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    int n = 5000;
    for (int i = 0; i < n; i++) {
      if (i % 9 != 4) {
        ((VarCharVector) root.getVector("cat")).setSafe(i,
            ("category-" + (i * 7919 % 13)).getBytes(StandardCharsets.UTF_8));
      }
      ((VarCharVector) root.getVector("uniq")).setSafe(i,
          ("u" + i).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
    Map<String, List<Object>> expected = write("dict.lance", schema, minor, 8 << 20,
        List.of(root));
    assertReadsBack("dict.lance", expected, minor);
    List<PageLayout> first = V21TestFiles.firstPages(dir.resolve("dict.lance"));
    assertThat(first.get(0).getMiniBlockLayout().getNumDictionaryItems()).isEqualTo(13);
    assertThat(first.get(1).getMiniBlockLayout().hasDictionary()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void everyTypeOfTheAllTypesSchemaReadsBack(int minor) throws Exception {
    Schema schema = TestData.allTypesSchema();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int seed = 21;
    for (int n : new int[] {3000, 1, 4001}) {
      batches.add(TestData.random(schema, n, seed++, 0.2, allocator));
    }
    Map<String, List<Object>> expected = write("types.lance", schema, minor, 16 * 1024, batches);
    assertReadsBack("types.lance", expected, minor);
  }
}
