package org.lance4j.internal.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.lance4j.InvalidInputException;
import org.roaringbitmap.RoaringBitmap;

/**
 * A parsed SQL-like expression over the columns of a dataset: filters ({@code "age > 30 AND name
 * LIKE 'a%'"}) and computed columns ({@code "length(name)"}, {@code "id * 2"}). Immutable and
 * thread-safe; evaluation is vectorized over Arrow batches.
 *
 * <p>Integer arithmetic is 64-bit and wraps on overflow; division or modulo by zero (integer or
 * floating) gives NULL. Comparisons and logic follow SQL three-valued logic. See the package
 * documentation for the full grammar.
 */
public final class Expression {
  private final String sql;
  private final Node root;
  private final Set<String> columns;
  /** The last schema compiled against and its plan (a benign race: both are immutable). */
  private volatile Compiled cache;

  private record Compiled(Schema schema, Op op) {}

  private Expression(String sql, Node root) {
    this.sql = sql;
    this.root = root;
    Set<String> cols = new LinkedHashSet<>();
    collect(root, cols);
    this.columns = Collections.unmodifiableSet(cols);
  }

  /**
   * Parses an expression.
   *
   * @throws org.lance4j.InvalidInputException with the position (0-based character offset) and a
   *     caret excerpt of the error
   */
  public static Expression parse(String sql) {
    if (sql == null) {
      throw new InvalidInputException("expression is null");
    }
    return new Expression(sql, Parser.parse(sql));
  }

  /** The column paths the expression reads ("a", "point.x"). */
  public Set<String> columns() {
    return columns;
  }

  /**
   * The column paths the expression reads, spelled as in {@code input} (identifiers match
   * case-insensitively when there is no exact match): top-level names, or dotted paths into
   * structs such as {@code "point.x"}.
   *
   * @throws org.lance4j.InvalidInputException naming an unknown column
   */
  public Set<String> columns(Schema input) {
    Set<String> out = new LinkedHashSet<>();
    resolve(root, input, out);
    return Collections.unmodifiableSet(out);
  }

  private void resolve(Node n, Schema input, Set<String> out) {
    if (n instanceof Node.Col c) {
      Op.Column col = (Op.Column) Compiler.compile(sql, c, input);
      out.add(col.children.isEmpty() ? col.top
          : col.top + "." + String.join(".", col.children));
      return;
    }
    for (Node child : children(n)) {
      resolve(child, input, out);
    }
  }

  private static List<Node> children(Node n) {
    List<Node> out = new ArrayList<>();
    if (n instanceof Node.Unary u) {
      out.add(u.arg());
    } else if (n instanceof Node.Binary b) {
      out.add(b.left());
      out.add(b.right());
    } else if (n instanceof Node.IsNull x) {
      out.add(x.arg());
    } else if (n instanceof Node.InList x) {
      out.add(x.arg());
      out.addAll(x.items());
    } else if (n instanceof Node.Between x) {
      out.add(x.arg());
      out.add(x.low());
      out.add(x.high());
    } else if (n instanceof Node.Like x) {
      out.add(x.arg());
      out.add(x.pattern());
    } else if (n instanceof Node.Call x) {
      out.addAll(x.args());
    } else if (n instanceof Node.Cast x) {
      out.add(x.arg());
    }
    return out;
  }

  /**
   * Type-checks against an input schema and returns the result field (named {@code name}).
   *
   * @throws org.lance4j.InvalidInputException naming an unknown column or a type error
   */
  public Field resultField(Schema input, String name) {
    Op op = compile(input);
    return new Field(name, FieldType.nullable(op.arrowType), null);
  }

  /**
   * Type-checks as a predicate: like {@link #resultField} and also requires a BOOLEAN result.
   *
   * @throws org.lance4j.InvalidInputException on unknown columns, type errors or a non-boolean
   */
  public void checkPredicate(Schema input) {
    Op op = compile(input);
    if (op.type != Type.BOOL && op.type != Type.NULL) {
      throw Errors.at(sql, 0, "filter must be a boolean expression, but it is "
          + op.type.sqlName());
    }
  }

  /** Evaluates to a new vector of {@code batch.getRowCount()} values, named {@code name}. */
  public FieldVector evaluate(VectorSchemaRoot batch, String name, BufferAllocator allocator) {
    Op op = compile(batch.getSchema());
    int n = batch.getRowCount();
    if (op instanceof Op.Column col && !Vectors.writable(op.arrowType, op.type)
        && col.children.isEmpty()) {
      FieldVector src = col.vector(batch);
      Field f = src.getField();
      FieldVector out = new Field(name, f.getFieldType(), f.getChildren())
          .createVector(allocator);
      try {
        TransferPair tp = src.makeTransferPair(out);
        for (int i = 0; i < n; i++) {
          tp.copyValueSafe(i, i);
        }
        out.setValueCount(n);
        return out;
      } catch (RuntimeException | Error e) {
        out.close();
        throw e;
      }
    }
    Vec v = op.eval(batch);
    Objects.requireNonNull(v);
    if (!Vectors.writable(op.arrowType, op.type)) {
      if (op.type == Type.OTHER) {
        throw new InvalidInputException("expression '" + sql
            + "' cannot be computed as a column (type " + op.arrowType + ")");
      }
      return Vectors.write(v, name, Vectors.arrowTypeOf(op.type), allocator);
    }
    return Vectors.write(v, name, op.arrowType, allocator);
  }

  /** For predicates: row positions of {@code batch} where the expression is TRUE (NULL = no). */
  public RoaringBitmap matches(VectorSchemaRoot batch, BufferAllocator allocator) {
    Op op = compile(batch.getSchema());
    if (op.type == Type.NULL) {
      return new RoaringBitmap();
    }
    if (op.type != Type.BOOL) {
      throw Errors.at(sql, 0, "filter must be a boolean expression, but it is "
          + op.type.sqlName());
    }
    Vec v = op.eval(batch);
    int[] rows = new int[v.n];
    int k = 0;
    for (int i = 0; i < v.n; i++) {
      if (v.bools[i] && !v.isNull(i)) {
        rows[k++] = i;
      }
    }
    return RoaringBitmap.bitmapOf(Arrays.copyOf(rows, k));
  }

  private Op compile(Schema schema) {
    Compiled c = cache;
    if (c != null && c.schema().equals(schema)) {
      return c.op();
    }
    Op op = Compiler.compile(sql, root, schema);
    cache = new Compiled(schema, op);
    return op;
  }

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Node.Col c) {
      out.add(c.name());
    }
    for (Node child : children(n)) {
      collect(child, out);
    }
  }

  /** The original text. */
  @Override
  public String toString() {
    return sql;
  }
}
