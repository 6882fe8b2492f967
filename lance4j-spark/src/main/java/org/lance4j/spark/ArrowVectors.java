package org.lance4j.spark;

import java.math.BigDecimal;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Presents Arrow vectors to Spark without copying: Spark's own {@link ArrowColumnVector} where it
 * understands the whole vector tree, otherwise a {@link ColumnVector} of ours that reads the Arrow
 * buffers directly (fixed_size_list vectors, unsigned ints, float16, large lists, fixed-size
 * binaries, date64, timestamps in units other than microseconds).
 */
final class ArrowVectors {
  private ArrowVectors() {}

  static ColumnVector wrap(ValueVector v) {
    return spark(v) ? new ArrowColumnVector(v) : new Lance(v);
  }

  /** True when ArrowColumnVector handles this vector and all its children. */
  private static boolean spark(ValueVector v) {
    if (v instanceof BitVector || v instanceof TinyIntVector || v instanceof SmallIntVector
        || v instanceof IntVector || v instanceof BigIntVector || v instanceof Float4Vector
        || v instanceof Float8Vector || v instanceof DecimalVector || v instanceof VarCharVector
        || v instanceof LargeVarCharVector || v instanceof VarBinaryVector
        || v instanceof LargeVarBinaryVector || v instanceof DateDayVector
        || v instanceof TimeStampMicroTZVector || v instanceof TimeStampMicroVector) {
      return true;
    }
    if (v instanceof ListVector l) {
      return spark(l.getDataVector());
    }
    if (v instanceof StructVector s) {
      for (FieldVector c : s.getChildrenFromFields()) {
        if (!spark(c)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Our vector for the Arrow types ArrowColumnVector does not read. */
  static final class Lance extends ColumnVector {
    private final ValueVector v;
    private final long tsDivisor;
    private final long tsMultiplier;
    private ColumnVector[] children;
    private ColumnVector items;

    Lance(ValueVector v) {
      super(SparkArrowTypes.toSpark(v.getField(), v.getName()));
      this.v = v;
      long div = 1;
      long mul = 1;
      if (v instanceof TimeStampVector) {
        TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
        switch (unit) {
          case SECOND -> mul = 1_000_000L;
          case MILLISECOND -> mul = 1_000L;
          case NANOSECOND -> div = 1_000L;
          default -> { }
        }
      }
      this.tsDivisor = div;
      this.tsMultiplier = mul;
      if (v instanceof StructVector s) {
        children = new ColumnVector[s.getChildrenFromFields().size()];
        for (int i = 0; i < children.length; i++) {
          children[i] = wrap(s.getChildrenFromFields().get(i));
        }
      } else if (v instanceof BaseListVector) {
        FieldVector data = v instanceof ListVector l ? l.getDataVector()
            : v instanceof LargeListVector ll ? ll.getDataVector()
            : ((FixedSizeListVector) v).getDataVector();
        items = wrap(data);
      }
    }

    @Override
    public void close() {
      // the Arrow vectors belong to the reader
    }

    @Override
    public boolean hasNull() {
      return v.getNullCount() > 0;
    }

    @Override
    public int numNulls() {
      return v.getNullCount();
    }

    @Override
    public boolean isNullAt(int rowId) {
      return v.isNull(rowId);
    }

    @Override
    public boolean getBoolean(int rowId) {
      return ((BitVector) v).get(rowId) != 0;
    }

    @Override
    public byte getByte(int rowId) {
      return ((TinyIntVector) v).get(rowId);
    }

    @Override
    public short getShort(int rowId) {
      if (v instanceof UInt1Vector u) {
        return (short) (u.get(rowId) & 0xFF);
      }
      return ((SmallIntVector) v).get(rowId);
    }

    @Override
    public int getInt(int rowId) {
      if (v instanceof UInt2Vector u) {
        return u.get(rowId);
      }
      if (v instanceof DateMilliVector d) {
        return (int) Math.floorDiv(d.get(rowId), 86_400_000L);
      }
      return ((IntVector) v).get(rowId);
    }

    @Override
    public long getLong(int rowId) {
      if (v instanceof UInt4Vector u) {
        return u.get(rowId) & 0xFFFFFFFFL;
      }
      if (v instanceof UInt8Vector u) {
        return u.get(rowId);
      }
      if (v instanceof TimeStampVector t) {
        long raw = t.get(rowId);
        return tsDivisor == 1 ? raw * tsMultiplier : Math.floorDiv(raw, tsDivisor);
      }
      return ((BigIntVector) v).get(rowId);
    }

    @Override
    public float getFloat(int rowId) {
      if (v instanceof Float2Vector h) {
        return h.getValueAsFloat(rowId);
      }
      return ((Float4Vector) v).get(rowId);
    }

    @Override
    public double getDouble(int rowId) {
      return ((Float8Vector) v).get(rowId);
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      if (v instanceof FixedSizeListVector f) {
        int n = f.getListSize();
        return new ColumnarArray(items, rowId * n, n);
      }
      if (v instanceof ListVector l) {
        int start = l.getOffsetBuffer().getInt((long) rowId * ListVector.OFFSET_WIDTH);
        int end = l.getOffsetBuffer().getInt((long) (rowId + 1) * ListVector.OFFSET_WIDTH);
        return new ColumnarArray(items, start, end - start);
      }
      LargeListVector l = (LargeListVector) v;
      long start = l.getOffsetBuffer().getLong((long) rowId * LargeListVector.OFFSET_WIDTH);
      long end = l.getOffsetBuffer().getLong((long) (rowId + 1) * LargeListVector.OFFSET_WIDTH);
      return new ColumnarArray(items, Math.toIntExact(start), Math.toIntExact(end - start));
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
      throw new UnsupportedOperationException("maps are not read by lance4j-spark");
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
      BigDecimal d = ((DecimalVector) v).getObject(rowId);
      return Decimal.apply(d, precision, scale);
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      byte[] b = getBinary(rowId);
      return b == null ? null : UTF8String.fromBytes(b);
    }

    @Override
    public byte[] getBinary(int rowId) {
      if (v instanceof FixedSizeBinaryVector f) {
        return f.get(rowId);
      }
      return (byte[]) ((FieldVector) v).getObject(rowId);
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      return children[ordinal];
    }
  }
}
