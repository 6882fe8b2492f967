package org.lance4j.internal.expr;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test data for expression and filter tests: small value domains, about 20% nulls. */
public final class ExpressionPropertyData {
  private ExpressionPropertyData() {}

  static final String[] WORDS = {"a", "ab", "abc", "ba", "A%", "a_b", "", "Ünï", "zz",
      "b%c", "x\\y"};
  static final int ROWS = 400;

  private static Field f(String name, ArrowType t, Field... children) {
    return new Field(name, FieldType.nullable(t), List.of(children));
  }

  /** 400 rows: i int32, l int64, x float64, s utf8, b bool, d date32, st struct{v int16}. */
  public static VectorSchemaRoot data(BufferAllocator a, long seed) {
    Schema schema = new Schema(List.of(
        f("i", new ArrowType.Int(32, true)),
        f("l", new ArrowType.Int(64, true)),
        f("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        f("s", ArrowType.Utf8.INSTANCE),
        f("b", ArrowType.Bool.INSTANCE),
        f("d", new ArrowType.Date(DateUnit.DAY)),
        f("st", ArrowType.Struct.INSTANCE, f("v", new ArrowType.Int(16, true)))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    root.allocateNew();
    Random r = new Random(seed);
    StructVector st = (StructVector) root.getVector("st");
    SmallIntVector v = (SmallIntVector) st.getChild("v");
    for (int row = 0; row < ROWS; row++) {
      if (r.nextInt(5) > 0) {
        ((IntVector) root.getVector("i")).setSafe(row, r.nextInt(11) - 5);
      }
      if (r.nextInt(5) > 0) {
        ((BigIntVector) root.getVector("l")).setSafe(row, r.nextInt(2001) - 1000);
      }
      if (r.nextInt(5) > 0) {
        ((Float8Vector) root.getVector("x")).setSafe(row, (r.nextInt(21) - 10) * 0.5);
      }
      if (r.nextInt(5) > 0) {
        ((VarCharVector) root.getVector("s")).setSafe(row,
            WORDS[r.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8));
      }
      if (r.nextInt(5) > 0) {
        ((BitVector) root.getVector("b")).setSafe(row, r.nextInt(2));
      }
      if (r.nextInt(5) > 0) {
        ((DateDayVector) root.getVector("d")).setSafe(row, 18262 + r.nextInt(10));
      }
      if (r.nextInt(5) > 0) {
        st.setIndexDefined(row);
      } else {
        st.setNull(row);
      }
      if (r.nextInt(4) > 0) {
        v.setSafe(row, r.nextInt(7) - 3);
      } else {
        v.setNull(row);
      }
    }
    root.setRowCount(ROWS);
    return root;
  }

}
