package org.lance4j.internal.table;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.ScanOptions;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/** Scan options give what lance-core gives with the same options, on a lance4j dataset. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanOptionsInteropTest {
  String uri;

  @BeforeAll
  void write(@TempDir Path tmp) throws Exception {
    uri = tmp.resolve("ds").toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 900, 11, 0.2, a);
        ArrowReader in = DataPathOracle.readerOf(root, 200, a)) {
      DataPathOracle.createWithLance4j(uri, in, 250).close();
    }
  }

  private void same(ScanOptions o) throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> theirs = DataPathOracle.scan(a, uri, DataPathOracle.toLance(o));
      Map<String, List<Object>> ours = DataPathOracle.lance4jScan(a, uri, o);
      ArrowAssert.assertSameColumns(theirs, ours);
    }
  }

  @Test
  void projection() throws Exception {
    same(ScanOptions.builder().columns(List.of("utf8", "i32", "list_struct")).build());
  }

  @Test
  void nestedProjection() throws Exception {
    same(ScanOptions.builder().columns(List.of("struct.b", "nested.inner.v", "i8")).build());
  }

  @Test
  void limitAndOffset() throws Exception {
    same(ScanOptions.builder().columns(List.of("i64", "utf8")).offset(240).limit(300).build());
    same(ScanOptions.builder().columns(List.of("i64")).offset(880).limit(100).build());
    same(ScanOptions.builder().columns(List.of("i64")).limit(3).build());
  }

  @Test
  void fragmentIds() throws Exception {
    same(ScanOptions.builder().columns(List.of("i64", "vec")).fragmentIds(List.of(3L, 1L))
        .build());
  }

  @Test
  void rowIdAndAddress() throws Exception {
    same(ScanOptions.builder().columns(List.of("i64")).withRowId(true).build());
    same(ScanOptions.builder().columns(List.of("i64")).withRowAddress(true).build());
    same(ScanOptions.builder().columns(List.of("i64")).withRowId(true).withRowAddress(true)
        .offset(200).limit(120).batchSize(64).build());
  }
}
