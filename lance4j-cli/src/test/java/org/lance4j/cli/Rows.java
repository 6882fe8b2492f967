package org.lance4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.Text;

/** Test data as rows of plain values, and reading a dataset back with lance-core. */
final class Rows {
  private Rows() {}

  /** Row i of the standard test table: id int64, score double, ok bool, name string. */
  static List<Object> row(int i) {
    String name = switch (i % 5) {
      case 0 -> "plain" + i;
      case 1 -> "comma, \"quoted\" " + i;
      case 2 -> "ünïcødé " + i;
      case 3 -> null;
      default -> "";
    };
    Double score = i % 7 == 3 ? null : i * 1.25 + 0.5;
    Boolean ok = i % 4 == 2 ? null : i % 2 == 0;
    return java.util.Arrays.asList((long) i, score, ok, name);
  }

  static List<List<Object>> rows(int from, int to) {
    List<List<Object>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(row(i));
    }
    return out;
  }

  static String csv(int from, int to) {
    StringBuilder b = new StringBuilder("id,score,ok,name\n");
    for (List<Object> r : rows(from, to)) {
      b.append(r.get(0)).append(',').append(r.get(1) == null ? "" : r.get(1)).append(',')
          .append(r.get(2) == null ? "" : r.get(2)).append(',');
      String s = (String) r.get(3);
      if (s != null) {
        b.append('"').append(s.replace("\"", "\"\"")).append('"');
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String jsonl(int from, int to) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder b = new StringBuilder();
    for (List<Object> r : rows(from, to)) {
      var m = new java.util.LinkedHashMap<String, Object>();
      m.put("id", r.get(0));
      m.put("score", r.get(1));
      m.put("ok", r.get(2));
      if (r.get(3) != null) {
        m.put("name", r.get(3));
      }
      b.append(json.writeValueAsString(m)).append('\n');
    }
    return b.toString();
  }

  /** All rows of the dataset's latest version, read by the official implementation. */
  static List<List<Object>> readWithLanceCore(Path uri) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        org.lance.Dataset ds = org.lance.Dataset.open(uri.toString(), allocator);
        org.lance.ipc.LanceScanner scanner = ds.newScan();
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o instanceof Text t ? t.toString() : o);
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  static long lanceCoreVersion(Path uri) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        org.lance.Dataset ds = org.lance.Dataset.open(uri.toString(), allocator)) {
      return ds.version();
    }
  }
}
