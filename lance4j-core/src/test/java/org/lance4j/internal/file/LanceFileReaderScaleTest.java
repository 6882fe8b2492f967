package org.lance4j.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.LanceField;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.storage.ObjectStore;
import org.lance4j.testing.TestData;

/**
 * A file of just over a million rows of (int64, 128-dim float32 vector, short string) written by
 * lance-core, so every column spans many pages: full scan in batches (speed printed, not
 * asserted), every value checked, and I/O accounting for small range reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanceFileReaderScaleTest {
  static final int ROWS = 1_050_000;
  static final int DIM = 128;
  @TempDir static Path dir;
  long fileSize;

  @BeforeAll
  void writeFile() throws Exception {
    Schema schema = new Schema(List.of(
        TestData.notNull("id", new ArrowType.Int(64, true)),
        TestData.field("vec", new ArrowType.FixedSizeList(DIM), TestData.field("item",
            new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
        TestData.field("name", ArrowType.Utf8.INSTANCE)));
    int batch = 50_000;
    try (BufferAllocator a = new RootAllocator();
        // file format 2.0: this test covers the 2.0 reader at scale (V21RandomAccessTest and
        // V21LargeValuesTest cover 2.1/2.2)
        var w = org.lance.file.LanceFileWriter.open(dir.resolve("big.lance").toString(),
            a, null, java.util.Optional.of("2.0"), java.util.Map.of())) {
      for (int start = 0; start < ROWS; start += batch) {
        int n = Math.min(batch, ROWS - start);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
          BigIntVector id = (BigIntVector) root.getVector(0);
          FixedSizeListVector vec = (FixedSizeListVector) root.getVector(1);
          VarCharVector name = (VarCharVector) root.getVector(2);
          id.allocateNew(n);
          vec.setInitialCapacity(n);
          vec.allocateNew();
          Float4Vector items = (Float4Vector) vec.getDataVector();
          items.allocateNew(n * DIM);
          name.allocateNew(n * 12L, n);
          for (int i = 0; i < n; i++) {
            long row = start + i;
            id.set(i, row);
            if (vecNull(row)) {
              vec.setNull(i);
            } else {
              vec.setNotNull(i);
            }
            for (int j = 0; j < DIM; j++) {
              items.set(i * DIM + j, value(row, j));
            }
            if (nameNull(row)) {
              name.setNull(i);
            } else {
              name.setSafe(i, name(row).getBytes(StandardCharsets.UTF_8));
            }
          }
          items.setValueCount(n * DIM);
          root.setRowCount(n);
          w.write(root);
        }
      }
    }
    fileSize = Files.size(dir.resolve("big.lance"));
  }

  static boolean vecNull(long row) {
    return row % 997 == 5;
  }

  static boolean nameNull(long row) {
    return row % 13 == 0;
  }

  static float value(long row, int j) {
    return (float) (row % 10_000) + j * 0.5f;
  }

  static String name(long row) {
    return "n" + row;
  }

  @Test
  void fullScanInBatchesMatchesInput() {
    try (BufferAllocator a = new RootAllocator();
        LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "big.lance", 0)) {
      assertThat(r.numRows()).isEqualTo(ROWS);
      assertThat(r.numPages(1)).as("vector pages").isGreaterThan(10);
      assertThat(r.numPages(0)).as("id pages").isGreaterThan(0);
      IntUnaryOperator cols = LanceFileReaderTest.columnOf(r.schema());
      List<LanceField> fields = r.schema().fields();
      int batch = 65_536;
      long nanos = 0;
      for (int start = 0; start < ROWS; start += batch) {
        int end = Math.min(ROWS, start + batch);
        long t0 = System.nanoTime();
        FieldVector id = r.read(fields.get(0), cols, start, end, a);
        FieldVector vec = r.read(fields.get(1), cols, start, end, a);
        FieldVector name = r.read(fields.get(2), cols, start, end, a);
        nanos += System.nanoTime() - t0;
        try (id; vec; name) {
          check(start, end, (BigIntVector) id, (FixedSizeListVector) vec, (VarCharVector) name);
        }
      }
      double secs = nanos / 1e9;
      System.out.printf("lance4j read %d rows (%d MB file, %d vector pages) in %.3f s: %.0f rows/s,"
          + " %.0f MB/s%n", ROWS, fileSize >> 20, r.numPages(1), secs, ROWS / secs,
          fileSize / 1e6 / secs);
    }
  }

  private static void check(int start, int end, BigIntVector id, FixedSizeListVector vec,
      VarCharVector name) {
    int n = end - start;
    assertThat(id.getValueCount()).isEqualTo(n);
    assertThat(vec.getValueCount()).isEqualTo(n);
    assertThat(name.getValueCount()).isEqualTo(n);
    Float4Vector items = (Float4Vector) vec.getDataVector();
    for (int i = 0; i < n; i++) {
      long row = start + i;
      if (id.get(i) != row) {
        assertThat(id.get(i)).as("id at row %d", row).isEqualTo(row);
      }
      if (vec.isNull(i) != vecNull(row)) {
        assertThat(vec.isNull(i)).as("vec null at row %d", row).isEqualTo(vecNull(row));
      }
      for (int j = 0; j < DIM; j++) {
        if (items.get(i * DIM + j) != value(row, j)) {
          assertThat(items.get(i * DIM + j)).as("vec[%d] at row %d", j, row)
              .isEqualTo(value(row, j));
        }
      }
      if (nameNull(row)) {
        assertThat(name.isNull(i)).as("name null at row %d", row).isTrue();
      } else if (!name(row).equals(new String(name.get(i), StandardCharsets.UTF_8))) {
        assertThat(new String(name.get(i), StandardCharsets.UTF_8)).as("name at row %d", row)
            .isEqualTo(name(row));
      }
    }
  }

  @Test
  void smallRangeReadsLittleAndReusesCachedPages() {
    CountingStore store = new CountingStore(new LocalObjectStore(dir));
    try (BufferAllocator a = new RootAllocator();
        LanceFileReader r = LanceFileReader.open(store, "big.lance", fileSize)) {
      long metaBytes = store.bytes.get();
      assertThat(metaBytes).as("open reads only the tail").isLessThanOrEqualTo(128 * 1024);
      IntUnaryOperator cols = LanceFileReaderTest.columnOf(r.schema());
      List<LanceField> fields = r.schema().fields();
      int start = 600_001;
      for (LanceField f : fields) {
        try (FieldVector v = r.read(f, cols, start, start + 100, a)) {
          assertThat(v.getValueCount()).isEqualTo(100);
          if (f.name().equals("id")) {
            assertThat(((BigIntVector) v).get(0)).isEqualTo(start);
          }
        }
      }
      long after = store.bytes.get();
      System.out.printf("range of 100 rows read %d of %d bytes (%.2f%%) in %d requests%n", after,
          fileSize, 100.0 * after / fileSize, store.calls.get());
      assertThat(after).as("bytes read for 100 rows").isLessThan(fileSize / 100);
      // a scan continuing from there fetches each column's page once, then reads from the cache
      long calls = store.calls.get();
      for (LanceField f : fields) {
        try (FieldVector v = r.read(f, cols, start + 100, start + 300, a)) {
          assertThat(v.getValueCount()).isEqualTo(200);
          if (f.name().equals("id")) {
            assertThat(((BigIntVector) v).get(199)).isEqualTo(start + 299);
          }
        }
      }
      assertThat(store.calls.get() - calls).as("requests for the next range")
          .isLessThanOrEqualTo(fields.size());
      calls = store.calls.get();
      for (int s = start + 300; s < start + 3000; s += 300) {
        for (LanceField f : fields) {
          try (FieldVector v = r.read(f, cols, s, s + 300, a)) {
            assertThat(v.getValueCount()).isEqualTo(300);
          }
        }
      }
      assertThat(store.calls.get()).as("requests for consecutive ranges in cached pages")
          .isEqualTo(calls);
      // random ranges (partial page reads), every value checked
      java.util.Random rnd = new java.util.Random(9);
      for (int k = 0; k < 25; k++) {
        int s = rnd.nextInt(ROWS);
        int e = Math.min(ROWS, s + 1 + rnd.nextInt(k % 2 == 0 ? 50 : 20_000));
        FieldVector id = r.read(fields.get(0), cols, s, e, a);
        FieldVector vec = r.read(fields.get(1), cols, s, e, a);
        FieldVector name = r.read(fields.get(2), cols, s, e, a);
        try (id; vec; name) {
          check(s, e, (BigIntVector) id, (FixedSizeListVector) vec, (VarCharVector) name);
        }
      }
    }
  }

  /** Counts read requests and bytes. */
  static final class CountingStore extends org.lance4j.internal.storage.ForwardingObjectStore {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    CountingStore(ObjectStore inner) {
      super(inner);
    }

    @Override
    public ByteBuffer read(String path, long offset, int length) throws IOException {
      calls.incrementAndGet();
      bytes.addAndGet(length);
      return inner.read(path, offset, length);
    }
  }

  @AfterAll
  void done() {
    // the @TempDir is removed by JUnit
  }
}
