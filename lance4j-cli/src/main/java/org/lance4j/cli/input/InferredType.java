package org.lance4j.cli.input;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Type inference lattice for text inputs: a column starts UNKNOWN (only nulls seen) and widens as
 * values arrive: int64 -> double; date -> timestamp (ISO 8601 text, CSV only); bool stays bool;
 * any other mix -> string. A timestamp with a UTC offset or Z is a UTC timestamp, one without is
 * a timestamp without time zone; a column that mixes the two is a string.
 */
enum InferredType {
  UNKNOWN, BOOL, INT64, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_TZ, STRING;

  private static final java.util.regex.Pattern DATE_TEXT =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final java.util.regex.Pattern TIMESTAMP_TEXT = java.util.regex.Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|z|[+-]\\d{2}(:?\\d{2})?)?");

  /** Widens this type so that it also holds {@code seen}. */
  InferredType merge(InferredType seen) {
    if (seen == UNKNOWN || seen == this) {
      return this;
    }
    if (this == UNKNOWN) {
      return seen;
    }
    if ((this == INT64 && seen == DOUBLE) || (this == DOUBLE && seen == INT64)) {
      return DOUBLE;
    }
    if (this == DATE && (seen == TIMESTAMP || seen == TIMESTAMP_TZ)) {
      return seen;
    }
    if ((this == TIMESTAMP || this == TIMESTAMP_TZ) && seen == DATE) {
      return this;
    }
    return STRING;
  }

  /** The type of one CSV text value (null/empty = UNKNOWN). */
  static InferredType ofText(String s) {
    if (s == null || s.isEmpty()) {
      return UNKNOWN;
    }
    String t = s.trim();
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return BOOL;
    }
    if (isInteger(t)) {
      try {
        Long.parseLong(t);
        return INT64;
      } catch (NumberFormatException e) {
        return DOUBLE;
      }
    }
    if (isDecimal(t)) {
      return DOUBLE;
    }
    if (t.length() == 10 && DATE_TEXT.matcher(t).matches()) {
      try {
        java.time.LocalDate.parse(t);
        return DATE;
      } catch (java.time.DateTimeException e) {
        return STRING;
      }
    }
    if (t.length() >= 16 && TIMESTAMP_TEXT.matcher(t).matches()) {
      try {
        return ValueWriter.parseTimestamp(t).hasOffset() ? TIMESTAMP_TZ : TIMESTAMP;
      } catch (IllegalArgumentException e) {
        return STRING;
      }
    }
    return STRING;
  }

  private static boolean isInteger(String t) {
    int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
    if (i == t.length()) {
      return false;
    }
    for (; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDecimal(String t) {
    if (t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("-inf")) {
      return false;
    }
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      return false;
    }
    return true;
  }

  ArrowType arrowType() {
    return switch (this) {
      case BOOL -> ArrowType.Bool.INSTANCE;
      case INT64 -> new ArrowType.Int(64, true);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DATE -> new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND,
          null);
      case TIMESTAMP_TZ -> new ArrowType.Timestamp(
          org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC");
      case UNKNOWN, STRING -> ArrowType.Utf8.INSTANCE;
    };
  }
}
