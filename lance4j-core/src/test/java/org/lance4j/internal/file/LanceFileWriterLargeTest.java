package org.lance4j.internal.file;

import org.lance4j.internal.file.v20.V20FileWriter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.LanceSchema;
import org.lance4j.testing.TestData;

/**
 * Over a million rows of (id, 128-dim vector, short string) at the default page size, read back
 * by lance-core and checked value by value against the formula that generated them.
 */
class LanceFileWriterLargeTest {
  private static final int DIM = 128;
  private static final int ROWS = 1_050_000;
  private static final int BATCH = 65_536;

  @TempDir
  Path dir;

  private static float item(long row, int j) {
    return row * 0.25f + j;
  }

  private static String name(long row) {
    return row % 97 == 0 ? null : "s" + (row % 1000);
  }

  private static Schema schema() {
    return new Schema(List.of(
        TestData.notNull("id", new ArrowType.Int(64, true)),
        TestData.field("vector", new ArrowType.FixedSizeList(DIM),
            TestData.field("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
        TestData.field("name", ArrowType.Utf8.INSTANCE)));
  }

  private static void fill(VectorSchemaRoot root, long first, int n) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vector");
    Float4Vector items = (Float4Vector) vec.getDataVector();
    VarCharVector names = (VarCharVector) root.getVector("name");
    root.allocateNew();
    for (int i = 0; i < n; i++) {
      long row = first + i;
      id.setSafe(i, row);
      vec.setNotNull(i);
      for (int j = 0; j < DIM; j++) {
        items.setSafe(i * DIM + j, item(row, j));
      }
      String s = name(row);
      if (s != null) {
        names.setSafe(i, s.getBytes(StandardCharsets.UTF_8));
      }
    }
    items.setValueCount(n * DIM);
    root.setRowCount(n);
  }

  @Test
  void millionRowsOfVectorsReadBackByLance() throws Exception {
    Path file = dir.resolve("big.lance");
    long writeNanos = 0;
    long size;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(), a);
        V20FileWriter w = new V20FileWriter(
            new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 20),
            LanceSchema.fromArrow(schema()), FileFormat.DEFAULT_PAGE_SIZE_BYTES, "big.lance")) {
      for (long first = 0; first < ROWS; first += BATCH) {
        int n = (int) Math.min(BATCH, ROWS - first);
        fill(root, first, n);
        long t0 = System.nanoTime();
        w.write(root);
        writeNanos += System.nanoTime() - t0;
        // memory stays bounded: at most about one page per column is buffered
        assertThat(w.estimatedBytes() - Files.size(file))
            .isLessThan(3 * 2 * FileFormat.DEFAULT_PAGE_SIZE_BYTES + (1 << 20));
      }
      long t0 = System.nanoTime();
      size = w.finish();
      writeNanos += System.nanoTime() - t0;
    }
    assertThat(Files.size(file)).isEqualTo(size);
    double secs = writeNanos / 1e9;
    System.out.printf("lance4j writer: %d rows, %d bytes in %.3f s = %.0f rows/s, %.1f MB/s%n",
        ROWS, size, secs, ROWS / secs, size / secs / 1e6);

    var cols = LanceFileWriterTest.columnMetadata(file);
    assertThat(cols).hasSize(3);
    assertThat(cols.get(1).getPagesCount()).as("vector pages").isGreaterThan(50);

    try (BufferAllocator a = new RootAllocator();
        var r = org.lance.file.LanceFileReader.open(file.toString(), a);
        ArrowReader rd = r.readAll(null, null, 50_000)) {
      assertThat(r.numRows()).isEqualTo(ROWS);
      long row = 0;
      while (rd.loadNextBatch()) {
        VectorSchemaRoot got = rd.getVectorSchemaRoot();
        BigIntVector id = (BigIntVector) got.getVector("id");
        FixedSizeListVector vec = (FixedSizeListVector) got.getVector("vector");
        Float4Vector items = (Float4Vector) vec.getDataVector();
        VarCharVector names = (VarCharVector) got.getVector("name");
        for (int i = 0; i < got.getRowCount(); i++, row++) {
          if (id.get(i) != row) {
            assertThat(id.get(i)).as("id at row %d", row).isEqualTo(row);
          }
          assertThat(vec.isNull(i)).as("vector null at row %d", row).isFalse();
          int base = vec.getElementStartIndex(i);
          for (int j = 0; j < DIM; j++) {
            if (items.get(base + j) != item(row, j)) {
              assertThat(items.get(base + j)).as("vector[%d] at row %d", j, row)
                  .isEqualTo(item(row, j));
            }
          }
          String expect = name(row);
          String actual = names.isNull(i) ? null
              : new String(names.get(i), StandardCharsets.UTF_8);
          if (expect == null ? actual != null : !expect.equals(actual)) {
            assertThat(actual).as("name at row %d", row).isEqualTo(expect);
          }
        }
      }
      assertThat(row).isEqualTo(ROWS);
    }
  }
}
