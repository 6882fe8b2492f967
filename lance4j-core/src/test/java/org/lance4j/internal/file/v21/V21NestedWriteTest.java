package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
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
import org.lance4j.proto.Encodings21Protos.RepDefLayer;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.AllocatorTestBase;

/**
 * Lists, large lists, maps, nested lists, lists of structs and structs of lists written as file
 * format 2.1 / 2.2 and read back by lance4j's reader value by value: a property-based round trip
 * over random schemas and null / empty patterns (the seed is in every failure message), plus
 * the layouts and rep/def layers chosen for typical columns.
 */
class V21NestedWriteTest extends AllocatorTestBase {
  /** Writes {@code batches} of {@code rows} (column values) and returns the expected values. */
  private List<List<Object>> write(String name, Schema schema, int minor, long pageSize,
      List<List<List<Object>>> batches) throws Exception {
    List<List<Object>> expected = new ArrayList<>();
    for (int c = 0; c < schema.getFields().size(); c++) {
      expected.add(new ArrayList<>());
    }
    try (V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve(name).toFile()),
        LanceSchema.fromArrow(schema), pageSize, name, minor)) {
      for (List<List<Object>> batch : batches) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
          int rows = batch.get(0).size();
          NestedGen.fill(root, batch, rows);
          w.write(root);
          for (int c = 0; c < schema.getFields().size(); c++) {
            expected.get(c).addAll(ArrowAssert.values(root.getVector(c)));
          }
        }
      }
      w.finish();
    }
    return expected;
  }

  private void assertReadsBack(String name, List<List<Object>> expected, String what)
      throws Exception {
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), name, 0)) {
      long rows = r.numRows();
      List<LanceField> fields = r.schema().fields();
      for (int c = 0; c < fields.size(); c++) {
        List<Object> want = expected.get(c);
        assertThat(rows).as(what).isEqualTo(want.size());
        long[][] ranges = {{0, rows}, {rows / 3, rows / 2 + 1}, {rows - 1, rows}, {0, 0}};
        for (long[] range : ranges) {
          if (range[0] < 0 || range[1] > rows || range[0] > range[1]) {
            continue;
          }
          try (FieldVector v = r.read(fields.get(c), null, range[0], range[1], allocator)) {
            List<Object> got = ArrowAssert.values(v);
            List<Object> exp = want.subList((int) range[0], (int) range[1]);
            for (int i = 0; i < exp.size(); i++) {
              assertThat(got.get(i)).as("%s: column %s (%s) row %d", what,
                  fields.get(c).name(), fields.get(c).logicalType(), range[0] + i)
                  .isEqualTo(exp.get(i));
            }
            assertThat(got).hasSameSizeAs(exp);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void randomNestedSchemasRoundTrip(int minor) throws Exception {
    long base = Long.getLong("lance4j.seed", 20261201L);
    int cases = Integer.getInteger("lance4j.cases", 25);
    for (int k = 0; k < cases; k++) {
      long seed = base + 1000L * minor + k;
      Random r = new Random(seed);
      NestedGen g = new NestedGen(r, minor >= 2);
      List<Field> fields = new ArrayList<>();
      for (int c = 1 + r.nextInt(3); c > 0; c--) {
        fields.add(g.field(1 + r.nextInt(3)));
      }
      Schema schema = new Schema(fields);
      List<NestedGen.Shape> shapes = new ArrayList<>();
      for (int c = 0; c < fields.size(); c++) {
        shapes.add(g.shape());
      }
      List<List<List<Object>>> batches = new ArrayList<>();
      for (int b = 1 + r.nextInt(3); b > 0; b--) {
        int rows = r.nextInt(4) == 0 ? r.nextInt(5) : 1 + r.nextInt(1500);
        List<List<Object>> cols = new ArrayList<>();
        for (int c = 0; c < fields.size(); c++) {
          List<Object> vals = new ArrayList<>(rows);
          for (int i = 0; i < rows; i++) {
            vals.add(g.row(fields.get(c), shapes.get(c)));
          }
          cols.add(vals);
        }
        batches.add(cols);
      }
      long pageSize = new long[] {2048, 16 * 1024, 1 << 20}[r.nextInt(3)];
      String what = "seed " + seed + " (-Dlance4j.seed=" + (seed - 1000L * minor)
          + " -Dlance4j.cases=1), 2." + minor + ", page " + pageSize + ", schema " + schema;
      String name = "rand" + k + ".lance";
      try {
        List<List<Object>> expected = write(name, schema, minor, pageSize, batches);
        assertReadsBack(name, expected, what);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(what + ": " + e.getMessage(), e);
      }
    }
  }

  // ---- typical columns: values, layouts and layers ----

  static Field list(String name, Field item) {
    return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(item));
  }

  static Field leaf(String name, ArrowType t) {
    return new Field(name, FieldType.nullable(t), null);
  }

  private List<PageLayout> layouts(String name, int column) throws Exception {
    return V21TestFiles.pages(dir.resolve(name), column);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void listsWithNullAndEmptyListsAndNullItems(int minor) throws Exception {
    Schema schema = new Schema(List.of(list("l", leaf("item", NestedGen.I32)),
        list("plain", leaf("item", NestedGen.I32))));
    List<Object> l = new ArrayList<>();
    List<Object> plain = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      l.add(switch (i % 5) {
        case 0 -> null;
        case 1 -> List.of();
        case 2 -> java.util.Arrays.asList(i, null, i + 1);
        default -> List.of(i);
      });
      plain.add(List.of(i, i * 2, i * 3));
    }
    List<List<Object>> exp = write("l.lance", schema, minor, 1 << 20, List.of(List.of(l, plain)));
    assertReadsBack("l.lance", exp, "lists 2." + minor);
    PageLayout p = layouts("l.lance", 0).get(0);
    assertThat(p.hasMiniBlockLayout()).isTrue();
    assertThat(p.getMiniBlockLayout().getLayersList()).containsExactly(
        RepDefLayer.REPDEF_NULLABLE_ITEM, RepDefLayer.REPDEF_NULL_AND_EMPTY_LIST);
    assertThat(p.getMiniBlockLayout().getRepetitionIndexDepth()).isEqualTo(1);
    assertThat(p.getMiniBlockLayout().getHasLargeChunk()).isEqualTo(minor == 2);
    PageLayout q = layouts("l.lance", 1).get(0);
    assertThat(q.getMiniBlockLayout().getLayersList()).containsExactly(
        RepDefLayer.REPDEF_ALL_VALID_ITEM, RepDefLayer.REPDEF_ALL_VALID_LIST);
    assertThat(q.getMiniBlockLayout().hasDefCompression()).isFalse();
    assertThat(q.getMiniBlockLayout().hasRepCompression()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void listsOfWideItemsAreFullZipAndAllEmptyPagesConstant(int minor) throws Exception {
    Schema schema = new Schema(List.of(
        list("vecs", new Field("item", FieldType.nullable(new ArrowType.FixedSizeList(128)),
            List.of(leaf("item", NestedGen.F32)))),
        list("docs", leaf("item", ArrowType.Utf8.INSTANCE)),
        list("none", leaf("item", NestedGen.I64))));
    Random r = new Random(5);
    List<Object> vecs = new ArrayList<>();
    List<Object> docs = new ArrayList<>();
    List<Object> none = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<Object> vs = new ArrayList<>();
      for (int k = i % 4; k > 0; k--) {
        List<Object> v = new ArrayList<>();
        for (int d = 0; d < 128; d++) {
          v.add(r.nextFloat());
        }
        vs.add(k == 2 ? null : v);
      }
      vecs.add(i % 7 == 0 ? null : vs);
      List<Object> ds = new ArrayList<>();
      for (int k = i % 3; k > 0; k--) {
        ds.add(k == 1 && i % 2 == 0 ? null : "x".repeat(300 + r.nextInt(700)));
      }
      docs.add(i % 5 == 0 ? null : ds);
      none.add(i % 2 == 0 ? null : List.of());
    }
    List<List<Object>> exp = write("w.lance", schema, minor, 1 << 20,
        List.of(List.of(vecs, docs, none)));
    assertReadsBack("w.lance", exp, "wide lists 2." + minor);
    PageLayout v = layouts("w.lance", 0).get(0);
    assertThat(v.hasFullZipLayout()).isTrue();
    assertThat(v.getFullZipLayout().getBitsRep()).isEqualTo(1);
    assertThat(layouts("w.lance", 1).get(0).hasFullZipLayout()).isTrue();
    PageLayout c = layouts("w.lance", 2).get(0);
    assertThat(c.hasConstantLayout()).isTrue();
    assertThat(c.getConstantLayout().getNumRepValues()).isEqualTo(300);
  }

  @Test
  void aMapNeedsFileFormat22() {
    Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
        List.of(new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            leaf("value", NestedGen.I32)));
    Schema schema = new Schema(List.of(new Field("m",
        FieldType.nullable(new ArrowType.Map(false)), List.of(entries))));
    assertThatThrownBy(() -> new V21FileWriter(new java.io.ByteArrayOutputStream(),
        LanceSchema.fromArrow(schema), 1 << 20, "m.lance", 1))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("'m'").hasMessageContaining("2.2").hasMessageContaining("2.1");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void longRowsSpanChunksAndPages(int minor) throws Exception {
    Schema schema = new Schema(List.of(list("l", leaf("item", NestedGen.I64)),
        list("s", leaf("item", ArrowType.Utf8.INSTANCE))));
    Random r = new Random(9);
    List<Object> l = new ArrayList<>();
    List<Object> s = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int len = i % 10 == 0 ? 9000 : r.nextInt(30);
      List<Object> row = new ArrayList<>();
      List<Object> srow = new ArrayList<>();
      for (int k = 0; k < len; k++) {
        row.add(r.nextInt(9) == 0 ? null : r.nextLong());
        srow.add("w" + r.nextInt(1000));
      }
      l.add(row);
      s.add(i % 10 == 5 ? List.of() : srow);
    }
    List<List<Object>> exp = write("long.lance", schema, minor, 64 * 1024,
        List.of(List.of(l, s)));
    assertReadsBack("long.lance", exp, "long rows 2." + minor);
    assertThat(layouts("long.lance", 0).size()).isGreaterThan(1);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
