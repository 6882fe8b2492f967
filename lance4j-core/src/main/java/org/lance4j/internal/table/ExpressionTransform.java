package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.ColumnTransform;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.expr.Expression;

/**
 * A {@link ColumnTransform} computing one new column per SQL expression. Expressions are parsed
 * and type-checked against the dataset schema up front, so a typo fails before any file is
 * written. Columns come in the map's order when it has a defined one (LinkedHashMap, SortedMap),
 * otherwise sorted by name: every worker must produce the same column order (and so the same
 * field ids) from equal maps.
 */
final class ExpressionTransform implements ColumnTransform {
  private final Map<String, Expression> expressions;
  private final List<String> readColumns;

  private ExpressionTransform(Map<String, Expression> expressions, List<String> readColumns) {
    this.expressions = expressions;
    this.readColumns = readColumns;
  }

  static ExpressionTransform of(LanceSchema schema, Map<String, String> sql) {
    if (sql == null || sql.isEmpty()) {
      throw new InvalidInputException("no expressions given: pass at least one"
          + " \"new column\" -> \"expression\" pair");
    }
    Map<String, String> ordered = sql instanceof LinkedHashMap || sql instanceof SortedMap
        ? sql : new TreeMap<>(sql);
    Map<String, Expression> parsed = new LinkedHashMap<>();
    Set<String> tops = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : ordered.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty()) {
        throw new InvalidInputException("a new column needs a non-empty name (expression '"
            + e.getValue() + "')");
      }
      if (e.getValue() == null) {
        throw new InvalidInputException("column '" + name + "' has no expression");
      }
      Expression expr = Expression.parse(e.getValue());
      for (String path : expr.columns()) {
        String top = schema.field(path) != null ? path : path.split("\\.")[0];
        if (schema.field(top) == null) {
          throw new InvalidInputException("expression for column '" + name + "' ("
              + e.getValue() + ") reads column '" + path + "', which does not exist; the schema"
              + " has " + schema.fieldNames());
        }
        tops.add(top);
      }
      parsed.put(name, expr);
    }
    List<String> read = new ArrayList<>();
    for (LanceField f : schema.fields()) {
      if (tops.contains(f.name())) {
        read.add(f.name());
      }
    }
    Schema input = schema.project(read).toArrow();
    for (Map.Entry<String, Expression> e : parsed.entrySet()) {
      e.getValue().resultField(input, e.getKey()); // type errors now, not mid-write
    }
    return new ExpressionTransform(parsed, read);
  }

  /** The top-level columns the expressions read, in schema order. */
  List<String> readColumns() {
    return readColumns;
  }

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>(expressions.size());
    try {
      for (Map.Entry<String, Expression> e : expressions.entrySet()) {
        vectors.add(e.getValue().evaluate(batch, e.getKey(), allocator));
      }
    } catch (RuntimeException | Error err) {
      vectors.forEach(FieldVector::close);
      throw err;
    }
    List<Field> fields = new ArrayList<>(vectors.size());
    for (FieldVector v : vectors) {
      fields.add(v.getField());
    }
    return new VectorSchemaRoot(fields, vectors, batch.getRowCount());
  }
}
