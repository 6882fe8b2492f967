package org.lance4j.spark;

import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.lance4j.InvalidInputException;
import org.lance4j.UnsupportedFormatException;

/**
 * Appends Spark {@link InternalRow}s to the vectors of a {@link VectorSchemaRoot} whose schema
 * came from {@link SparkArrowTypes#toArrow} (or is a dataset's schema of the same shape). One
 * converter per root; not thread-safe.
 */
final class RowToArrow {
  private final VectorSchemaRoot root;
  private final Writer[] writers;
  private final int[] inputOrdinals;
  private int rows;

  /**
   * @param inputOrdinals for each column of the root, the ordinal of the input row holding it
   */
  RowToArrow(VectorSchemaRoot root, int[] inputOrdinals) {
    this.root = root;
    this.inputOrdinals = inputOrdinals.clone();
    List<FieldVector> vectors = root.getFieldVectors();
    this.writers = new Writer[vectors.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = writerFor(vectors.get(i), vectors.get(i).getName());
    }
    root.allocateNew();
  }

  /** Appends one row. */
  void write(InternalRow row) {
    for (int i = 0; i < writers.length; i++) {
      writers[i].write(row, inputOrdinals[i], rows);
    }
    rows++;
  }

  int rows() {
    return rows;
  }

  /** Sets the value counts so the root can be read. */
  void finish() {
    root.setRowCount(rows);
  }

  /** Empties the root for the next batch, keeping its buffers. */
  void reset() {
    for (FieldVector v : root.getFieldVectors()) {
      v.reset();
    }
    root.setRowCount(0);
    rows = 0;
  }

  /** Writes the value at {@code ordinal} of {@code in} into position {@code index}. */
  private abstract static class Writer {
    final ValueVector vector;

    Writer(ValueVector vector) {
      this.vector = vector;
    }

    final void write(SpecializedGetters in, int ordinal, int index) {
      if (in.isNullAt(ordinal)) {
        setNull(index);
      } else {
        setValue(in, ordinal, index);
      }
    }

    void setNull(int index) {
      ((FieldVector) vector).setNull(index);
    }

    abstract void setValue(SpecializedGetters in, int ordinal, int index);
  }

  private static Writer writerFor(ValueVector v, String path) {
    if (v instanceof BitVector b) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          b.setSafe(i, in.getBoolean(o) ? 1 : 0);
        }
      };
    } else if (v instanceof TinyIntVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getByte(o));
        }
      };
    } else if (v instanceof SmallIntVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getShort(o));
        }
      };
    } else if (v instanceof IntVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getInt(o));
        }
      };
    } else if (v instanceof BigIntVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getLong(o));
        }
      };
    } else if (v instanceof Float4Vector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getFloat(o));
        }
      };
    } else if (v instanceof Float8Vector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getDouble(o));
        }
      };
    } else if (v instanceof VarCharVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          UTF8String s = in.getUTF8String(o);
          t.setSafe(i, s.getBytes());
        }
      };
    } else if (v instanceof VarBinaryVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getBinary(o));
        }
      };
    } else if (v instanceof DateDayVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getInt(o));
        }
      };
    } else if (v instanceof TimeStampMicroTZVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getLong(o));
        }
      };
    } else if (v instanceof TimeStampMicroVector t) {
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          t.setSafe(i, in.getLong(o));
        }
      };
    } else if (v instanceof DecimalVector t) {
      int precision = t.getPrecision();
      int scale = t.getScale();
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          Decimal d = in.getDecimal(o, precision, scale);
          if (d.changePrecision(precision, scale)) {
            BigDecimal bd = d.toJavaBigDecimal();
            t.setSafe(i, bd);
          } else {
            throw new InvalidInputException("column " + path + ": value " + d
                + " does not fit decimal(" + precision + "," + scale + ")");
          }
        }
      };
    } else if (v instanceof FixedSizeListVector t) {
      int dim = t.getListSize();
      Writer child = writerFor(t.getDataVector(), path + ".item");
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          ArrayData a = in.getArray(o);
          if (a.numElements() != dim) {
            throw new InvalidInputException("column " + path + " is a vector of dimension " + dim
                + " but a row has " + a.numElements() + " elements");
          }
          t.setNotNull(i);
          int base = i * dim;
          for (int k = 0; k < dim; k++) {
            child.write(a, k, base + k);
          }
        }

        @Override
        void setNull(int i) {
          t.setNull(i);
          // keep the child's slots defined (nulls) so its value count stays consistent
          int base = i * dim;
          for (int k = 0; k < dim; k++) {
            child.setNull(base + k);
          }
        }
      };
    } else if (v instanceof ListVector t) {
      Writer child = writerFor(t.getDataVector(), path + ".item");
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          ArrayData a = in.getArray(o);
          int start = t.startNewValue(i);
          int n = a.numElements();
          for (int k = 0; k < n; k++) {
            child.write(a, k, start + k);
          }
          t.endValue(i, n);
        }
      };
    } else if (v instanceof StructVector t) {
      List<FieldVector> kids = t.getChildrenFromFields();
      Writer[] children = new Writer[kids.size()];
      for (int k = 0; k < children.length; k++) {
        children[k] = writerFor(kids.get(k), path + "." + kids.get(k).getName());
      }
      return new Writer(v) {
        @Override
        void setValue(SpecializedGetters in, int o, int i) {
          InternalRow r = in.getStruct(o, children.length);
          t.setIndexDefined(i);
          for (int k = 0; k < children.length; k++) {
            children[k].write(r, k, i);
          }
        }

        @Override
        void setNull(int i) {
          t.setNull(i);
          for (Writer c : children) {
            c.setNull(i);
          }
        }
      };
    }
    ArrowType type = v.getField().getType();
    throw new UnsupportedFormatException("column " + path + ": lance4j-spark cannot write Arrow type "
        + type + " from Spark rows");
  }
}
