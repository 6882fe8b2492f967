package org.lance4j.internal.expr;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.lance4j.InvalidInputException;

/** Conversions between Arrow vectors and {@link Vec}s. */
final class Vectors {
  private Vectors() {}

  /** The evaluator type of an Arrow type. */
  static Type typeOf(ArrowType t) {
    switch (t.getTypeID()) {
      case Bool: return Type.BOOL;
      case Int: return Type.INT;
      case FloatingPoint: case Decimal: return Type.FLOAT;
      case Utf8: case LargeUtf8: case Utf8View: return Type.STRING;
      case Date: return Type.DATE;
      case Timestamp: return Type.TIMESTAMP;
      case Null: return Type.NULL;
      default: return Type.OTHER;
    }
  }

  /** The Arrow type a computed value of {@code type} gets. */
  static ArrowType arrowTypeOf(Type type) {
    switch (type) {
      case BOOL: return ArrowType.Bool.INSTANCE;
      case INT: return new ArrowType.Int(64, true);
      case FLOAT: return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case STRING: return ArrowType.Utf8.INSTANCE;
      case DATE: return new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP: return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      default: return ArrowType.Null.INSTANCE;
    }
  }

  private static boolean[] nulls(FieldVector v, int n) {
    if (v.getNullCount() == 0) {
      return null;
    }
    boolean[] nulls = new boolean[n];
    for (int i = 0; i < n; i++) {
      nulls[i] = v.isNull(i);
    }
    return nulls;
  }

  /** Reads the first {@code n} values of {@code v}; {@code parentNulls} marks rows of null parents. */
  static Vec read(FieldVector v, int n, boolean[] parentNulls) {
    boolean[] nulls = Vec.orNulls(nulls(v, n), parentNulls);
    if (v instanceof BitVector b) {
      boolean[] out = new boolean[n];
      ArrowBuf buf = b.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = ((buf.getByte(i >> 3) >> (i & 7)) & 1) != 0;
      }
      return Vec.ofBools(out, nulls);
    }
    if (v instanceof Float8Vector || v instanceof Float4Vector || v instanceof Float2Vector
        || v instanceof DecimalVector || v instanceof Decimal256Vector) {
      return Vec.ofDoubles(doubles(v, n, nulls), nulls);
    }
    if (typeOf(v.getField().getType()) == Type.STRING) {
      String[] out = new String[n];
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          out[i] = string(v, i);
        }
      }
      return Vec.ofStrings(out, nulls);
    }
    Type type = typeOf(v.getField().getType());
    if (type == Type.INT || type == Type.DATE || type == Type.TIMESTAMP) {
      return Vec.ofLongs(type, longs(v, n), nulls);
    }
    if (type == Type.NULL) {
      return Vec.allNull(Type.NULL, n);
    }
    return Vec.nullnessOnly(nulls == null ? new boolean[n] : nulls, n);
  }

  private static String string(FieldVector v, int i) {
    if (v instanceof VarCharVector s) {
      ArrowBuf data = s.getDataBuffer();
      int start = s.getStartOffset(i);
      int len = s.getEndOffset(i) - start;
      byte[] b = new byte[len];
      data.getBytes(start, b, 0, len);
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof LargeVarCharVector s) {
      return new String(s.get(i), StandardCharsets.UTF_8);
    }
    return new String(((ViewVarCharVector) v).get(i), StandardCharsets.UTF_8);
  }

  private static double[] doubles(FieldVector v, int n, boolean[] nulls) {
    double[] out = new double[n];
    if (v instanceof Float8Vector f) {
      ArrowBuf buf = f.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getDouble((long) i * 8);
      }
    } else if (v instanceof Float4Vector f) {
      ArrowBuf buf = f.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getFloat((long) i * 4);
      }
    } else if (v instanceof Float2Vector f) {
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) { // getValueAsDouble throws on a null slot
          out[i] = f.getValueAsDouble(i);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          Object o = v.getObject(i);
          out[i] = o == null ? 0 : ((BigDecimal) o).doubleValue();
        }
      }
    }
    return out;
  }

  private static long[] longs(FieldVector v, int n) {
    long[] out = new long[n];
    if (v instanceof BigIntVector || v instanceof UInt8Vector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getLong((long) i * 8);
      }
    } else if (v instanceof IntVector || v instanceof DateDayVector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getInt((long) i * 4);
      }
    } else if (v instanceof UInt4Vector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = Integer.toUnsignedLong(buf.getInt((long) i * 4));
      }
    } else if (v instanceof SmallIntVector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getShort((long) i * 2);
      }
    } else if (v instanceof UInt2Vector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = Short.toUnsignedLong(buf.getShort((long) i * 2));
      }
    } else if (v instanceof TinyIntVector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getByte(i);
      }
    } else if (v instanceof UInt1Vector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = Byte.toUnsignedLong(buf.getByte(i));
      }
    } else if (v instanceof DateMilliVector) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = Math.floorDiv(buf.getLong((long) i * 8), 86_400_000L);
      }
    } else if (v instanceof TimeStampVector) {
      ArrowBuf buf = v.getDataBuffer();
      TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
      for (int i = 0; i < n; i++) {
        out[i] = toMicros(buf.getLong((long) i * 8), unit);
      }
    } else {
      throw new InvalidInputException("cannot read column '" + v.getName()
          + "' of type " + v.getField().getType() + " as an integer");
    }
    return out;
  }

  static long toMicros(long v, TimeUnit unit) {
    switch (unit) {
      case SECOND: return v * 1_000_000L;
      case MILLISECOND: return v * 1_000L;
      case NANOSECOND: return Math.floorDiv(v, 1_000L);
      default: return v;
    }
  }

  private static long fromMicros(long v, TimeUnit unit) {
    switch (unit) {
      case SECOND: return Math.floorDiv(v, 1_000_000L);
      case MILLISECOND: return Math.floorDiv(v, 1_000L);
      case NANOSECOND: return v * 1_000L;
      default: return v;
    }
  }

  /** Whether {@link #write} can produce a vector of this type from a Vec of {@code type}. */
  static boolean writable(ArrowType t, Type type) {
    if (typeOf(t) != type) {
      return false;
    }
    switch (t.getTypeID()) {
      case Bool: case Int: case Utf8: case LargeUtf8: case Date: case Timestamp: case Null:
        return true;
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) t).getPrecision() != FloatingPointPrecision.HALF;
      default:
        return false;
    }
  }

  /** A new vector named {@code name} of Arrow type {@code t} holding the values of {@code v}. */
  static FieldVector write(Vec v, String name, ArrowType t, BufferAllocator allocator) {
    FieldVector out = new Field(name, FieldType.nullable(t), null).createVector(allocator);
    try {
      int n = v.n;
      if (out instanceof NullVector nv) {
        nv.setValueCount(n);
        return out;
      }
      out.setInitialCapacity(n);
      out.allocateNew();
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue; // validity bits start cleared
        }
        set(out, i, v);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  private static void set(FieldVector out, int i, Vec v) {
    if (out instanceof BitVector b) {
      b.set(i, v.bools[i] ? 1 : 0);
    } else if (out instanceof BigIntVector x) {
      x.set(i, v.longs[i]);
    } else if (out instanceof IntVector x) {
      x.set(i, (int) v.longs[i]);
    } else if (out instanceof SmallIntVector x) {
      x.set(i, (short) v.longs[i]);
    } else if (out instanceof TinyIntVector x) {
      x.set(i, (byte) v.longs[i]);
    } else if (out instanceof UInt8Vector x) {
      x.set(i, v.longs[i]);
    } else if (out instanceof UInt4Vector x) {
      x.set(i, (int) v.longs[i]);
    } else if (out instanceof UInt2Vector x) {
      x.set(i, (char) v.longs[i]);
    } else if (out instanceof UInt1Vector x) {
      x.set(i, (byte) v.longs[i]);
    } else if (out instanceof Float8Vector x) {
      x.set(i, v.doubles[i]);
    } else if (out instanceof Float4Vector x) {
      x.set(i, (float) v.doubles[i]);
    } else if (out instanceof VarCharVector x) {
      x.setSafe(i, v.strings[i].getBytes(StandardCharsets.UTF_8));
    } else if (out instanceof LargeVarCharVector x) {
      x.setSafe(i, v.strings[i].getBytes(StandardCharsets.UTF_8));
    } else if (out instanceof DateDayVector x) {
      x.set(i, (int) v.longs[i]);
    } else if (out instanceof DateMilliVector x) {
      x.set(i, v.longs[i] * 86_400_000L);
    } else if (out instanceof TimeStampVector x) {
      TimeUnit unit = ((ArrowType.Timestamp) out.getField().getType()).getUnit();
      x.set(i, fromMicros(v.longs[i], unit));
    } else {
      throw new IllegalStateException("cannot write " + out.getClass().getSimpleName());
    }
  }
}
