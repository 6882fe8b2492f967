package org.lance4j.internal.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens; every token remembers its 0-based start position. */
final class Lexer {
  enum Kind { IDENT, QUOTED_IDENT, INTEGER, DECIMAL, STRING, SYMBOL, EOF }

  /** One token. For identifiers and strings {@code text} is the unquoted value. */
  record Token(Kind kind, String text, int pos) {
    boolean isKeyword(String kw) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(kw);
    }

    boolean isSymbol(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    String describe() {
      switch (kind) {
        case EOF:
          return "end of input";
        case STRING:
          return "string '" + text + "'";
        case QUOTED_IDENT:
          return "identifier \"" + text + "\"";
        default:
          return "token '" + text + "'";
      }
    }
  }

  private Lexer() {}

  static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Kind.IDENT, sql.substring(start, i), start));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        boolean decimal = false;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        if (i < n && sql.charAt(i) == '.') {
          decimal = true;
          i++;
          while (i < n && Character.isDigit(sql.charAt(i))) {
            i++;
          }
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
          int j = i + 1;
          if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
            j++;
          }
          if (j < n && Character.isDigit(sql.charAt(j))) {
            decimal = true;
            i = j;
            while (i < n && Character.isDigit(sql.charAt(i))) {
              i++;
            }
          }
        }
        if (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
          throw Errors.at(sql, i, "unexpected character '" + sql.charAt(i) + "' in number");
        }
        out.add(new Token(decimal ? Kind.DECIMAL : Kind.INTEGER, sql.substring(start, i), start));
      } else if (c == '\'') {
        StringBuilder sb = new StringBuilder();
        i = quoted(sql, start, "unterminated string literal", sb);
        out.add(new Token(Kind.STRING, sb.toString(), start));
      } else if (c == '"' || c == '`') {
        StringBuilder sb = new StringBuilder();
        i = quoted(sql, start, "unterminated quoted identifier", sb);
        if (sb.length() == 0) {
          throw Errors.at(sql, start, "empty quoted identifier");
        }
        out.add(new Token(Kind.QUOTED_IDENT, sb.toString(), start));
      } else {
        String two = i + 1 < n ? sql.substring(i, i + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=")
            || two.equals("||") || two.equals("==")) {
          out.add(new Token(Kind.SYMBOL, two.equals("==") ? "=" : two, start));
          i += 2;
        } else if ("=<>+-*/%(),.".indexOf(c) >= 0) {
          out.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
          i++;
        } else {
          throw Errors.at(sql, i, "unexpected character '" + c + "'");
        }
      }
    }
    out.add(new Token(Kind.EOF, "", n));
    return out;
  }
  /**
   * Reads the quoted text opening at {@code start} (its quote character doubled stands for
   * itself) into {@code sb}; returns the index after the closing quote.
   */
  private static int quoted(String sql, int start, String unterminated, StringBuilder sb) {
    char q = sql.charAt(start);
    int n = sql.length();
    int i = start + 1;
    while (true) {
      if (i >= n) {
        throw Errors.at(sql, start, unterminated);
      }
      char d = sql.charAt(i);
      if (d == q) {
        if (i + 1 < n && sql.charAt(i + 1) == q) {
          sb.append(q);
          i += 2;
          continue;
        }
        return i + 1;
      }
      sb.append(d);
      i++;
    }
  }
}
