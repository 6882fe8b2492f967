package org.lance4j.internal.file;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;

/** Checks that a batch's Arrow schema matches the schema a file writer was opened with. */
public final class WriterSchemaCheck {
  private WriterSchemaCheck() {}

  public static void check(LanceSchema schema, List<Field> actual, String fileName) {
    List<LanceField> expected = schema.fields();
    if (actual.size() != expected.size()) {
      throw new InvalidInputException("batch for " + fileName + " has " + actual.size()
          + " columns " + names(actual) + " but the schema has " + expected.size() + " "
          + schema.fieldNames());
    }
    for (int i = 0; i < expected.size(); i++) {
      LanceField e = expected.get(i);
      Field a = actual.get(i);
      if (!e.name().equals(a.getName())) {
        throw new InvalidInputException("batch for " + fileName + ": column " + i + " is named '"
            + a.getName() + "' but the schema's field " + i + " is '" + e.name() + "'");
      }
      compare(e.toArrow(), a, e.name(), fileName);
    }
  }

  private static void compare(Field e, Field a, String path, String fileName) {
    ArrowType et = e.getType();
    ArrowType at = a.getType();
    if (a.getDictionary() != null || !et.equals(at)) {
      throw new InvalidInputException("batch for " + fileName + ": field '" + path + "' has type "
          + at + (a.getDictionary() != null ? " (dictionary-encoded)" : "")
          + " but the schema says " + et);
    }
    if (e.getChildren().size() != a.getChildren().size()) {
      throw new InvalidInputException("batch for " + fileName + ": field '" + path + "' has "
          + a.getChildren().size() + " children but the schema says " + e.getChildren().size());
    }
    boolean struct = et.getTypeID() == ArrowType.ArrowTypeID.Struct;
    for (int i = 0; i < e.getChildren().size(); i++) {
      Field ec = e.getChildren().get(i);
      Field ac = a.getChildren().get(i);
      if (struct && !ec.getName().equals(ac.getName())) {
        throw new InvalidInputException("batch for " + fileName + ": struct field '" + path
            + "' member " + i + " is named '" + ac.getName() + "' but the schema says '"
            + ec.getName() + "'");
      }
      compare(ec, ac, path + "." + ec.getName(), fileName);
    }
  }

  private static String names(List<Field> fields) {
    StringBuilder sb = new StringBuilder("[");
    for (Field f : fields) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.getName());
    }
    return sb.append(']').toString();
  }
}
