package org.lance4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.Text;

/**
 * Value-by-value comparison of Arrow data. Values are normalised to plain Java values (Text to
 * String, byte[] to a list, nested lists and structs recursively), so data produced by different
 * readers compares equal when it holds the same values.
 */
public final class ArrowAssert {
  private ArrowAssert() {}

  /** Plain-Java form of the value at {@code i}: null, Boolean, Number, String, List, Map. */
  public static Object value(ValueVector v, int i) {
    return normalize(v.getObject(i));
  }

  @SuppressWarnings("unchecked")
  public static Object normalize(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Text) {
      return o.toString();
    }
    if (o instanceof byte[]) {
      byte[] b = (byte[]) o;
      List<Byte> out = new ArrayList<>(b.length);
      for (byte x : b) {
        out.add(x);
      }
      return out;
    }
    if (o instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object x : (List<Object>) o) {
        out.add(normalize(x));
      }
      return out;
    }
    if (o instanceof Map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
        if (e.getValue() != null) {
          out.put(e.getKey().toString(), normalize(e.getValue()));
        }
      }
      return out;
    }
    if (o instanceof Float && ((Float) o).isNaN()) {
      return "NaN";
    }
    if (o instanceof Double && ((Double) o).isNaN()) {
      return "NaN";
    }
    return o;
  }

  /** All rows of a column as normalised values. */
  public static List<Object> values(ValueVector v) {
    List<Object> out = new ArrayList<>(v.getValueCount());
    for (int i = 0; i < v.getValueCount(); i++) {
      out.add(value(v, i));
    }
    return out;
  }

  /** Every column (by name) of a root as normalised values. */
  public static Map<String, List<Object>> columns(VectorSchemaRoot root) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (FieldVector v : root.getFieldVectors()) {
      out.put(v.getName(), values(v));
    }
    return out;
  }

  /** Drains a reader, concatenating the normalised values of every column. Does not close it. */
  public static Map<String, List<Object>> drain(ArrowReader reader) throws IOException {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    while (reader.loadNextBatch()) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      for (FieldVector v : root.getFieldVectors()) {
        out.computeIfAbsent(v.getName(), k -> new ArrayList<>()).addAll(values(v));
      }
    }
    if (out.isEmpty()) {
      for (FieldVector v : reader.getVectorSchemaRoot().getFieldVectors()) {
        out.put(v.getName(), new ArrayList<>());
      }
    }
    return out;
  }

  /** Asserts two column maps hold equal values, naming the first differing column and row. */
  public static void assertSameColumns(Map<String, List<Object>> expected,
      Map<String, List<Object>> actual) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String col : expected.keySet()) {
      List<Object> e = expected.get(col);
      List<Object> a = actual.get(col);
      assertThat(a.size()).as("row count of column %s", col).isEqualTo(e.size());
      for (int i = 0; i < e.size(); i++) {
        Object ev = e.get(i);
        Object av = a.get(i);
        if (!java.util.Objects.equals(ev, av)) {
          fail("column '%s' row %d: expected <%s> but was <%s>", col, i, ev, av);
        }
      }
    }
  }

  public static void assertRootsEqual(VectorSchemaRoot expected, VectorSchemaRoot actual) {
    assertSameColumns(columns(expected), columns(actual));
  }

  /** Convenience for messages and small tests. */
  public static Map<String, List<Object>> of(Object... nameThenValues) {
    Map<String, List<Object>> m = new HashMap<>();
    for (int i = 0; i < nameThenValues.length; i += 2) {
      m.put((String) nameThenValues[i], Arrays.asList((Object[]) nameThenValues[i + 1]));
    }
    return m;
  }
}
