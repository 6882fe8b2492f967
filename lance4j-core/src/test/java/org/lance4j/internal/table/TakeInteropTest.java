package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.InvalidInputException;
import org.lance4j.ScanOptions;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/**
 * Dataset.take agrees with lance-core's take and with our own full scan, on datasets with several
 * fragments and deletions (arrow and bitmap deletion files), for every supported type.
 */
class TakeInteropTest {
  @TempDir Path tmp;

  /** All types, 5 fragments of 1,500 rows (last shorter), written by lance4j. */
  private String allTypes(BufferAllocator a, String name) throws Exception {
    String uri = tmp.resolve(name).toString();
    try (VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 7000, 42, 0.1, a);
        ArrowReader r = DataPathOracle.readerOf(root, 1000, a)) {
      DataPathOracle.createWithLance4j(uri, r, 1500).close();
    }
    return uri;
  }

  private static Map<String, List<Object>> theirTake(BufferAllocator a, String uri,
      long[] indices, List<String> columns) throws Exception {
    List<Long> boxed = new ArrayList<>();
    for (long i : indices) {
      boxed.add(i);
    }
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      // lance-core's take needs the column list
      List<String> cols = columns != null ? columns
          : ds.getSchema().getFields().stream().map(Field::getName).toList();
      try (ArrowReader r = ds.take(boxed, cols)) {
        return ArrowAssert.drain(r);
      }
    }
  }


  private static Map<String, List<Object>> ourTake(BufferAllocator a, String uri, long[] indices,
      List<String> columns) {
    try (Dataset ds = Dataset.open(uri);
        VectorSchemaRoot root = ds.take(indices, columns, a)) {
      assertThat(root.getRowCount()).isEqualTo(indices.length);
      return ArrowAssert.columns(root);
    }
  }

  /** The expected take computed from a full lance4j scan. */
  private static Map<String, List<Object>> fromScan(BufferAllocator a, String uri, long[] indices,
      List<String> columns) throws Exception {
    ScanOptions o = columns == null ? ScanOptions.defaults()
        : ScanOptions.builder().columns(columns).build();
    Map<String, List<Object>> all = DataPathOracle.lance4jScan(a, uri, o);
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> e : all.entrySet()) {
      List<Object> picked = new ArrayList<>();
      for (long i : indices) {
        picked.add(e.getValue().get((int) i));
      }
      out.put(e.getKey(), picked);
    }
    return out;
  }

  private static long[] randomIndices(long rows, int n, long seed) {
    Random r = new Random(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (long) (r.nextDouble() * rows);
    }
    return out;
  }

  private void sameAsOracleAndScan(BufferAllocator a, String uri, long[] indices,
      List<String> columns) throws Exception {
    Map<String, List<Object>> ours = ourTake(a, uri, indices, columns);
    ArrowAssert.assertSameColumns(fromScan(a, uri, indices, columns), ours);
    ArrowAssert.assertSameColumns(theirTake(a, uri, indices, columns), ours);
  }

  @Test
  void allTypesWithDeletionsAcrossFragments() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = allTypes(a, "all");
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("i64 % 3 = 0"); // small arrow deletion files in every fragment
      }
      long rows;
      try (Dataset ds = Dataset.open(uri)) {
        rows = ds.countRows();
        assertThat(ds.fragments()).hasSize(5);
        assertThat(rows).isLessThan(7000).isGreaterThan(4000);
      }
      // unsorted, with duplicates, first and last rows included
      long[] idx = randomIndices(rows, 300, 1);
      idx[0] = 0;
      idx[1] = rows - 1;
      idx[2] = idx[3];
      sameAsOracleAndScan(a, uri, idx, null);
      sameAsOracleAndScan(a, uri, new long[] {rows - 1, 5, 5, 0, 1499, 1500, 1501},
          List.of("utf8", "i64", "list_struct", "nested"));
      // sorted, unique, contiguous: the gathered rows are returned as they are
      long[] run = new long[200];
      for (int i = 0; i < run.length; i++) {
        run[i] = 1400 + i;
      }
      sameAsOracleAndScan(a, uri, run, List.of("vec", "large_list_utf8", "struct"));
    }
  }

  @Test
  void nestedPathColumnsAsTheScanReturnsThem() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = allTypes(a, "paths");
      long[] idx = {6999, 3, 1234, 3};
      List<String> cols = List.of("struct.b", "i32", "nested.inner");
      Map<String, List<Object>> ours = ourTake(a, uri, idx, cols);
      assertThat(ours.keySet()).containsExactly("struct.b", "i32", "nested.inner");
      ArrowAssert.assertSameColumns(fromScan(a, uri, idx, cols), ours);
    }
  }

  @Test
  void largePagesWithBitmapDeletionsReadOnlyNeededRanges() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = tmp.resolve("big").toString();
      org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(
          List.of(TestData.notNull("id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
              TestData.field("vec", new org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList(64),
                  TestData.field("item", new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                      org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE))),
              TestData.field("s", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)));
      try (VectorSchemaRoot root = TestData.random(schema, 150_000, 7, 0.05, a);
          ArrowReader r = DataPathOracle.readerOf(root, 8192, a)) {
        DataPathOracle.createWithLance4j(uri, r, 100_000).close();
      }
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id % 4 = 1"); // > 5000 per fragment: bitmap deletion files
      }
      assertThat(DataPathOracle.files(tmp.resolve("big/_deletions"), ".bin")).isNotEmpty();
      long rows;
      try (Dataset ds = Dataset.open(uri)) {
        rows = ds.countRows();
      }
      long[] idx = randomIndices(rows, 2000, 3);
      sameAsOracleAndScan(a, uri, idx, null);
      sameAsOracleAndScan(a, uri, idx, List.of("s"));
    }
  }

  /**
   * Long strings, binary and large binary (full-zip pages with a repetition index), written by
   * lance-core at 2.1 and 2.2 in 3 fragments with deletions: the take equals lance-core's take and
   * the full scan's rows, and fetches only the rows' bytes (besides each file's metadata), not whole pages.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "lance-core writes {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2.1", "2.2"})
  void longValuesTakeThroughTheRepetitionIndex(String version) throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = tmp.resolve("long" + version).toString();
      org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo
          .Schema(List.of(TestData.field("id", new org.apache.arrow.vector.types.pojo.ArrowType
              .Int(64, true)),
          TestData.field("text", new org.apache.arrow.vector.types.pojo.ArrowType.Utf8()),
          TestData.field("lbin",
              new org.apache.arrow.vector.types.pojo.ArrowType.LargeBinary())));
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
        root.allocateNew();
        Random rnd = new Random(9);
        var id = (org.apache.arrow.vector.BigIntVector) root.getVector("id");
        var text = (org.apache.arrow.vector.VarCharVector) root.getVector("text");
        var lbin = (org.apache.arrow.vector.LargeVarBinaryVector) root.getVector("lbin");
        int n = 3000;
        for (int i = 0; i < n; i++) {
          id.setSafe(i, i);
          if (i % 11 != 0) {
            StringBuilder sb = new StringBuilder("r" + i);
            while (sb.length() < 200 + (i * 37) % 400) {
              sb.append((char) ('a' + rnd.nextInt(26)));
            }
            text.setSafe(i, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
          if (i % 7 != 0) {
            byte[] b = new byte[300 + rnd.nextInt(300)];
            rnd.nextBytes(b);
            lbin.setSafe(i, b);
          }
        }
        root.setRowCount(n);
        try (ArrowReader r = DataPathOracle.readerOf(root, 500, a)) {
          DataPathOracle.create(a, r, uri, 1000, version);
        }
      }
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id % 5 = 1");
      }
      long rows;
      try (Dataset ds = Dataset.open(uri)) {
        rows = ds.countRows();
        assertThat(ds.fragments()).hasSize(3);
      }
      long[] idx = randomIndices(rows, 120, 4);
      idx[0] = 0;
      idx[1] = rows - 1;
      idx[2] = idx[5];
      sameAsOracleAndScan(a, uri, idx, null);
      org.lance4j.internal.storage.LocalObjectStore store =
          new org.lance4j.internal.storage.LocalObjectStore(tmp.resolve("long" + version));
      long dataBytes = 0;
      for (Path f : DataPathOracle.files(tmp.resolve("long" + version).resolve("data"),
          ".lance")) {
        dataBytes += java.nio.file.Files.size(f);
      }
      Snapshot snap = Versions.loadLatest(store, uri);
      long before = store.stats().bytesRead();
      try (VectorSchemaRoot got = RowTaker.take(snap, new long[] {rows - 1, 3, rows / 2}, null,
          a)) {
        assertThat(got.getRowCount()).isEqualTo(3);
      }
      long read = store.stats().bytesRead() - before;
      // the 3 rows are in 3 fragments: opening each file reads its 64 KB tail (footer and
      // metadata); reading the rows' pages whole would add ~650 KB a fragment
      assertThat(read).as("bytes a take of 3 rows reads of %d data bytes", dataBytes)
          .isLessThan(dataBytes / 6);
    }
  }

  @Test
  void outOfRangeIndexNamesIndexAndRowCount() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = allTypes(a, "oob");
      try (Dataset ds = Dataset.open(uri)) {
        assertThatThrownBy(() -> ds.take(new long[] {1, 7000}, List.of("i64"), a))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("7000").hasMessageContaining("7000 rows");
        assertThatThrownBy(() -> ds.take(new long[] {-1}, null, a))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("-1");
        try (VectorSchemaRoot empty = ds.take(new long[0], List.of("i64", "utf8"), a)) {
          assertThat(empty.getRowCount()).isZero();
          assertThat(empty.getSchema().getFields()).extracting(Field::getName)
              .containsExactly("i64", "utf8");
        }
      }
    }
  }
}
