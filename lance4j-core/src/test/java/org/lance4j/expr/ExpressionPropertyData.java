package org.lance4j.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Test data for expression and filter tests: small value domains, about 20% nulls. */
public final class ExpressionPropertyData {
  private ExpressionPropertyData() {}

  /** 400 rows: i int32, l int64, x float64, s utf8, b bool, d date32, st struct{v int16}. */
  public static VectorSchemaRoot data(BufferAllocator allocator, long seed) {
    return ExpressionPropertyTest.data(allocator, seed);
  }
}
