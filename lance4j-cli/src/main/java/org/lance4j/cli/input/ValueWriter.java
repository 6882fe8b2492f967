package org.lance4j.cli.input;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Sets one value of an Arrow vector from text (CSV) or from a parsed JSON value (Long, Double,
 * Boolean, String, List, Map), converting to the vector's type. Throws
 * {@link IllegalArgumentException} with a short reason when the value does not fit; the caller adds
 * file, line and column.
 */
final class ValueWriter {
  private ValueWriter() {}

  /** Writes {@code value} (null = null) at {@code index}. */
  static void set(FieldVector v, int index, Object value) {
    if (value == null) {
      setNull(v, index);
      return;
    }
    if (v instanceof StructVector s) {
      if (!(value instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("expected an object for struct, got " + describe(value));
      }
      s.setIndexDefined(index);
      for (FieldVector child : s.getChildrenFromFields()) {
        set(child, index, m.get(child.getName()));
      }
      return;
    }
    if (v instanceof ListVector l) {
      List<?> items = asList(value);
      int start = l.startNewValue(index);
      FieldVector data = (FieldVector) l.getDataVector();
      for (int i = 0; i < items.size(); i++) {
        set(data, start + i, items.get(i));
      }
      l.endValue(index, items.size());
      return;
    }
    if (v instanceof FixedSizeListVector l) {
      List<?> items = asList(value);
      if (items.size() != l.getListSize()) {
        throw new IllegalArgumentException("expected " + l.getListSize() + " items, got "
            + items.size());
      }
      int start = l.startNewValue(index);
      FieldVector data = (FieldVector) l.getDataVector();
      for (int i = 0; i < items.size(); i++) {
        set(data, start + i, items.get(i));
      }
      return;
    }
    setScalar(v, index, value);
  }

  private static List<?> asList(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("expected an array, got " + describe(value));
  }

  private static void setScalar(FieldVector v, int index, Object value) {
    if (v instanceof VarCharVector s) {
      s.setSafe(index, text(value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof LargeVarCharVector s) {
      s.setSafe(index, text(value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(index, Base64.getDecoder().decode(text(value)));
    } else if (v instanceof LargeVarBinaryVector b) {
      b.setSafe(index, Base64.getDecoder().decode(text(value)));
    } else if (v instanceof BitVector b) {
      b.setSafe(index, bool(value) ? 1 : 0);
    } else if (v instanceof BigIntVector x) {
      x.setSafe(index, integer(value, Long.MIN_VALUE, Long.MAX_VALUE));
    } else if (v instanceof IntVector x) {
      x.setSafe(index, (int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
    } else if (v instanceof SmallIntVector x) {
      x.setSafe(index, (short) integer(value, Short.MIN_VALUE, Short.MAX_VALUE));
    } else if (v instanceof TinyIntVector x) {
      x.setSafe(index, (byte) integer(value, Byte.MIN_VALUE, Byte.MAX_VALUE));
    } else if (v instanceof UInt1Vector x) {
      x.setSafe(index, (byte) integer(value, 0, 255));
    } else if (v instanceof UInt2Vector x) {
      x.setSafe(index, (char) integer(value, 0, 65535));
    } else if (v instanceof UInt4Vector x) {
      x.setSafe(index, (int) integer(value, 0, 4294967295L));
    } else if (v instanceof UInt8Vector x) {
      x.setSafe(index, integer(value, 0, Long.MAX_VALUE));
    } else if (v instanceof Float8Vector x) {
      x.setSafe(index, real(value));
    } else if (v instanceof Float4Vector x) {
      x.setSafe(index, (float) real(value));
    } else if (v instanceof DateDayVector x) {
      x.setSafe(index, value instanceof Integer days ? days : date(value));
    } else if (v instanceof TimeStampVector x) {
      x.setSafe(index, timestamp(value, ((ArrowType.Timestamp) x.getField().getType()).getUnit()));
    } else if (v instanceof DecimalVector x) {
      BigDecimal d = new BigDecimal(text(value)).setScale(x.getScale(),
          java.math.RoundingMode.UNNECESSARY);
      if (d.precision() > x.getPrecision()) {
        throw new IllegalArgumentException("'" + text(value) + "' does not fit decimal("
            + x.getPrecision() + ", " + x.getScale() + ")");
      }
      x.setSafe(index, d);
    } else {
      throw new IllegalArgumentException("type " + v.getField().getType()
          + " is not supported for text/JSON input; use Arrow IPC or Parquet input");
    }
  }

  static void setNull(FieldVector v, int index) {
    if (v instanceof BaseFixedWidthVector f) {
      f.setNull(index);
    } else if (v instanceof BaseVariableWidthVector f) {
      f.setNull(index);
    } else if (v instanceof BaseLargeVariableWidthVector f) {
      f.setNull(index);
    } else if (v instanceof StructVector s) {
      s.setNull(index);
    } else if (v instanceof ListVector l) {
      l.setNull(index);
    } else if (v instanceof FixedSizeListVector l) {
      l.setNull(index);
    } else {
      throw new IllegalArgumentException("cannot store null in " + v.getField().getType());
    }
  }

  private static String text(Object value) {
    if (value instanceof Map || value instanceof List) {
      throw new IllegalArgumentException("expected a scalar, got " + describe(value));
    }
    return value.toString();
  }

  private static boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    String s = text(value).trim();
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("'" + s + "' is not a boolean (true/false)");
  }

  private static long integer(Object value, long min, long max) {
    long x;
    if (value instanceof Long || value instanceof Integer) {
      x = ((Number) value).longValue();
    } else {
      String s = text(value).trim();
      try {
        x = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not an integer");
      }
    }
    if (x < min || x > max) {
      throw new IllegalArgumentException(x + " is out of range [" + min + ", " + max + "]");
    }
    return x;
  }

  private static double real(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    String s = text(value).trim();
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a number");
    }
  }

  /** An ISO 8601 timestamp's instant, and whether the text named an offset (or Z). */
  record ParsedTimestamp(Instant instant, boolean hasOffset) {}

  /**
   * Parses ISO 8601 timestamps as users write them: {@code 2021-05-16T08:30:00}, a space instead
   * of the T, optional seconds and fraction, an optional {@code Z}, {@code +02:00} or
   * {@code +0200} offset; a bare date is its midnight. Text without an offset is read as UTC.
   */
  static ParsedTimestamp parseTimestamp(String text) {
    String s = text.trim();
    if (s.length() > 10 && s.charAt(10) == ' ') {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    if (s.matches(".*[+-]\\d{4}$") && s.length() > 16) {
      s = s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2);
    } else if (s.matches(".*T.*[+-]\\d{2}$")) {
      s = s + ":00";
    }
    try {
      return new ParsedTimestamp(OffsetDateTime.parse(s).toInstant(), true);
    } catch (DateTimeParseException e) {
      try {
        return new ParsedTimestamp(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC), false);
      } catch (DateTimeParseException e2) {
        try {
          return new ParsedTimestamp(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC),
              false);
        } catch (DateTimeParseException e3) {
          throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 timestamp "
              + "(like 2021-05-16T08:30:00, 2021-05-16 08:30:00.250 or 2021-05-16T08:30:00Z)");
        }
      }
    }
  }

  private static long timestamp(Object value, TimeUnit unit) {
    if (value instanceof Long l) {
      return l;
    }
    Instant t = parseTimestamp(text(value)).instant();
    return switch (unit) {
      case SECOND -> t.getEpochSecond();
      case MILLISECOND -> t.toEpochMilli();
      case MICROSECOND -> Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
          t.getNano() / 1000);
      case NANOSECOND -> Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L),
          t.getNano());
    };
  }

  private static int date(Object value) {
    String s = text(value).trim();
    try {
      return (int) LocalDate.parse(s).toEpochDay();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + s + "' is not an ISO 8601 date (like 2021-05-16)");
    }
  }

  private static String describe(Object value) {
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return "'" + value + "'";
  }
}
