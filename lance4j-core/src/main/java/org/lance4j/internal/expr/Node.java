package org.lance4j.internal.expr;

import java.util.List;

/** Syntax tree of an expression. Every node keeps the position of its first (or operator) token. */
sealed interface Node {
  int pos();

  /** Literal kinds as written. */
  enum LitType { INT, FLOAT, STRING, BOOL, NULL, DATE, TIMESTAMP }

  /**
   * A literal. Values: INT Long, FLOAT Double, STRING String, BOOL Boolean, NULL null, DATE Long
   * (days since epoch), TIMESTAMP Long (microseconds since epoch).
   */
  record Lit(Object value, LitType type, int pos) implements Node {}

  /** A column, or a struct field path {@code a.b.c}. */
  record Col(List<String> path, int pos) implements Node {
    String name() {
      return String.join(".", path);
    }
  }

  /** {@code -x} or {@code NOT x}. */
  record Unary(String op, Node arg, int pos) implements Node {}

  /** Arithmetic, comparison, {@code ||}, AND, OR. {@code pos} is the operator's position. */
  record Binary(String op, Node left, Node right, int pos) implements Node {}

  record IsNull(Node arg, boolean negated, int pos) implements Node {}

  record InList(Node arg, List<Node> items, boolean negated, int pos) implements Node {}

  record Between(Node arg, Node low, Node high, boolean negated, int pos) implements Node {}

  /** LIKE / ILIKE with an optional escape character (default backslash). */
  record Like(Node arg, Node pattern, char escape, boolean negated, boolean caseInsensitive,
      int pos) implements Node {}

  /** A function call; {@code name} is lower case. */
  record Call(String name, List<Node> args, int pos) implements Node {}

  /** {@code CAST(x AS type)}; {@code type} is upper case, e.g. "BIGINT". */
  record Cast(Node arg, String type, int typePos, int pos) implements Node {}
}
