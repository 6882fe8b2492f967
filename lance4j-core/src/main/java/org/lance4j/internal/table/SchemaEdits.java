package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.List;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;

/** Schema changes that keep field ids: removing columns (top-level or nested struct members). */
final class SchemaEdits {
  private SchemaEdits() {}

  /**
   * {@code schema} without the given columns. A column is a top-level name or a dotted path into
   * structs ({@code "point.x"}); the remaining fields keep their ids.
   *
   * @throws InvalidInputException naming a column that does not exist, or when no column (or a
   *     struct with no member) would be left
   */
  static LanceSchema without(LanceSchema schema, List<String> columns, String uri) {
    if (columns == null || columns.isEmpty()) {
      throw new InvalidInputException("no columns to drop given");
    }
    List<LanceField> fields = new ArrayList<>(schema.fields());
    for (String col : columns) {
      if (col == null || col.isEmpty()) {
        throw new InvalidInputException("empty column name in the columns to drop");
      }
      String[] path = findByName(fields, col) >= 0 ? new String[] {col} : col.split("\\.");
      fields = remove(fields, path, 0, col, uri, schema);
    }
    if (fields.isEmpty()) {
      throw new InvalidInputException("cannot drop every column of dataset " + uri
          + " (columns " + schema.fieldNames() + ")");
    }
    return new LanceSchema(fields, schema.metadata());
  }

  private static List<LanceField> remove(List<LanceField> fields, String[] path, int depth,
      String col, String uri, LanceSchema schema) {
    int i = findByName(fields, path[depth]);
    if (i < 0) {
      throw new InvalidInputException("cannot drop column '" + col + "': it does not exist in"
          + " dataset " + uri + " (columns " + schema.fieldNames() + ")");
    }
    List<LanceField> out = new ArrayList<>(fields);
    if (depth == path.length - 1) {
      out.remove(i);
      return out;
    }
    LanceField parent = fields.get(i);
    if (!parent.isStruct()) {
      throw new InvalidInputException("cannot drop column '" + col + "': '" + parent.name()
          + "' is not a struct");
    }
    List<LanceField> kids = remove(parent.children(), path, depth + 1, col, uri, schema);
    if (kids.isEmpty()) {
      throw new InvalidInputException("cannot drop column '" + col + "': it is the last member"
          + " of struct '" + parent.name() + "'; drop the struct itself");
    }
    out.set(i, parent.withChildren(kids));
    return out;
  }

  private static int findByName(List<LanceField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
