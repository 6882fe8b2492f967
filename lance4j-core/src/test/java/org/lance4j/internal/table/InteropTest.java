package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/** Datasets written by one implementation read back value-for-value by the other. */
class InteropTest {
  @TempDir Path tmp;

  /** lance4j writes its default (2.2), 2.1 and 2.0; lance-core 7.0.0 reads every value. */
  @ParameterizedTest(name = "lance4j writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.1", OracleVersions.LEGACY})
  void allTypesWrittenByLance4jReadByLanceCore(String version) throws Exception {
    String uri = tmp.resolve("ours").toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 1000, 5, 0.2, a);
        ArrowReader in = DataPathOracle.readerOf(root, 150, a)) {
      try (Dataset ds = DataPathOracle.createWithLance4j(uri, in, 300, version,
          org.lance4j.CommitOptions.defaults())) {
        assertThat(ds.fragments()).hasSize(4);
      }
      assertThat(OracleVersions.fileVersions(a, uri))
          .containsExactly(OracleVersions.DEFAULT.equals(version) ? "2.2" : version);
      ArrowAssert.assertSameColumns(ArrowAssert.columns(root), DataPathOracle.scanAll(a, uri));
      ArrowAssert.assertSameColumns(ArrowAssert.columns(root),
          DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults()));
    }
  }

  /** lance-core 7.0.0 writes its default (2.1), 2.2 and 2.0 (legacy); lance4j reads them. */
  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2", OracleVersions.LEGACY})
  void allTypesWrittenByLanceCoreReadByLance4j(String version) throws Exception {
    String uri = tmp.resolve("theirs").toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 1000, 6, 0.2, a)) {
      DataPathOracle.create(a, DataPathOracle.readerOf(root, 150, a), uri, 300, version);
      assertThat(OracleVersions.fileVersions(a, uri))
          .containsExactly(OracleVersions.expectedLanceCoreFiles(version));
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.fragments()).hasSize(4);
        assertThat(ds.countRows()).isEqualTo(1000);
      }
      ArrowAssert.assertSameColumns(ArrowAssert.columns(root),
          DataPathOracle.lance4jScan(a, uri, ScanOptions.builder().batchSize(77).build()));
    }
  }

  // ---- a million-row vector dataset, both directions, verified value by value ----

  static final int DIM = 128;
  static final long BIG_ROWS = 1_050_000;
  static final Schema VECTORS = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("vec", FieldType.nullable(new ArrowType.FixedSizeList(DIM)), List.of(
          new Field("item", FieldType.nullable(
              new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null))),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  static float component(long row, int j) {
    return (float) ((row % 100_003) * 0.25 + j);
  }

  static String label(long row) {
    return "r" + (row % 10_007);
  }

  static BatchSource vectors(BufferAllocator a) {
    return new BatchSource(a, VECTORS, BIG_ROWS, 8192, (root, start, n) -> {
      BigIntVector id = (BigIntVector) root.getVector(0);
      FixedSizeListVector vec = (FixedSizeListVector) root.getVector(1);
      VarCharVector s = (VarCharVector) root.getVector(2);
      Float4Vector items = (Float4Vector) vec.getDataVector();
      for (int i = 0; i < n; i++) {
        long row = start + i;
        id.setSafe(i, row);
        vec.setNotNull(i);
        for (int j = 0; j < DIM; j++) {
          items.setSafe(i * DIM + j, component(row, j));
        }
        s.setSafe(i, label(row).getBytes());
      }
      items.setValueCount(n * DIM);
      vec.setValueCount(n);
      id.setValueCount(n);
      s.setValueCount(n);
    });
  }

  /** Checks every value of every batch; returns the row count. */
  static long verifyVectors(ArrowReader r) throws Exception {
    long next = 0;
    while (r.loadNextBatch()) {
      VectorSchemaRoot root = r.getVectorSchemaRoot();
      BigIntVector id = (BigIntVector) root.getVector("id");
      FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
      Float4Vector items = (Float4Vector) vec.getDataVector();
      VarCharVector s = (VarCharVector) root.getVector("s");
      for (int i = 0; i < root.getRowCount(); i++, next++) {
        if (id.get(i) != next || vec.isNull(i)) {
          fail("row %d: id %d, vec null %s", next, id.get(i), vec.isNull(i));
        }
        for (int j = 0; j < DIM; j++) {
          if (items.get(i * DIM + j) != component(next, j)) {
            fail("row %d vec[%d]: %s != %s", next, j, items.get(i * DIM + j), component(next, j));
          }
        }
        if (!label(next).equals(new String(s.get(i)))) {
          fail("row %d s: %s", next, new String(s.get(i)));
        }
      }
    }
    return next;
  }

  @Test
  void millionRowVectorsBothWays() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String ours = tmp.resolve("big-ours").toString();
      long t0 = System.nanoTime();
      try (BatchSource in = vectors(a); Dataset ds = DataPathOracle.createWithLance4j(ours, in,
          org.lance4j.WriteOptions.DEFAULT_MAX_ROWS_PER_FILE)) {
        assertThat(ds.fragments()).hasSize(2);
        assertThat(ds.countRows()).isEqualTo(BIG_ROWS);
      }
      long t1 = System.nanoTime();
      double mb = BIG_ROWS * (8 + DIM * 4 + 6) / 1e6;
      System.out.printf("lance4j write: %.0f MB in %.2f s (%.0f MB/s, incl. generation)%n", mb,
          (t1 - t0) / 1e9, mb / ((t1 - t0) / 1e9));
      try (org.lance.Dataset ds = org.lance.Dataset.open(ours, a);
          org.lance.ipc.LanceScanner sc = ds.newScan();
          ArrowReader r = sc.scanBatches()) {
        assertThat(verifyVectors(r)).isEqualTo(BIG_ROWS);
      }

      String theirs = tmp.resolve("big-theirs").toString();
      DataPathOracle.create(a, vectors(a), theirs, 1 << 20);
      long t2 = System.nanoTime();
      try (Dataset ds = Dataset.open(theirs); ArrowReader r = ds.scan(a)) {
        assertThat(verifyVectors(r)).isEqualTo(BIG_ROWS);
      }
      long t3 = System.nanoTime();
      System.out.printf("lance4j scan+verify: %.0f MB in %.2f s (%.0f MB/s)%n", mb,
          (t3 - t2) / 1e9, mb / ((t3 - t2) / 1e9));
    }
  }
}
