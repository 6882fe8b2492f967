package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;
import org.lance4j.testing.ArrowAssert;

/** Datasets lance-core 7.0.0 wrote as 2.1 and 2.2, through the public Dataset API. */
class V21DatasetTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static String uri(String name) throws Exception {
    return V21ScalarsTest.fixture(name).toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void scanTakeAndFilter(String version) throws Exception {
    try (Dataset ds = Dataset.open(uri("scalars_" + version))) {
      assertThat(ds.countRows()).isEqualTo(V21Values.SCALAR_ROWS);
      Map<String, List<Object>> got;
      try (ArrowReader r = ds.scan(allocator, ScanOptions.builder().batchSize(700).build())) {
        got = ArrowAssert.drain(r);
      }
      for (String col : V21Values.SCALARS) {
        assertThat(got.get(col)).as(col).isEqualTo(V21Values.scalars(col, 0,
            V21Values.SCALAR_ROWS));
      }
      long[] idx = {2499, 0, 1024, 17, 1023, 1500, 3};
      try (VectorSchemaRoot t = ds.take(idx, List.of("i64_seq", "str", "bool_null", "f64"),
          allocator)) {
        Map<String, List<Object>> cols = ArrowAssert.columns(t);
        for (String col : List.of("i64_seq", "str", "bool_null", "f64")) {
          List<Object> want = new ArrayList<>();
          for (long i : idx) {
            want.add(V21Values.scalar(col, (int) i));
          }
          assertThat(cols.get(col)).as("take " + col).isEqualTo(want);
        }
      }
      try (ArrowReader r = ds.scan(allocator, ScanOptions.builder()
          .filter("i32_null > 1000 AND str_low = 'cat2'").columns(List.of("i64_seq", "str"))
          .build())) {
        Map<String, List<Object>> f = ArrowAssert.drain(r);
        List<Object> want = new ArrayList<>();
        List<Object> wantStr = new ArrayList<>();
        for (int i = 0; i < V21Values.SCALAR_ROWS; i++) {
          Object v = V21Values.scalar("i32_null", i);
          if (v != null && (Integer) v > 1000 && i % 5 == 2) {
            want.add(V21Values.scalar("i64_seq", i));
            wantStr.add(V21Values.scalar("str", i));
          }
        }
        assertThat(want).isNotEmpty();
        assertThat(f.get("i64_seq")).isEqualTo(want);
        assertThat(f.get("str")).isEqualTo(wantStr);
      }
    }
  }

  /**
   * blobv2_22: rows i % 5 == 0 hold a null blob, the others i * 100 bytes of value i (all inline in
   * the data file). Scan and take return the descriptor struct as lance-core does (never null; a
   * null blob reads as zeros); takeBlobs returns the bytes (null for a null blob).
   */
  @org.junit.jupiter.api.Test
  void blobV2ColumnsReadAsDescriptorsAndTakeBlobsReturnsBytes() throws Exception {
    try (Dataset ds = Dataset.open(uri("blobv2_22"))) {
      try (ArrowReader r = ds.scan(allocator, ScanOptions.builder().columns(List.of("id"))
          .build())) {
        List<Object> want = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          want.add(i);
        }
        assertThat(ArrowAssert.drain(r).get("id")).isEqualTo(want);
      }
      try (ArrowReader r = ds.scan(allocator, ScanOptions.builder().batchSize(4).build())) {
        long position = -1;
        int row = 0;
        while (r.loadNextBatch()) {
          org.apache.arrow.vector.complex.StructVector d =
              (org.apache.arrow.vector.complex.StructVector) r.getVectorSchemaRoot()
                  .getVector("blob");
          assertThat(d.getField().getChildren()).extracting(f -> f.getName())
              .containsExactly("kind", "position", "size", "blob_id", "blob_uri");
          for (int i = 0; i < d.getValueCount(); i++, row++) {
            assertThat(d.isNull(i)).isFalse();
            long kind = ((org.apache.arrow.vector.UInt1Vector) d.getChild("kind")).get(i);
            long pos = ((org.apache.arrow.vector.UInt8Vector) d.getChild("position")).get(i);
            long size = ((org.apache.arrow.vector.UInt8Vector) d.getChild("size")).get(i);
            assertThat(kind).isZero(); // inline
            assertThat(size).as("size of row " + row).isEqualTo(row % 5 == 0 ? 0 : row * 100);
            assertThat(((org.apache.arrow.vector.UInt4Vector) d.getChild("blob_id")).get(i))
                .isZero();
            assertThat(((org.apache.arrow.vector.VarCharVector) d.getChild("blob_uri")).get(i))
                .isEmpty();
            if (size > 0) {
              assertThat(pos).as("inline payloads follow each other").isGreaterThan(position);
              position = pos;
            }
          }
        }
        assertThat(row).isEqualTo(10);
      }
      long[] idx = {9, 0, 3, 5, 1, 3};
      List<org.lance4j.BlobFile> files = ds.takeBlobs(idx, "blob", allocator);
      assertThat(files).hasSize(idx.length);
      for (int k = 0; k < idx.length; k++) {
        int i = (int) idx[k];
        if (i % 5 == 0) {
          assertThat(files.get(k)).as("row " + i).isNull();
          continue;
        }
        try (org.lance4j.BlobFile f = files.get(k)) {
          byte[] want = new byte[i * 100];
          java.util.Arrays.fill(want, (byte) i);
          assertThat(f.size()).isEqualTo(want.length);
          assertThat(f.read()).as("row " + i).isEqualTo(want);
          assertThat(f.readRange(10, 5)).isEqualTo(new byte[] {(byte) i, (byte) i, (byte) i,
              (byte) i, (byte) i});
        }
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ds.take(new long[] {1},
          List.of("blob.data"), allocator)).isInstanceOf(org.lance4j.InvalidInputException.class)
          .hasMessageContaining("blob v2 column 'blob'");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ds.takeBlobs(new long[] {1},
          "id", allocator)).isInstanceOf(org.lance4j.InvalidInputException.class)
          .hasMessageContaining("not a blob v2 column");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void nestedScanAndTake(String version) throws Exception {
    try (Dataset ds = Dataset.open(uri("nested_" + version))) {
      Map<String, List<Object>> got;
      try (ArrowReader r = ds.scan(allocator, ScanOptions.builder().batchSize(400).build())) {
        got = ArrowAssert.drain(r);
      }
      for (String col : List.of("st", "li", "lli", "nested", "ls", "lst", "fsl4")) {
        assertThat(got.get(col)).as(col).isEqualTo(V21Values.range(V21Values::nested, col, 0,
            V21Values.NESTED_ROWS));
      }
      long[] idx = {1499, 0, 700, 7, 10, 35};
      try (VectorSchemaRoot t = ds.take(idx, List.of("li", "st", "nested"), allocator)) {
        Map<String, List<Object>> cols = ArrowAssert.columns(t);
        for (String col : List.of("li", "st", "nested")) {
          List<Object> want = new ArrayList<>();
          for (long i : idx) {
            want.add(V21Values.nested(col, (int) i));
          }
          assertThat(cols.get(col)).as("take " + col).isEqualTo(want);
        }
      }
    }
  }
}
