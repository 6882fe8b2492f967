package org.lance4j.internal.file;

import org.lance4j.internal.file.v20.ColumnPageReader;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.EncodingProtos.ArrayEncoding;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/**
 * Reads 2.0 (legacy) files written by lance-core 7.0.0 (the oracle) and compares every value with
 * the input: the 2.0 decoder, for datasets written before Lance moved to 2.1.
 */
class LanceFileReaderTest {
  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  /** Writes roots with lance-core's file writer into dir/name, as file format 2.0. */
  static void writeWithLance(Path file, BufferAllocator a, DictionaryProvider provider,
      VectorSchemaRoot... roots) throws Exception {
    try (var w = org.lance.file.LanceFileWriter.open(file.toString(), a, provider,
        java.util.Optional.of("2.0"), Map.of())) {
      for (VectorSchemaRoot r : roots) {
        w.write(r);
      }
    }
  }

  /** Column index of each field id: the file's columns are its schema's fields depth-first. */
  static IntUnaryOperator columnOf(LanceSchema schema) {
    Map<Integer, Integer> m = new HashMap<>();
    List<LanceField> all = schema.allFields();
    for (int i = 0; i < all.size(); i++) {
      m.put(all.get(i).id(), i);
    }
    return id -> m.getOrDefault(id, -1);
  }

  /** Reads rows [start, end) of every top-level field as normalised values. */
  static Map<String, List<Object>> read(LanceFileReader r, long start, long end,
      BufferAllocator a) {
    Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
    IntUnaryOperator cols = columnOf(r.schema());
    for (LanceField f : r.schema().fields()) {
      try (FieldVector v = r.read(f, cols, start, end, a)) {
        assertThat(v.getName()).isEqualTo(f.name());
        assertThat(v.getValueCount()).isEqualTo((int) (end - start));
        out.put(f.name(), ArrowAssert.values(v));
      }
    }
    return out;
  }

  static Map<String, List<Object>> slice(Map<String, List<Object>> cols, int start, int end) {
    Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
    cols.forEach((k, v) -> out.put(k, new ArrayList<>(v.subList(start, end))));
    return out;
  }

  private void roundTrip(Schema schema, int rows, double nullFraction) throws Exception {
    Path file = dir.resolve("t.lance");
    Map<String, List<Object>> expected;
    try (VectorSchemaRoot root = TestData.random(schema, rows, 42, nullFraction, allocator)) {
      expected = ArrowAssert.columns(root);
      writeWithLance(file, allocator, null, root);
    }
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "t.lance", 0)) {
      assertThat(r.numRows()).isEqualTo(rows);
      assertThat(r.footerVersion()).isEqualTo("0.3");
      assertThat(r.schema().toArrow().getFields()).hasSize(schema.getFields().size());
      ArrowAssert.assertSameColumns(expected, read(r, 0, rows, allocator));
      // arbitrary ranges, including ones that do not start on a byte boundary
      int[][] ranges = {{0, 1}, {3, 17}, {rows - 1, rows}, {101, 1234}, {7, 7}, {rows / 2, rows}};
      for (int[] rg : ranges) {
        ArrowAssert.assertSameColumns(slice(expected, rg[0], rg[1]),
            read(r, rg[0], rg[1], allocator));
      }
    }
  }

  @Test
  void allTypesWithNulls() throws Exception {
    roundTrip(TestData.allTypesSchema(), 3000, 0.2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void prunedStructsReadOnlyTheirSelectedChildren() throws Exception {
    int rows = 700;
    Path file = dir.resolve("t.lance");
    Map<String, List<Object>> expected;
    try (VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), rows, 9, 0.2,
        allocator)) {
      expected = ArrowAssert.columns(root);
      writeWithLance(file, allocator, null, root);
    }
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "t.lance", 0)) {
      LanceSchema pruned = r.schema().project(List.of("struct.b", "nested.l"));
      IntUnaryOperator cols = columnOf(r.schema());
      for (LanceField f : pruned.fields()) {
        String keep = f.children().get(0).name();
        try (FieldVector v = r.read(f, cols, 50, 650, allocator)) {
          assertThat(v.getField().getChildren()).hasSize(1);
          List<Object> got = ArrowAssert.values(v);
          for (int i = 0; i < 600; i++) {
            Map<String, Object> full = (Map<String, Object>) expected.get(f.name()).get(50 + i);
            Map<String, Object> want = new java.util.LinkedHashMap<>();
            if (full.containsKey(keep)) {
              want.put(keep, full.get(keep));
            }
            assertThat(got.get(i)).as("%s row %d", f.name(), 50 + i).isEqualTo(want);
          }
        }
      }
    }
  }

  @Test
  void allTypesWithoutNulls() throws Exception {
    roundTrip(TestData.allTypesSchema(), 2000, 0.0);
  }

  @Test
  void allTypesAllNull() throws Exception {
    roundTrip(TestData.allTypesSchema(), 1500, 1.0);
  }

  @Test
  void lowCardinalityStringsAreDictionaryPages() throws Exception {
    int rows = 5000;
    Schema schema = new Schema(List.of(TestData.field("cat", ArrowType.Utf8.INSTANCE),
        TestData.field("n", new ArrowType.Int(32, true))));
    Path file = dir.resolve("t.lance");
    List<Object> expected = new ArrayList<>();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      VarCharVector v = (VarCharVector) root.getVector(0);
      IntVector n = (IntVector) root.getVector(1);
      Random rnd = new Random(7);
      for (int i = 0; i < rows; i++) {
        if (rnd.nextInt(9) == 0) {
          v.setNull(i);
          expected.add(null);
        } else {
          String s = "category-" + rnd.nextInt(10);
          v.setSafe(i, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          expected.add(s);
        }
        n.setSafe(i, i);
      }
      root.setRowCount(rows);
      writeWithLance(file, allocator, null, root);
    }
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "t.lance", 0);
        org.lance4j.storage.ObjectStore.RangeReader in =
            new LocalObjectStore(dir).openRangeReader("t.lance")) {
      ColumnPageReader col = new ColumnPageReader(in, "t", 0,
          FileMetadataReader.read(new LocalObjectStore(dir), "t.lance", 0).columns().get(0),
          java.nio.file.Files.size(file));
      assertThat(col.encoding(0).getArrayEncodingCase())
          .isEqualTo(ArrayEncoding.ArrayEncodingCase.DICTIONARY);
      assertThat(read(r, 0, rows, allocator).get("cat")).isEqualTo(expected);
      assertThat(read(r, 333, 2999, allocator).get("cat")).isEqualTo(expected.subList(333, 2999));
    }
  }

  @Test
  void arrowDictionaryTypedColumn() throws Exception {
    int rows = 3000;
    Path file = dir.resolve("t.lance");
    List<Object> expected = new ArrayList<>();
    DictionaryEncoding enc = new DictionaryEncoding(3L, false, new ArrowType.Int(32, true));
    try (VarCharVector dict = new VarCharVector("dict", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(new Field("color",
            new FieldType(true, new ArrowType.Int(32, true), enc), null))), allocator)) {
      String[] names = {"red", "green", "blue", "", "violet"};
      dict.allocateNew();
      for (int i = 0; i < names.length; i++) {
        dict.setSafe(i, names[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      dict.setValueCount(names.length);
      IntVector keys = (IntVector) root.getVector(0);
      Random rnd = new Random(3);
      for (int i = 0; i < rows; i++) {
        if (rnd.nextInt(6) == 0) {
          keys.setNull(i);
          expected.add(null);
        } else {
          int k = rnd.nextInt(names.length);
          keys.setSafe(i, k);
          expected.add(names[k]);
        }
      }
      root.setRowCount(rows);
      writeWithLance(file, allocator,
          new DictionaryProvider.MapDictionaryProvider(new Dictionary(dict, enc)), root);
    }
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "t.lance", 0)) {
      LanceField f = r.schema().fields().get(0);
      assertThat(f.logicalType()).isEqualTo("dict:string:int32:false");
      assertThat(read(r, 0, rows, allocator).get("color")).isEqualTo(expected);
      assertThat(read(r, 5, 1001, allocator).get("color")).isEqualTo(expected.subList(5, 1001));
    }
  }

  @Test
  void listsSpanningManyPages() throws Exception {
    Schema schema = new Schema(List.of(
        TestData.field("l", ArrowType.List.INSTANCE, TestData.field("item",
            new ArrowType.Int(64, true)))));
    int batches = 16;
    int perBatch = 25_000;
    Path file = dir.resolve("t.lance");
    List<Object> expected = new ArrayList<>();
    Random rnd = new Random(11);
    VectorSchemaRoot[] roots = new VectorSchemaRoot[batches];
    try {
      for (int b = 0; b < batches; b++) {
        roots[b] = VectorSchemaRoot.create(schema, allocator);
        ListVector l = (ListVector) roots[b].getVector(0);
        l.allocateNew();
        BigIntVector items = (BigIntVector) l.getDataVector();
        int item = 0;
        for (int i = 0; i < perBatch; i++) {
          int kind = rnd.nextInt(20);
          if (kind == 0) {
            l.setNull(i);
            expected.add(null);
            continue;
          }
          int len = kind == 1 ? 0 : rnd.nextInt(12);
          l.startNewValue(i);
          List<Object> row = new ArrayList<>();
          for (int j = 0; j < len; j++) {
            long val = rnd.nextLong();
            items.setSafe(item++, val);
            row.add(val);
          }
          l.endValue(i, len);
          expected.add(row);
        }
        items.setValueCount(item);
        l.setValueCount(perBatch);
        roots[b].setRowCount(perBatch);
      }
      writeWithLance(file, allocator, null, roots);
    } finally {
      for (VectorSchemaRoot r : roots) {
        if (r != null) {
          r.close();
        }
      }
    }
    int rows = batches * perBatch;
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "t.lance", 0)) {
      assertThat(r.numPages(1)).as("item pages").isGreaterThanOrEqualTo(2);
      assertThat(read(r, 0, rows, allocator).get("l")).isEqualTo(expected);
      Random rr = new Random(5);
      for (int k = 0; k < 20; k++) {
        int s = rr.nextInt(rows);
        int e = Math.min(rows, s + rr.nextInt(120_000));
        assertThat(read(r, s, e, allocator).get("l")).as("rows %d..%d", s, e)
            .isEqualTo(expected.subList(s, e));
      }
      // consecutive small batches across the whole file
      List<Object> all = new ArrayList<>();
      for (int s = 0; s < rows; s += 9_999) {
        all.addAll(read(r, s, Math.min(rows, s + 9_999), allocator).get("l"));
      }
      assertThat(all).isEqualTo(expected);
    }
  }
}
