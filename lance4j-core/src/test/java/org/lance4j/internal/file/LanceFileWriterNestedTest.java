package org.lance4j.internal.file;

import org.lance4j.internal.file.v20.V20FileWriter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.LanceSchema;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/**
 * Nesting shapes beyond the all-types schema (lists of lists, lists of vectors, vectors with null
 * items): our file must be byte for byte the file lance-core writes for the same batch, and read
 * back by lance-core to the same values, also when split over many small pages.
 */
class LanceFileWriterNestedTest {
  @TempDir
  Path dir;

  private static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

  private static Schema schema() {
    return new Schema(List.of(
        TestData.field("ll", ArrowType.List.INSTANCE, TestData.field("item",
            ArrowType.List.INSTANCE, TestData.field("item", new ArrowType.Int(32, true)))),
        TestData.field("lv", ArrowType.LargeList.INSTANCE, TestData.field("item",
            new ArrowType.FixedSizeList(4), TestData.field("item", F32))),
        TestData.field("s", ArrowType.Struct.INSTANCE,
            TestData.field("names", ArrowType.List.INSTANCE,
                TestData.field("item", ArrowType.Binary.INSTANCE)),
            TestData.field("flag", ArrowType.Bool.INSTANCE)),
        TestData.field("vn", new ArrowType.FixedSizeList(3), TestData.field("item", F32))));
  }

  /** Random data, then some vector items nulled out (TestData keeps vector items valid). */
  private static VectorSchemaRoot data(int rows, double nulls, BufferAllocator a) {
    VectorSchemaRoot root = TestData.random(schema(), rows, 3, nulls, a);
    Float4Vector items = (Float4Vector) ((FixedSizeListVector) root.getVector("vn"))
        .getDataVector();
    Random r = new Random(5);
    for (int i = 0; i < items.getValueCount(); i++) {
      if (r.nextDouble() < nulls) {
        items.setNull(i);
      }
    }
    return root;
  }

  @Test
  void sameBytesAsLanceAndSameValues() throws Exception {
    for (double nulls : new double[] {0.0, 0.3, 1.0}) {
      Path ours = dir.resolve("ours" + nulls + ".lance");
      Path theirs = dir.resolve("theirs" + nulls + ".lance");
      try (BufferAllocator a = new RootAllocator();
          VectorSchemaRoot root = data(60, nulls, a)) {
        try (V20FileWriter w = new V20FileWriter(new FileOutputStream(ours.toFile()),
            LanceSchema.fromArrow(schema()), FileFormat.DEFAULT_PAGE_SIZE_BYTES)) {
          w.write(root);
          w.finish();
        }
        try (var w = org.lance.file.LanceFileWriter.open(theirs.toString(), a, null,
            Optional.of("2.0"), Map.of())) {
          w.write(root);
        }
        ArrowAssert.assertSameColumns(ArrowAssert.columns(root),
            LanceFileWriterTest.readWithLance(ours, a));
      }
      LanceFileWriterTest.assertSameFileAsLance(ours, theirs, "nulls " + nulls);
    }
  }

  @Test
  void manySmallPagesReadBack() throws Exception {
    Path file = dir.resolve("small.lance");
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = data(3000, 0.2, a)) {
      try (V20FileWriter w = new V20FileWriter(new FileOutputStream(file.toFile()),
          LanceSchema.fromArrow(schema()), 512)) {
        w.write(root);
        w.write(root);
        w.finish();
      }
      Map<String, List<Object>> expected = ArrowAssert.columns(root);
      expected.values().forEach(v -> v.addAll(new java.util.ArrayList<>(v)));
      ArrowAssert.assertSameColumns(expected, LanceFileWriterTest.readWithLance(file, a));
      for (var cm : LanceFileWriterTest.columnMetadata(file)) {
        assertThat(cm.getPagesCount()).isPositive();
      }
      assertThat(LanceFileWriterTest.columnMetadata(file).get(0).getPagesCount())
          .isGreaterThan(10);
    }
  }
}
