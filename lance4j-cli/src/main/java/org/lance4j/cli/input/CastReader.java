package org.lance4j.cli.input;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.lance4j.InvalidInputException;

/**
 * Reads an Arrow IPC or Parquet file as a given target schema (an explicit {@code --schema} or the
 * schema of the dataset being appended to): columns are matched by name, columns of the same type
 * are moved as they are, others are converted value by value where no value changes (int32 to
 * int64, int64 to int32 when every value fits, float to double, ...). A value that does not fit
 * fails with the file, row and column.
 */
final class CastReader extends ArrowReader {
  private final Path file;
  private final ArrowReader in;
  private final Schema target;
  private final String origin;
  private int[] sourceOf;
  private long rowsBefore;

  private CastReader(BufferAllocator allocator, Path file, ArrowReader in, Schema target,
      String origin) {
    super(allocator);
    this.file = file;
    this.in = in;
    this.target = target;
    this.origin = origin;
  }

  /** {@code in} itself when its schema already is the target, else a converting reader. */
  static ArrowReader wrap(Path file, ArrowReader in, Schema target, String origin,
      BufferAllocator allocator) throws IOException {
    Schema got = in.getVectorSchemaRoot().getSchema();
    if (sameTypes(got, target)) {
      return in;
    }
    CastReader r = new CastReader(allocator, file, in, target, origin);
    r.match(got);
    return r;
  }

  private static boolean sameTypes(Schema a, Schema b) {
    if (a.getFields().size() != b.getFields().size()) {
      return false;
    }
    for (int i = 0; i < a.getFields().size(); i++) {
      Field x = a.getFields().get(i);
      Field y = b.getFields().get(i);
      if (!x.getName().equals(y.getName()) || !x.getType().equals(y.getType())
          || !x.getChildren().equals(y.getChildren())) {
        return false;
      }
    }
    return true;
  }

  private void match(Schema got) {
    List<String> names = got.getFields().stream().map(Field::getName).toList();
    List<String> wanted = target.getFields().stream().map(Field::getName).toList();
    List<String> missing = new ArrayList<>(wanted);
    missing.removeAll(names);
    List<String> extra = new ArrayList<>(names);
    extra.removeAll(wanted);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new InvalidInputException(file + ": its columns " + names + " do not match "
          + origin + " " + wanted + (missing.isEmpty() ? "" : "; missing " + missing)
          + (extra.isEmpty() ? "" : "; not in the schema " + extra));
    }
    sourceOf = new int[wanted.size()];
    for (int i = 0; i < sourceOf.length; i++) {
      sourceOf[i] = names.indexOf(wanted.get(i));
    }
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!in.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot src = in.getVectorSchemaRoot();
    VectorSchemaRoot dst = getVectorSchemaRoot();
    dst.allocateNew();
    int n = src.getRowCount();
    for (int c = 0; c < sourceOf.length; c++) {
      FieldVector from = src.getVector(sourceOf[c]);
      FieldVector to = dst.getVector(c);
      if (from.getField().getType().equals(to.getField().getType())
          && from.getField().getChildren().equals(to.getField().getChildren())) {
        from.makeTransferPair(to).transfer();
        continue;
      }
      for (int i = 0; i < n; i++) {
        try {
          ValueWriter.set(to, i, value(from, i, to));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
          throw new InvalidInputException(file + ": row " + (rowsBefore + i + 1) + ", column '"
              + to.getName() + "': " + from.getField().getType() + " value does not fit "
              + to.getField().getType() + " of " + origin + ": " + e.getMessage());
        }
      }
      to.setValueCount(n);
    }
    dst.setRowCount(n);
    rowsBefore += n;
    return true;
  }

  /** A source value as ValueWriter takes it, refusing conversions that would change it. */
  private static Object value(FieldVector from, int i, FieldVector to) {
    if (from.isNull(i)) {
      return null;
    }
    if (from instanceof DateDayVector d) {
      return java.time.LocalDate.ofEpochDay(d.get(i)).toString();
    }
    if (from instanceof TimeStampVector t) {
      ArrowType.Timestamp ts = (ArrowType.Timestamp) t.getField().getType();
      return TemporalText.timestamp(t.get(i), ts.getUnit(), ts.getTimezone());
    }
    Object o = plain(from.getObject(i));
    if (o instanceof Double d && !(to instanceof Float8Vector || to instanceof Float4Vector)) {
      if (d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 9.007199254740992E15) {
        return d.longValue();
      }
      throw new IllegalArgumentException(d + " is not a whole number");
    }
    if (o instanceof Double d && to instanceof Float4Vector && d.floatValue() != d
        && !d.isNaN()) {
      throw new IllegalArgumentException(d + " is not exact as a 32-bit float");
    }
    if (o instanceof Long l && (to instanceof Float8Vector || to instanceof Float4Vector)) {
      double d = to instanceof Float4Vector ? (float) (long) l : (double) l;
      if ((long) d != l) {
        throw new IllegalArgumentException(l + " is not exact as a floating-point number");
      }
    }
    return o;
  }

  private static Object plain(Object o) {
    if (o instanceof Text t) {
      return t.toString();
    }
    if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return ((Number) o).longValue();
    }
    if (o instanceof Float f) {
      return (double) f;
    }
    if (o instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (o instanceof LocalDateTime t) {
      return t.toString();
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(plain(k)), plain(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    return o;
  }

  @Override
  public long bytesRead() {
    return in.bytesRead();
  }

  @Override
  protected void closeReadSource() throws IOException {
    in.close();
  }

  @Override
  protected Schema readSchema() {
    return target;
  }
}
