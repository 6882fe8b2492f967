package org.lance4j.cli.input;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Type inference lattice for text inputs: a column starts UNKNOWN (only nulls seen) and widens as
 * values arrive: int64 -> double; bool stays bool; any other mix -> string.
 */
enum InferredType {
  UNKNOWN, BOOL, INT64, DOUBLE, STRING;

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
      case UNKNOWN, STRING -> ArrowType.Utf8.INSTANCE;
    };
  }
}
