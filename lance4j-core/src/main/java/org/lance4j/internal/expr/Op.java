package org.lance4j.internal.expr;

import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.lance4j.InvalidInputException;

/** A type-checked expression node ready to evaluate over batches of one schema. */
class Op {
  final Type type;
  /** The Arrow type of the result when the expression is materialised as a column. */
  final ArrowType arrowType;
  private final Function<VectorSchemaRoot, Vec> body;
  /** For literals: whether this is one, and its value (null for NULL). */
  boolean isLiteral;
  Object literalValue;

  Op(Type type, ArrowType arrowType, Function<VectorSchemaRoot, Vec> body) {
    this.type = type;
    this.arrowType = arrowType;
    this.body = body;
  }

  Op(Type type, Function<VectorSchemaRoot, Vec> body) {
    this(type, Vectors.arrowTypeOf(type), body);
  }

  Vec eval(VectorSchemaRoot batch) {
    return body.apply(batch);
  }

  /** A literal (null value for NULL). */
  static Op literal(Type type, Object value) {
    Op op = new Op(type, b -> Ops.constant(type, value, b.getRowCount()));
    op.isLiteral = true;
    op.literalValue = value;
    return op;
  }

  /** A column reference resolved to a top-level vector and (for struct fields) a child path. */
  static final class Column extends Op {
    final String top;
    final List<String> children;

    Column(Type type, ArrowType arrowType, String top, List<String> children) {
      super(type, arrowType, null);
      this.top = top;
      this.children = children;
    }

    /** The vector holding the values (a struct child for a path). */
    FieldVector vector(VectorSchemaRoot batch) {
      FieldVector v = batch.getVector(top);
      if (v == null) {
        throw new InvalidInputException("batch has no column '" + top + "'");
      }
      for (String c : children) {
        v = (FieldVector) ((StructVector) v).getChild(c);
      }
      return v;
    }

    @Override
    Vec eval(VectorSchemaRoot batch) {
      int n = batch.getRowCount();
      FieldVector v = batch.getVector(top);
      if (v == null) {
        throw new InvalidInputException("batch has no column '" + top + "'");
      }
      boolean[] parentNulls = null;
      for (String c : children) {
        if (v.getNullCount() > 0) {
          boolean[] own = new boolean[n];
          for (int i = 0; i < n; i++) {
            own[i] = v.isNull(i);
          }
          parentNulls = Vec.orNulls(parentNulls, own);
        }
        v = (FieldVector) ((StructVector) v).getChild(c);
      }
      return Vectors.read(v, n, parentNulls);
    }
  }
}
