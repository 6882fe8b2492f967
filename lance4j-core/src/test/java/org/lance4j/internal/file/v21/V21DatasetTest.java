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

  @org.junit.jupiter.api.Test
  void blobV2ColumnsAreRefusedClearlyOtherColumnsRead() throws Exception {
    try (Dataset ds = Dataset.open(uri("blobv2_22"))) {
      try (ArrowReader r = ds.scan(allocator, ScanOptions.builder().columns(List.of("id"))
          .build())) {
        List<Object> want = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          want.add(i);
        }
        assertThat(ArrowAssert.drain(r).get("id")).isEqualTo(want);
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
        try (ArrowReader r = ds.scan(allocator, ScanOptions.defaults())) {
          ArrowAssert.drain(r);
        }
      }).isInstanceOf(org.lance4j.UnsupportedFormatException.class)
          .hasMessageContaining("blob v2").hasMessageContaining("blob")
          .hasMessageContaining(".lance");
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
