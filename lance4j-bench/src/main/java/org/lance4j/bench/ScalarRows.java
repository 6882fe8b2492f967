package org.lance4j.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic generator of scalar rows: (i32 int32 with ~10% nulls, f64 float64, s utf8 with
 * ~10% nulls, b bool), streamed batch by batch.
 */
final class ScalarRows extends GeneratedRows {
  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("i32", new ArrowType.Int(32, true)),
      Field.nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE),
      Field.nullable("b", ArrowType.Bool.INSTANCE)));

  ScalarRows(BufferAllocator allocator, long first, long total, int batchSize) {
    super(allocator, SCHEMA, first, total, batchSize);
  }

  @Override
  void fill(VectorSchemaRoot root, long firstRow, int n) {
    IntVector i32 = (IntVector) root.getVector("i32");
    Float8Vector f64 = (Float8Vector) root.getVector("f64");
    VarCharVector s = (VarCharVector) root.getVector("s");
    BitVector b = (BitVector) root.getVector("b");
    i32.allocateNew(n);
    f64.allocateNew(n);
    s.allocateNew(n * 14L, n);
    b.allocateNew(n);
    Random r = new Random(firstRow);
    for (int i = 0; i < n; i++) {
      long row = firstRow + i;
      if (r.nextInt(10) == 0) {
        i32.setNull(i);
      } else {
        i32.set(i, r.nextInt());
      }
      f64.set(i, r.nextDouble());
      if (r.nextInt(10) == 0) {
        s.setNull(i);
      } else {
        s.setSafe(i, ("name-" + (row * 7919 % 1_000_003)).getBytes(StandardCharsets.UTF_8));
      }
      b.set(i, r.nextBoolean() ? 1 : 0);
    }
  }
}
