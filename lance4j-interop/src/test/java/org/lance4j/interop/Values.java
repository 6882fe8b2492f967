package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Arrow data as plain Java values, in both directions, so that what was written, what lance-core
 * reads and what lance4j reads compare with {@link Objects#equals}. The canonical forms: null,
 * Boolean, Integer (int32, date32 days), Long (int64, timestamps), Short (float16 bits), Float,
 * Double, String (utf8,
 * large_utf8), {@link Bytes} (binary kinds), List (list, large_list, fixed_size_list) and Map
 * (struct: child name to value, every child present).
 */
final class Values {
  private Values() {}

  /** Binary value with content equality and a short printed form. */
  record Bytes(byte[] b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(b, other.b);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(b);
    }

    @Override
    public String toString() {
      String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 16));
      return "Bytes[" + b.length + "]" + hex + (b.length > 16 ? "..." : "");
    }
  }

  // ---- reading ----

  /** Canonical value of row {@code i}. */
  static Object get(ValueVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof BitVector b) {
      return b.get(i) != 0;
    }
    if (v instanceof IntVector x) {
      return x.get(i);
    }
    if (v instanceof BigIntVector x) {
      return x.get(i);
    }
    if (v instanceof org.apache.arrow.vector.UInt1Vector x) {
      return (long) (x.get(i) & 0xFF); // unsigned kinds as Long
    }
    if (v instanceof org.apache.arrow.vector.UInt4Vector x) {
      return x.get(i) & 0xFFFFFFFFL;
    }
    if (v instanceof org.apache.arrow.vector.UInt8Vector x) {
      return x.get(i);
    }
    if (v instanceof Float4Vector x) {
      return x.get(i);
    }
    if (v instanceof Float8Vector x) {
      return x.get(i);
    }
    if (v instanceof Float2Vector x) {
      return x.get(i); // the half's bits (Short): exact comparison
    }
    if (v instanceof DateDayVector x) {
      return x.get(i);
    }
    if (v instanceof TimeStampVector x) {
      return x.get(i);
    }
    if (v instanceof VarCharVector || v instanceof LargeVarCharVector) {
      return new String(bytesOf(v, i), StandardCharsets.UTF_8);
    }
    if (v instanceof VarBinaryVector || v instanceof LargeVarBinaryVector) {
      return new Bytes(bytesOf(v, i));
    }
    if (v instanceof FixedSizeBinaryVector x) {
      return new Bytes(x.get(i));
    }
    if (v instanceof ListVector l) {
      List<Object> out = new ArrayList<>();
      for (int j = l.getElementStartIndex(i); j < l.getElementEndIndex(i); j++) {
        out.add(get(l.getDataVector(), j));
      }
      return out;
    }
    if (v instanceof LargeListVector l) {
      List<Object> out = new ArrayList<>();
      for (long j = l.getElementStartIndex(i); j < l.getElementEndIndex(i); j++) {
        out.add(get(l.getDataVector(), Math.toIntExact(j)));
      }
      return out;
    }
    if (v instanceof FixedSizeListVector l) {
      List<Object> out = new ArrayList<>();
      int n = l.getListSize();
      for (int j = 0; j < n; j++) {
        out.add(get(l.getDataVector(), i * n + j));
      }
      return out;
    }
    if (v instanceof StructVector s) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (FieldVector c : s.getChildrenFromFields()) {
        out.put(c.getName(), get(c, i));
      }
      return out;
    }
    throw new AssertionError("no canonical form for " + v.getClass().getSimpleName() + " ("
        + v.getField() + ")");
  }

  private static byte[] bytesOf(ValueVector v, int i) {
    if (v instanceof BaseVariableWidthVector x) {
      return x.get(i);
    }
    if (v instanceof BaseLargeVariableWidthVector x) {
      return x.get(i);
    }
    throw new AssertionError(v.getClass().getName());
  }

  /** Every column of a root, by name. */
  static Map<String, List<Object>> columns(VectorSchemaRoot root) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (FieldVector v : root.getFieldVectors()) {
      List<Object> col = new ArrayList<>(root.getRowCount());
      for (int i = 0; i < root.getRowCount(); i++) {
        col.add(get(v, i));
      }
      out.put(v.getName(), col);
    }
    return out;
  }

  /** Drains a reader (not closed here): the values of every column, batches concatenated. */
  static Map<String, List<Object>> drain(ArrowReader reader) throws IOException {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (FieldVector v : reader.getVectorSchemaRoot().getFieldVectors()) {
      out.put(v.getName(), new ArrayList<>());
    }
    while (reader.loadNextBatch()) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      for (FieldVector v : root.getFieldVectors()) {
        List<Object> col = out.computeIfAbsent(v.getName(), k -> new ArrayList<>());
        for (int i = 0; i < root.getRowCount(); i++) {
          col.add(get(v, i));
        }
      }
    }
    return out;
  }

  /** Rows of {@code all} at {@code indices}, in that order. */
  static Map<String, List<Object>> pick(Map<String, List<Object>> all, long[] indices) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> e : all.entrySet()) {
      List<Object> col = new ArrayList<>(indices.length);
      for (long i : indices) {
        col.add(e.getValue().get(Math.toIntExact(i)));
      }
      out.put(e.getKey(), col);
    }
    return out;
  }

  /** Number of rows (of the first column). */
  static int rowCount(Map<String, List<Object>> cols) {
    return cols.isEmpty() ? 0 : cols.values().iterator().next().size();
  }

  /**
   * Same column names in the same order and equal values row by row; fails naming {@code what},
   * the first differing column and row, and both values.
   */
  static void assertSame(String what, Map<String, List<Object>> expected,
      Map<String, List<Object>> actual) {
    assertThat(actual.keySet()).as("%s: columns", what)
        .containsExactlyElementsOf(expected.keySet());
    for (String col : expected.keySet()) {
      List<Object> e = expected.get(col);
      List<Object> a = actual.get(col);
      assertThat(a.size()).as("%s: rows of column %s", what, col).isEqualTo(e.size());
      for (int i = 0; i < e.size(); i++) {
        if (!Objects.equals(e.get(i), a.get(i))) {
          fail("%s: column '%s' row %d: expected <%s> but was <%s>", what, col, i,
              shorten(e.get(i)), shorten(a.get(i)));
        }
      }
    }
  }

  private static String shorten(Object o) {
    String s = String.valueOf(o);
    if (o != null && !(o instanceof String) && !(o instanceof List) && !(o instanceof Map)) {
      s += " (" + o.getClass().getSimpleName() + ")"; // 7 (Integer) vs 7 (Long)
    }
    return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
  }

  // ---- writing ----

  /**
   * Fills a root with canonical values: {@code columns} maps each field name of the root's schema
   * to its values. Vectors are allocated from the root's allocator; the caller closes the root.
   */
  static void fill(VectorSchemaRoot root, Map<String, List<Object>> columns) {
    int rows = -1;
    for (FieldVector v : root.getFieldVectors()) {
      List<Object> col = columns.get(v.getName());
      if (col == null) {
        throw new IllegalArgumentException("no values for column " + v.getName());
      }
      if (rows >= 0 && col.size() != rows) {
        throw new IllegalArgumentException("column " + v.getName() + " has " + col.size()
            + " values, others " + rows);
      }
      rows = col.size();
      v.allocateNew();
      for (int i = 0; i < col.size(); i++) {
        set(v, i, col.get(i));
      }
    }
    root.setRowCount(Math.max(rows, 0));
  }

  /** Writes one canonical value at {@code i}; rows are written in increasing order. */
  @SuppressWarnings("unchecked")
  static void set(ValueVector v, int i, Object value) {
    if (v instanceof ListVector l) {
      if (value == null) {
        l.setNull(i);
        return;
      }
      List<Object> items = (List<Object>) value;
      int start = l.startNewValue(i);
      for (int j = 0; j < items.size(); j++) {
        set(l.getDataVector(), start + j, items.get(j));
      }
      l.endValue(i, items.size());
      return;
    }
    if (v instanceof LargeListVector l) {
      if (value == null) {
        l.setNull(i);
        return;
      }
      List<Object> items = (List<Object>) value;
      long start = l.startNewValue(i);
      for (int j = 0; j < items.size(); j++) {
        set(l.getDataVector(), Math.toIntExact(start + j), items.get(j));
      }
      l.endValue(i, items.size());
      return;
    }
    if (v instanceof FixedSizeListVector l) {
      int n = l.getListSize();
      List<Object> items = (List<Object>) value;
      if (items != null && items.size() != n) {
        throw new IllegalArgumentException("fixed-size list of " + n + " got " + items.size());
      }
      if (value == null) {
        l.setNull(i);
      } else {
        l.setNotNull(i);
      }
      FieldVector child = l.getDataVector();
      for (int j = 0; j < n; j++) {
        if (items != null) {
          set(child, i * n + j, items.get(j));
        } else if (child.getField().isNullable()) {
          set(child, i * n + j, null); // a null row still has n child slots
        } else {
          definedZero(child, i * n + j); // arrow-rs refuses nulls in a non-nullable child
        }
      }
      return;
    }
    if (v instanceof StructVector s) {
      Map<String, Object> m = (Map<String, Object>) value;
      if (m == null) {
        s.setNull(i);
      } else {
        s.setIndexDefined(i);
      }
      for (FieldVector c : s.getChildrenFromFields()) {
        set(c, i, m == null ? null : m.get(c.getName()));
      }
      return;
    }
    if (value == null) {
      setNullSafe(v, i);
      return;
    }
    if (v instanceof BitVector x) {
      x.setSafe(i, (Boolean) value ? 1 : 0);
    } else if (v instanceof IntVector x) {
      x.setSafe(i, (Integer) value);
    } else if (v instanceof BigIntVector x) {
      x.setSafe(i, (Long) value);
    } else if (v instanceof Float4Vector x) {
      x.setSafe(i, (Float) value);
    } else if (v instanceof Float8Vector x) {
      x.setSafe(i, (Double) value);
    } else if (v instanceof Float2Vector x) {
      x.setSafe(i, (Short) value);
    } else if (v instanceof DateDayVector x) {
      x.setSafe(i, (Integer) value);
    } else if (v instanceof TimeStampVector x) {
      x.setSafe(i, (Long) value);
    } else if (v instanceof VarCharVector x) {
      x.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof LargeVarCharVector x) {
      x.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector x) {
      x.setSafe(i, ((Bytes) value).b());
    } else if (v instanceof LargeVarBinaryVector x) {
      x.setSafe(i, ((Bytes) value).b());
    } else if (v instanceof FixedSizeBinaryVector x) {
      x.setSafe(i, ((Bytes) value).b());
    } else {
      throw new AssertionError("cannot write " + v.getClass().getSimpleName());
    }
  }

  /** A valid zero value (fixed-width vectors are zero-filled when allocated). */
  private static void definedZero(ValueVector v, int i) {
    while (i >= v.getValueCapacity()) {
      v.reAlloc();
    }
    if (v instanceof BaseFixedWidthVector x) {
      x.setIndexDefined(i);
    } else {
      throw new AssertionError("no zero value for " + v.getClass().getSimpleName());
    }
  }

  private static void setNullSafe(ValueVector v, int i) {
    while (i >= v.getValueCapacity()) {
      v.reAlloc();
    }
    if (v instanceof BaseFixedWidthVector x) {
      x.setNull(i);
    } else if (v instanceof BaseVariableWidthVector x) {
      x.setNull(i);
    } else if (v instanceof BaseLargeVariableWidthVector x) {
      x.setNull(i);
    } else {
      throw new AssertionError("cannot write null into " + v.getClass().getSimpleName());
    }
  }
}
