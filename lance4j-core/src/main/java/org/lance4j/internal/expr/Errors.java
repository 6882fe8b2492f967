package org.lance4j.internal.expr;

import org.lance4j.InvalidInputException;

/** Builds {@link InvalidInputException}s that point at a position of the expression text. */
final class Errors {
  private Errors() {}

  private static final int WINDOW = 60;

  /**
   * An error at 0-based character {@code pos} of {@code sql}: the message, the position, and an
   * excerpt of the text with a caret under the offending character.
   */
  static InvalidInputException at(String sql, int pos, String message) {
    int p = Math.max(0, Math.min(pos, sql.length()));
    int from = 0;
    int to = sql.length();
    String prefix = "";
    String suffix = "";
    if (sql.length() > WINDOW) {
      from = Math.max(0, p - WINDOW / 2);
      to = Math.min(sql.length(), from + WINDOW);
      prefix = from > 0 ? "..." : "";
      suffix = to < sql.length() ? "..." : "";
    }
    String excerpt = prefix + sql.substring(from, to).replace('\n', ' ').replace('\r', ' ')
        .replace('\t', ' ') + suffix;
    int caret = prefix.length() + (p - from);
    return new InvalidInputException(message + " at position " + p + ":\n  " + excerpt
        + "\n  " + " ".repeat(caret) + "^");
  }
}
