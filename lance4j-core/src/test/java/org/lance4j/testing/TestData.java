package org.lance4j.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.*;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Random test data for every type lance4j supports, with nulls at every level the format stores
 * (struct-level nulls are not stored by format 2.0, so structs are never null themselves).
 */
public final class TestData {
  private TestData() {}

  public static Field field(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), List.of(children));
  }

  public static Field notNull(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.notNullable(type), List.of(children));
  }

  /** One column of every supported type, nested combinations included. */
  public static Schema allTypesSchema() {
    List<Field> f = new ArrayList<>();
    f.add(field("bool", ArrowType.Bool.INSTANCE));
    f.add(field("i8", new ArrowType.Int(8, true)));
    f.add(field("i16", new ArrowType.Int(16, true)));
    f.add(field("i32", new ArrowType.Int(32, true)));
    f.add(notNull("i64", new ArrowType.Int(64, true)));
    f.add(field("u8", new ArrowType.Int(8, false)));
    f.add(field("u16", new ArrowType.Int(16, false)));
    f.add(field("u32", new ArrowType.Int(32, false)));
    f.add(field("u64", new ArrowType.Int(64, false)));
    f.add(field("f16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)));
    f.add(field("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    f.add(field("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
    f.add(field("utf8", ArrowType.Utf8.INSTANCE));
    f.add(field("large_utf8", ArrowType.LargeUtf8.INSTANCE));
    f.add(field("binary", ArrowType.Binary.INSTANCE));
    f.add(field("large_binary", ArrowType.LargeBinary.INSTANCE));
    f.add(field("fsb", new ArrowType.FixedSizeBinary(4)));
    f.add(field("date32", new ArrowType.Date(DateUnit.DAY)));
    f.add(field("date64", new ArrowType.Date(DateUnit.MILLISECOND)));
    f.add(field("time32s", new ArrowType.Time(TimeUnit.SECOND, 32)));
    f.add(field("time32ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)));
    f.add(field("time64us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)));
    f.add(field("time64ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64)));
    f.add(field("ts_s", new ArrowType.Timestamp(TimeUnit.SECOND, null)));
    f.add(field("ts_ms_tz", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")));
    f.add(field("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)));
    f.add(field("ts_ns_tz", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "America/New_York")));
    f.add(field("dur_ms", new ArrowType.Duration(TimeUnit.MILLISECOND)));
    f.add(field("dec", new ArrowType.Decimal(12, 3, 128)));
    f.add(field("vec", new ArrowType.FixedSizeList(8),
        field("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    f.add(field("list_i32", ArrowType.List.INSTANCE, field("item", new ArrowType.Int(32, true))));
    f.add(field("large_list_utf8", ArrowType.LargeList.INSTANCE,
        field("item", ArrowType.Utf8.INSTANCE)));
    f.add(field("struct", ArrowType.Struct.INSTANCE,
        field("a", new ArrowType.Int(32, true)), field("b", ArrowType.Utf8.INSTANCE)));
    f.add(field("list_struct", ArrowType.List.INSTANCE,
        field("item", ArrowType.Struct.INSTANCE,
            field("x", new ArrowType.Int(64, true)),
            field("y", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)))));
    f.add(field("nested", ArrowType.Struct.INSTANCE,
        field("inner", ArrowType.Struct.INSTANCE, field("v", new ArrowType.Int(16, true))),
        field("l", ArrowType.List.INSTANCE, field("item", new ArrowType.Int(8, true)))));
    return new Schema(f);
  }

  /** A root of {@code rows} random rows; about {@code nullFraction} of nullable values are null. */
  public static VectorSchemaRoot random(Schema schema, int rows, long seed, double nullFraction,
      BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    Random r = new Random(seed);
    for (FieldVector v : root.getFieldVectors()) {
      fill(v, rows, r, nullFraction);
    }
    root.setRowCount(rows);
    return root;
  }

  /** Fills {@code v} with {@code n} values (appending from index 0). */
  public static void fill(FieldVector v, int n, Random r, double nullFraction) {
    boolean nullable = v.getField().isNullable();
    if (v instanceof StructVector) {
      StructVector s = (StructVector) v;
      s.setInitialCapacity(n);
      s.allocateNew();
      for (FieldVector c : s.getChildrenFromFields()) {
        fill(c, n, r, nullFraction);
      }
      for (int i = 0; i < n; i++) {
        s.setIndexDefined(i);
      }
      s.setValueCount(n);
      return;
    }
    if (v instanceof ListVector) {
      ListVector l = (ListVector) v;
      int[] lens = new int[n];
      boolean[] isNull = new boolean[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        isNull[i] = nullable && r.nextDouble() < nullFraction;
        lens[i] = isNull[i] ? 0 : r.nextInt(5);
        total += lens[i];
      }
      l.allocateNew();
      fill((FieldVector) l.getDataVector(), total, r, nullFraction);
      for (int i = 0; i < n; i++) {
        if (isNull[i]) {
          l.setNull(i);
        } else {
          l.startNewValue(i);
          l.endValue(i, lens[i]);
        }
      }
      l.setLastSet(n - 1);
      l.setValueCount(n);
      return;
    }
    if (v instanceof LargeListVector) {
      LargeListVector l = (LargeListVector) v;
      int total = 0;
      int[] lens = new int[n];
      boolean[] isNull = new boolean[n];
      for (int i = 0; i < n; i++) {
        isNull[i] = nullable && r.nextDouble() < nullFraction;
        lens[i] = isNull[i] ? 0 : r.nextInt(5);
        total += lens[i];
      }
      l.allocateNew();
      fill((FieldVector) l.getDataVector(), total, r, nullFraction);
      for (int i = 0; i < n; i++) {
        if (isNull[i]) {
          l.setNull(i);
        } else {
          l.startNewValue(i);
          l.endValue(i, lens[i]);
        }
      }
      l.setLastSet(n - 1);
      l.setValueCount(n);
      return;
    }
    if (v instanceof FixedSizeListVector) {
      FixedSizeListVector l = (FixedSizeListVector) v;
      int dim = l.getListSize();
      l.setInitialCapacity(n);
      l.allocateNew();
      fill((FieldVector) l.getDataVector(), n * dim, r, 0.0);
      for (int i = 0; i < n; i++) {
        if (nullable && r.nextDouble() < nullFraction) {
          l.setNull(i);
        } else {
          l.setNotNull(i);
        }
      }
      l.setValueCount(n);
      return;
    }
    v.setInitialCapacity(n);
    v.allocateNew();
    for (int i = 0; i < n; i++) {
      if (nullable && r.nextDouble() < nullFraction) {
        continue; // left null
      }
      setRandom(v, i, r);
    }
    v.setValueCount(n);
  }

  private static final String[] WORDS = {"alpha", "beta", "gamma", "", "δέλτα", "e", "zeta-long-word"};

  private static void setRandom(FieldVector v, int i, Random r) {
    if (v instanceof BitVector) {
      ((BitVector) v).setSafe(i, r.nextBoolean() ? 1 : 0);
    } else if (v instanceof TinyIntVector) {
      ((TinyIntVector) v).setSafe(i, (byte) r.nextInt());
    } else if (v instanceof SmallIntVector) {
      ((SmallIntVector) v).setSafe(i, (short) r.nextInt());
    } else if (v instanceof IntVector) {
      ((IntVector) v).setSafe(i, r.nextInt());
    } else if (v instanceof BigIntVector) {
      ((BigIntVector) v).setSafe(i, r.nextLong());
    } else if (v instanceof UInt1Vector) {
      ((UInt1Vector) v).setSafe(i, r.nextInt(256));
    } else if (v instanceof UInt2Vector) {
      ((UInt2Vector) v).setSafe(i, (char) r.nextInt(65536));
    } else if (v instanceof UInt4Vector) {
      ((UInt4Vector) v).setSafe(i, r.nextInt());
    } else if (v instanceof UInt8Vector) {
      ((UInt8Vector) v).setSafe(i, r.nextLong());
    } else if (v instanceof Float2Vector) {
      ((Float2Vector) v).setSafeWithPossibleTruncate(i, (float) r.nextGaussian());
    } else if (v instanceof Float4Vector) {
      ((Float4Vector) v).setSafe(i, (float) r.nextGaussian());
    } else if (v instanceof Float8Vector) {
      ((Float8Vector) v).setSafe(i, r.nextGaussian());
    } else if (v instanceof VarCharVector) {
      ((VarCharVector) v).setSafe(i, word(r));
    } else if (v instanceof LargeVarCharVector) {
      ((LargeVarCharVector) v).setSafe(i, word(r));
    } else if (v instanceof VarBinaryVector) {
      ((VarBinaryVector) v).setSafe(i, bytes(r));
    } else if (v instanceof LargeVarBinaryVector) {
      ((LargeVarBinaryVector) v).setSafe(i, bytes(r));
    } else if (v instanceof FixedSizeBinaryVector) {
      byte[] b = new byte[((FixedSizeBinaryVector) v).getByteWidth()];
      r.nextBytes(b);
      ((FixedSizeBinaryVector) v).setSafe(i, b);
    } else if (v instanceof DateDayVector) {
      ((DateDayVector) v).setSafe(i, r.nextInt(40000) - 10000);
    } else if (v instanceof DateMilliVector) {
      ((DateMilliVector) v).setSafe(i, (r.nextInt(40000) - 10000) * 86_400_000L);
    } else if (v instanceof TimeSecVector) {
      ((TimeSecVector) v).setSafe(i, r.nextInt(86400));
    } else if (v instanceof TimeMilliVector) {
      ((TimeMilliVector) v).setSafe(i, r.nextInt(86_400_000));
    } else if (v instanceof TimeMicroVector) {
      ((TimeMicroVector) v).setSafe(i, (long) r.nextInt(86_400_000) * 1000);
    } else if (v instanceof TimeNanoVector) {
      ((TimeNanoVector) v).setSafe(i, (long) r.nextInt(86_400_000) * 1_000_000);
    } else if (v instanceof TimeStampVector) {
      ((TimeStampVector) v).setSafe(i, r.nextLong() >>> 20);
    } else if (v instanceof DurationVector) {
      ((DurationVector) v).setSafe(i, r.nextLong() >> 8);
    } else if (v instanceof DecimalVector) {
      DecimalVector d = (DecimalVector) v;
      ((DecimalVector) v).setSafe(i,
          BigDecimal.valueOf(r.nextLong() % 1_000_000_000L, d.getScale()));
    } else {
      throw new IllegalArgumentException("TestData cannot fill " + v.getClass().getSimpleName());
    }
  }

  private static byte[] word(Random r) {
    String w = WORDS[r.nextInt(WORDS.length)];
    return (w + (r.nextInt(3) == 0 ? r.nextInt(1000) : "")).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Random r) {
    byte[] b = new byte[r.nextInt(12)];
    r.nextBytes(b);
    return b;
  }

  /** Convenience: a map of column name to a value description for messages. */
  public static Map<String, String> describe(VectorSchemaRoot root) {
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    for (FieldVector v : root.getFieldVectors()) {
      m.put(v.getName(), v.getField().getType() + " x " + v.getValueCount());
    }
    return m;
  }
}
