package org.lance4j.internal.expr;

/**
 * The value kinds the evaluator computes with. Every integer type is widened to INT (64-bit
 * signed), every floating type and decimals to FLOAT (double), dates to days, timestamps to
 * microseconds since the epoch (UTC). OTHER covers types only usable with IS [NOT] NULL or as a
 * bare column (lists, structs, binary, time, duration).
 */
enum Type {
  BOOL, INT, FLOAT, STRING, DATE, TIMESTAMP, NULL, OTHER;

  boolean numeric() {
    return this == INT || this == FLOAT;
  }

  String sqlName() {
    switch (this) {
      case BOOL: return "BOOLEAN";
      case INT: return "INTEGER";
      case FLOAT: return "FLOAT";
      case STRING: return "STRING";
      case DATE: return "DATE";
      case TIMESTAMP: return "TIMESTAMP";
      case NULL: return "NULL";
      default: return "non-scalar";
    }
  }
}
