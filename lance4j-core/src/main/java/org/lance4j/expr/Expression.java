package org.lance4j.expr;

import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * A parsed SQL-like expression over the columns of a dataset: filters ({@code "age > 30 AND name
 * LIKE 'a%'"}) and computed columns ({@code "length(name)"}, {@code "id * 2"}). Immutable and
 * thread-safe; evaluation is vectorized over Arrow batches.
 */
public final class Expression {

  /**
   * Parses an expression.
   *
   * @throws org.lance4j.InvalidInputException with the position (0-based character offset) and a
   *     caret excerpt of the error
   */
  public static Expression parse(String sql) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The column paths the expression reads ("a", "point.x"). */
  public Set<String> columns() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Type-checks against an input schema and returns the result field (named {@code name}).
   *
   * @throws org.lance4j.InvalidInputException naming an unknown column or a type error
   */
  public Field resultField(Schema input, String name) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Evaluates to a new vector of {@code batch.getRowCount()} values, named {@code name}. */
  public FieldVector evaluate(VectorSchemaRoot batch, String name, BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }

  /** For predicates: row positions of {@code batch} where the expression is TRUE (NULL = no). */
  public RoaringBitmap matches(VectorSchemaRoot batch, BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The original text. */
  @Override
  public String toString() {
    throw new UnsupportedOperationException("TODO");
  }
}
