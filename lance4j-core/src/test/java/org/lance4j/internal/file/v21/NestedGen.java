package org.lance4j.internal.file.v21;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Random nested schemas and values for round-trip tests: lists, large lists, maps, structs and
 * fixed-size lists over ints, floats, bools and strings, nested up to a depth, with null and
 * empty lists, null structs and null items at rates drawn per column; values as plain Java
 * objects (List, Map, String, Integer, ...) written into Arrow vectors by {@link #set}.
 */
final class NestedGen {
  private final Random r;
  private final boolean maps;
  private int names;
  /** List items still allowed in the current row (keeps nested rows small). */
  private int budget;

  NestedGen(Random r, boolean maps) {
    this.r = r;
    this.maps = maps;
  }

  static final ArrowType I32 = new ArrowType.Int(32, true);
  static final ArrowType I64 = new ArrowType.Int(64, true);
  static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  private String name() {
    return "f" + names++;
  }

  Field field(int depth) {
    boolean nullable = r.nextInt(4) != 0;
    int pick = depth <= 0 ? 0 : r.nextInt(maps ? 6 : 5);
    String n = name();
    switch (pick) {
      case 1, 2 -> {
        return new Field(n, new FieldType(nullable, ArrowType.List.INSTANCE, null),
            List.of(renamed(field(depth - 1), "item")));
      }
      case 3 -> {
        return new Field(n, new FieldType(nullable, ArrowType.LargeList.INSTANCE, null),
            List.of(renamed(field(depth - 1), "item")));
      }
      case 4 -> {
        List<Field> kids = new ArrayList<>();
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          kids.add(field(depth - 1));
        }
        return new Field(n, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), kids);
      }
      case 5 -> {
        Field key = new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
        Field value = renamed(field(depth - 1), "value");
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
            List.of(key, value));
        return new Field(n, new FieldType(nullable, new ArrowType.Map(false), null),
            List.of(entries));
      }
      default -> {
        return leaf(n, nullable);
      }
    }
  }

  private static Field renamed(Field f, String name) {
    return new Field(name, f.getFieldType(), f.getChildren());
  }

  private Field leaf(String n, boolean nullable) {
    return switch (r.nextInt(8)) {
      case 0 -> new Field(n, new FieldType(nullable, I32, null), null);
      case 1 -> new Field(n, new FieldType(nullable, I64, null), null);
      case 2 -> new Field(n, new FieldType(nullable, F64, null), null);
      case 3 -> new Field(n, new FieldType(nullable, ArrowType.Bool.INSTANCE, null), null);
      case 4 -> new Field(n, new FieldType(nullable, ArrowType.LargeUtf8.INSTANCE, null), null);
      case 5 -> new Field(n, new FieldType(nullable, ArrowType.Binary.INSTANCE, null), null);
      case 6 -> new Field(n, new FieldType(nullable, new ArrowType.FixedSizeList(4), null),
          List.of(new Field("item", FieldType.nullable(F32), null)));
      default -> new Field(n, new FieldType(nullable, ArrowType.Utf8.INSTANCE, null), null);
    };
  }

  /** Rates of one column's values, drawn once so that columns differ. */
  record Shape(double nulls, double empties, int maxLen, double longLists, double longStrings) {}

  Shape shape() {
    double[] nullRates = {0, 0, 0.05, 0.3, 0.9, 1.0};
    double[] emptyRates = {0, 0, 0.1, 0.5, 1.0};
    return new Shape(nullRates[r.nextInt(nullRates.length)],
        emptyRates[r.nextInt(emptyRates.length)], 1 + r.nextInt(8),
        r.nextInt(4) == 0 ? 0.02 : 0, r.nextInt(5) == 0 ? 0.3 : 0);
  }

  /** A row's value of top-level field {@code f}. */
  Object row(Field f, Shape s) {
    budget = 400;
    return value(f, s);
  }

  private Object value(Field f, Shape s) {
    if (f.isNullable() && r.nextDouble() < s.nulls()) {
      return null;
    }
    ArrowType t = f.getType();
    if (t instanceof ArrowType.List || t instanceof ArrowType.LargeList
        || t instanceof ArrowType.Map) {
      int len;
      if (r.nextDouble() < s.empties() || budget <= 0) {
        len = 0;
      } else if (r.nextDouble() < s.longLists() && budget == 400) {
        len = 200 + r.nextInt(5000);
        budget = 0;
      } else {
        len = Math.min(budget, r.nextInt(s.maxLen() + 1));
        budget -= len;
      }
      Field item = f.getChildren().get(0);
      List<Object> out = new ArrayList<>(len);
      for (int i = 0; i < len; i++) {
        out.add(value(item, s));
      }
      return out;
    }
    if (t instanceof ArrowType.Struct) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Field c : f.getChildren()) {
        m.put(c.getName(), c.getName().equals("key") ? "k" + r.nextInt(50) : value(c, s));
      }
      return m;
    }
    if (t instanceof ArrowType.FixedSizeList) {
      List<Object> v = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        v.add(r.nextInt(5) == 0 ? null : r.nextFloat());
      }
      return v;
    }
    if (t instanceof ArrowType.Int i) {
      return i.getBitWidth() == 32 ? (Object) (r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(100))
          : (Object) (r.nextBoolean() ? r.nextLong() : (long) r.nextInt(1000));
    }
    if (t instanceof ArrowType.FloatingPoint) {
      return r.nextDouble();
    }
    if (t instanceof ArrowType.Bool) {
      return r.nextBoolean();
    }
    if (t instanceof ArrowType.Binary) {
      byte[] b = new byte[r.nextInt(12)];
      r.nextBytes(b);
      return b;
    }
    int len = r.nextDouble() < s.longStrings() ? 300 + r.nextInt(3000) : r.nextInt(10);
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append((char) ('a' + r.nextInt(r.nextBoolean() ? 3 : 26)));
    }
    return b.toString();
  }

  static void fill(VectorSchemaRoot root, List<List<Object>> columns, int rows) {
    List<FieldVector> vs = root.getFieldVectors();
    for (int c = 0; c < vs.size(); c++) {
      FieldVector v = vs.get(c);
      v.allocateNew();
      for (int i = 0; i < rows; i++) {
        set(v, i, columns.get(c).get(i));
      }
      v.setValueCount(rows);
    }
    root.setRowCount(rows);
  }

  /** Writes one value at {@code i}; rows are written in increasing order. */
  @SuppressWarnings("unchecked")
  static void set(ValueVector v, int i, Object value) {
    if (v instanceof ListVector l) { // maps too
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
      while (i >= l.getValueCapacity()) {
        l.reAlloc();
      }
      if (value == null) {
        l.setNull(i);
      } else {
        l.setNotNull(i);
      }
      for (int j = 0; j < n; j++) {
        set(l.getDataVector(), i * n + j, items == null ? null : items.get(j));
      }
      return;
    }
    if (v instanceof StructVector s) {
      Map<String, Object> m = (Map<String, Object>) value;
      while (i >= s.getValueCapacity()) {
        s.reAlloc();
      }
      if (m == null) {
        s.setNull(i);
      } else {
        s.setIndexDefined(i);
      }
      for (FieldVector c : s.getChildrenFromFields()) {
        Object cv = m == null ? null : m.get(c.getName());
        if (cv == null && !c.getField().isNullable()) {
          cv = placeholder(c);
        }
        set(c, i, cv);
      }
      return;
    }
    if (value == null) {
      while (i >= v.getValueCapacity()) {
        v.reAlloc();
      }
      if (v instanceof BaseFixedWidthVector x) {
        x.setNull(i);
      } else if (v instanceof BaseVariableWidthVector x) {
        x.setNull(i);
      } else if (v instanceof BaseLargeVariableWidthVector x) {
        x.setNull(i);
      }
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
    } else if (v instanceof VarCharVector x) {
      x.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof LargeVarCharVector x) {
      x.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector x) {
      x.setSafe(i, (byte[]) value);
    } else {
      throw new AssertionError("cannot write " + v.getClass().getSimpleName());
    }
  }

  /** A value for a non-nullable child under a null struct (Arrow still needs a slot). */
  private static Object placeholder(FieldVector c) {
    ArrowType t = c.getField().getType();
    if (t instanceof ArrowType.List || t instanceof ArrowType.LargeList
        || t instanceof ArrowType.Map) {
      return List.of();
    }
    if (t instanceof ArrowType.Struct) {
      return new LinkedHashMap<String, Object>();
    }
    if (t instanceof ArrowType.FixedSizeList) {
      return java.util.Arrays.asList(0f, 0f, 0f, 0f);
    }
    if (t instanceof ArrowType.Int i) {
      return i.getBitWidth() == 32 ? (Object) 0 : (Object) 0L;
    }
    if (t instanceof ArrowType.FloatingPoint) {
      return 0.0;
    }
    if (t instanceof ArrowType.Bool) {
      return false;
    }
    if (t instanceof ArrowType.Binary) {
      return new byte[0];
    }
    return "";
  }
}
