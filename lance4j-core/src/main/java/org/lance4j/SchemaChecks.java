package org.lance4j;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Schema compatibility checks with messages that name the field at fault. */
public final class SchemaChecks {
  private SchemaChecks() {}

  /**
   * Fails unless {@code data} has the same fields (names, order, types, nesting) as the dataset.
   *
   * @throws InvalidInputException naming the first field that differs
   */
  public static void requireSameSchema(LanceSchema dataset, Schema data, String uri) {
    List<Field> want = dataset.toArrow().getFields();
    List<Field> got = data.getFields();
    for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
      if (i >= want.size()) {
        throw new InvalidInputException("schema mismatch with dataset " + uri + ": field '"
            + got.get(i).getName() + "' is not in the dataset (dataset fields: "
            + dataset.fieldNames() + ")");
      }
      if (i >= got.size()) {
        throw new InvalidInputException("schema mismatch with dataset " + uri + ": field '"
            + want.get(i).getName() + "' is missing from the data");
      }
      String problem = difference(want.get(i), got.get(i), "");
      if (problem != null) {
        throw new InvalidInputException("schema mismatch with dataset " + uri + ": " + problem);
      }
    }
  }

  private static String difference(Field want, Field got, String prefix) {
    String path = prefix + want.getName();
    if (!want.getName().equals(got.getName())) {
      return "field '" + prefix + got.getName() + "' where the dataset has '" + path + "'";
    }
    if (!LogicalTypes.of(want).equals(LogicalTypes.of(got))) {
      return "field '" + path + "' has type " + LogicalTypes.of(got) + " but the dataset has "
          + LogicalTypes.of(want);
    }
    if (!want.getType().getTypeID().equals(ArrowType.ArrowTypeID.FixedSizeList)) {
      if (want.getChildren().size() != got.getChildren().size()) {
        return "field '" + path + "' has " + got.getChildren().size()
            + " children but the dataset has " + want.getChildren().size();
      }
      for (int i = 0; i < want.getChildren().size(); i++) {
        String p = difference(want.getChildren().get(i), got.getChildren().get(i), path + ".");
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }
}
