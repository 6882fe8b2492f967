package org.lance4j.interop;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;

/** lance4j's side of the comparisons, through the public API of package org.lance4j only. */
final class Lance4j {
  private Lance4j() {}

  /** Full scan (or filtered, when {@code filter} is not null). */
  static Map<String, List<Object>> scan(BufferAllocator a, String uri, String filter)
      throws IOException {
    ScanOptions o = ScanOptions.builder().filter(filter).batchSize(4096).build();
    try (Dataset ds = Dataset.open(uri);
        ArrowReader r = ds.scan(a, o)) {
      return Values.drain(r);
    }
  }

  /** Rows at 0-based indices of the scan order, every column. */
  static Map<String, List<Object>> take(BufferAllocator a, String uri, long[] indices) {
    try (Dataset ds = Dataset.open(uri);
        VectorSchemaRoot root = ds.take(indices, null, a)) {
      return Values.columns(root);
    }
  }

  static long countRows(String uri) {
    try (Dataset ds = Dataset.open(uri)) {
      return ds.countRows();
    }
  }
}
