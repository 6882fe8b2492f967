package org.lance4j.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic generator of (id int64, vector fixed_size_list&lt;float32, 128&gt;, text utf8) rows,
 * streamed batch by batch so neither implementation is measured on a pre-materialised table.
 */
final class VectorRows extends GeneratedRows {
  static final int DIM = 128;
  static final Schema SCHEMA = new Schema(List.of(
      Field.notNullable("id", new ArrowType.Int(64, true)),
      new Field("vector", FieldType.nullable(new ArrowType.FixedSizeList(DIM)),
          List.of(Field.nullable("item",
              new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))),
      Field.nullable("text", ArrowType.Utf8.INSTANCE)));

  /** Bytes of one row's values (8 + 512 + about 10 of text), for MB/s figures. */
  static final long APPROX_ROW_BYTES = 8 + 4L * DIM + 10;

  VectorRows(BufferAllocator allocator, long first, long total, int batchSize) {
    super(allocator, SCHEMA, first, total, batchSize);
  }

  @Override
  void fill(VectorSchemaRoot root, long firstRow, int n) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vector");
    Float4Vector items = (Float4Vector) vec.getDataVector();
    VarCharVector text = (VarCharVector) root.getVector("text");
    id.allocateNew(n);
    vec.setInitialCapacity(n);
    vec.allocateNew();
    items.allocateNew(n * DIM);
    text.allocateNew(n * 12L, n);
    Random r = new Random(firstRow);
    for (int i = 0; i < n; i++) {
      long row = firstRow + i;
      id.set(i, row);
      vec.setNotNull(i);
      for (int d = 0; d < DIM; d++) {
        items.set(i * DIM + d, r.nextFloat());
      }
      text.setSafe(i, ("row-" + (row % 100_000)).getBytes(StandardCharsets.UTF_8));
    }
    items.setValueCount(n * DIM);
  }
}
