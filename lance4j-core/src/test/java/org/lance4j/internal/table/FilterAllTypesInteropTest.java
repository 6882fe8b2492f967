package org.lance4j.internal.table;

import java.nio.file.Path;
import java.util.ArrayList;
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

/** Filters over every scalar type of TestData's schema agree with lance-core's scan. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterAllTypesInteropTest {
  String uri;

  @BeforeAll
  void write(@TempDir Path tmp) throws Exception {
    uri = tmp.resolve("ds").toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 600, 23, 0.2, a);
        ArrowReader in = DataPathOracle.readerOf(root, 150, a)) {
      DataPathOracle.createWithLance4j(uri, in, 200).close();
    }
  }

  @Test
  void scalarTypes() throws Exception {
    String[] predicates = {
        "bool", "NOT bool", "i8 > 0", "i16 < -1000", "i32 % 2 = 0", "i64 > 0",
        "u8 > 100", "u16 >= 30000", "u32 > 2000000000", "f32 > 0.5", "f64 < -0.5",
        "f64 BETWEEN -1 AND 1", "utf8 LIKE 'a%'", "utf8 = 'beta'", "large_utf8 LIKE '%a'",
        "length(utf8) > 4", "utf8 IN ('alpha', 'gamma', '')", "date32 > DATE '2000-01-01'",
        "date32 < DATE '1990-06-01'", "ts_us > TIMESTAMP '1970-03-01 00:00:00'",
        "ts_ms_tz IS NULL", "struct.a > 0", "struct.b LIKE 'e%'", "nested.inner.v < 0",
        "struct.a IS NULL", "ts_ms_tz > TIMESTAMP '1970-01-01 00:00:00'", "i32 IS NULL OR utf8 IS NULL", "i8 + i16 > 100",
        "binary IS NOT NULL", "list_i32 IS NULL",
    };
    for (String p : predicates) {
      same(p, List.of("i64", "utf8"));
    }
    same("i32 > 0 AND utf8 LIKE '%a%'", null);
  }

  private void same(String filter, List<String> columns) throws Exception {
    ScanOptions.Builder ours = ScanOptions.builder().filter(filter).batchSize(128);
    org.lance.ipc.ScanOptions.Builder theirs =
        new org.lance.ipc.ScanOptions.Builder().filter(filter).batchSize(128);
    if (columns != null) {
      ours.columns(columns);
      theirs.columns(columns);
    }
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> expected = DataPathOracle.scan(a, uri, theirs.build());
      Map<String, List<Object>> actual = DataPathOracle.lance4jScan(a, uri, ours.build());
      try {
        ArrowAssert.assertSameColumns(expected, actual);
      } catch (AssertionError e) {
        throw new AssertionError("filter '" + filter + "': " + e.getMessage(), e);
      }
      if (expected.values().iterator().next().isEmpty()) {
        List<String> none = new ArrayList<>();
        none.add(filter);
        System.out.println("note: filter matched no rows: " + none);
      }
    }
  }
}
