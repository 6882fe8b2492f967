package org.lance4j.internal.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lance4j.internal.expr.Lexer.Kind;
import org.lance4j.internal.expr.Lexer.Token;

/**
 * Recursive-descent parser. Precedence from loosest to tightest: OR, AND, NOT, comparisons / IS /
 * IN / BETWEEN / LIKE, {@code ||}, {@code + -}, {@code * / %}, unary minus.
 */
final class Parser {
  private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL",
      "TRUE", "FALSE", "BETWEEN", "LIKE", "ILIKE", "ESCAPE", "CAST", "AS");

  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalEnd()
      .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
      .toFormatter(Locale.ROOT);

  private final String sql;
  private final List<Token> tokens;
  private int next;

  private Parser(String sql) {
    this.sql = sql;
    this.tokens = Lexer.tokenize(sql);
  }

  static Node parse(String sql) {
    Parser p = new Parser(sql);
    if (p.peek().kind() == Kind.EOF) {
      throw Errors.at(sql, 0, "empty expression");
    }
    Node n = p.or();
    if (p.peek().kind() != Kind.EOF) {
      throw p.unexpected(p.peek());
    }
    return n;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }

  private Token take() {
    return tokens.get(next++);
  }

  private boolean acceptKeyword(String kw) {
    if (peek().isKeyword(kw)) {
      next++;
      return true;
    }
    return false;
  }

  private boolean acceptSymbol(String s) {
    if (peek().isSymbol(s)) {
      next++;
      return true;
    }
    return false;
  }

  private void expectSymbol(String s) {
    if (!acceptSymbol(s)) {
      throw Errors.at(sql, peek().pos(), "expected '" + s + "' but found " + peek().describe());
    }
  }

  private void expectKeyword(String kw) {
    if (!acceptKeyword(kw)) {
      throw Errors.at(sql, peek().pos(), "expected " + kw + " but found " + peek().describe());
    }
  }

  private RuntimeException unexpected(Token t) {
    return Errors.at(sql, t.pos(), "unexpected " + t.describe());
  }

  private Node or() {
    Node left = and();
    while (peek().isKeyword("OR")) {
      int pos = take().pos();
      left = new Node.Binary("OR", left, and(), pos);
    }
    return left;
  }

  private Node and() {
    Node left = not();
    while (peek().isKeyword("AND")) {
      int pos = take().pos();
      left = new Node.Binary("AND", left, not(), pos);
    }
    return left;
  }

  private Node not() {
    if (peek().isKeyword("NOT")) {
      int pos = take().pos();
      return new Node.Unary("NOT", not(), pos);
    }
    return predicate();
  }

  private Node predicate() {
    Node left = concat();
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.SYMBOL && Set.of("=", "!=", "<>", "<", "<=", ">", ">=")
          .contains(t.text())) {
        take();
        String op = t.text().equals("<>") ? "!=" : t.text();
        left = new Node.Binary(op, left, concat(), t.pos());
        continue;
      }
      if (t.isKeyword("IS")) {
        take();
        boolean neg = acceptKeyword("NOT");
        expectKeyword("NULL");
        left = new Node.IsNull(left, neg, t.pos());
        continue;
      }
      boolean neg = false;
      if (t.isKeyword("NOT") && (peek(1).isKeyword("IN") || peek(1).isKeyword("BETWEEN")
          || peek(1).isKeyword("LIKE") || peek(1).isKeyword("ILIKE"))) {
        take();
        neg = true;
        t = peek();
      }
      if (t.isKeyword("IN")) {
        take();
        expectSymbol("(");
        List<Node> items = new ArrayList<>();
        do {
          items.add(or());
        } while (acceptSymbol(","));
        expectSymbol(")");
        left = new Node.InList(left, items, neg, t.pos());
      } else if (t.isKeyword("BETWEEN")) {
        take();
        Node low = concat();
        expectKeyword("AND");
        Node high = concat();
        left = new Node.Between(left, low, high, neg, t.pos());
      } else if (t.isKeyword("LIKE") || t.isKeyword("ILIKE")) {
        take();
        Node pattern = concat();
        char escape = '\\';
        if (acceptKeyword("ESCAPE")) {
          Token e = take();
          if (e.kind() != Kind.STRING || e.text().length() != 1) {
            throw Errors.at(sql, e.pos(), "ESCAPE needs a one-character string, found "
                + e.describe());
          }
          escape = e.text().charAt(0);
        }
        left = new Node.Like(left, pattern, escape, neg, t.isKeyword("ILIKE"), t.pos());
      } else {
        return left;
      }
    }
  }

  private Node concat() {
    Node left = additive();
    while (peek().isSymbol("||")) {
      int pos = take().pos();
      left = new Node.Binary("||", left, additive(), pos);
    }
    return left;
  }

  private Node additive() {
    Node left = multiplicative();
    while (peek().isSymbol("+") || peek().isSymbol("-")) {
      Token op = take();
      left = new Node.Binary(op.text(), left, multiplicative(), op.pos());
    }
    return left;
  }

  private Node multiplicative() {
    Node left = unary();
    while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%")) {
      Token op = take();
      left = new Node.Binary(op.text(), left, unary(), op.pos());
    }
    return left;
  }

  private Node unary() {
    Token t = peek();
    if (t.isSymbol("-")) {
      take();
      Token num = peek();
      if (num.kind() == Kind.INTEGER) {
        take();
        return integer("-" + num.text(), t.pos());
      }
      return new Node.Unary("-", unary(), t.pos());
    }
    if (t.isSymbol("+")) {
      take();
      return unary();
    }
    return primary();
  }

  private Node integer(String text, int pos) {
    try {
      return new Node.Lit(Long.parseLong(text), Node.LitType.INT, pos);
    } catch (NumberFormatException e) {
      return new Node.Lit(Double.parseDouble(text), Node.LitType.FLOAT, pos);
    }
  }

  private Node primary() {
    Token t = take();
    switch (t.kind()) {
      case INTEGER:
        return integer(t.text(), t.pos());
      case DECIMAL:
        return new Node.Lit(Double.parseDouble(t.text()), Node.LitType.FLOAT, t.pos());
      case STRING:
        return new Node.Lit(t.text(), Node.LitType.STRING, t.pos());
      case QUOTED_IDENT:
        return column(t);
      case SYMBOL:
        if (t.text().equals("(")) {
          Node inner = or();
          expectSymbol(")");
          return inner;
        }
        throw unexpected(t);
      case EOF:
        throw unexpected(t);
      default:
        break;
    }
    String upper = t.text().toUpperCase(Locale.ROOT);
    switch (upper) {
      case "TRUE":
        return new Node.Lit(Boolean.TRUE, Node.LitType.BOOL, t.pos());
      case "FALSE":
        return new Node.Lit(Boolean.FALSE, Node.LitType.BOOL, t.pos());
      case "NULL":
        return new Node.Lit(null, Node.LitType.NULL, t.pos());
      case "CAST":
        return cast(t);
      default:
        break;
    }
    if ((upper.equals("DATE") || upper.equals("TIMESTAMP")) && peek().kind() == Kind.STRING) {
      Token s = take();
      return upper.equals("DATE") ? new Node.Lit(parseDate(s.text(), s.pos()), Node.LitType.DATE,
          t.pos()) : new Node.Lit(parseTimestamp(s.text(), s.pos()), Node.LitType.TIMESTAMP,
          t.pos());
    }
    if (RESERVED.contains(upper)) {
      throw unexpected(t);
    }
    if (peek().isSymbol("(")) {
      take();
      List<Node> args = new ArrayList<>();
      if (!acceptSymbol(")")) {
        do {
          args.add(or());
        } while (acceptSymbol(","));
        expectSymbol(")");
      }
      return new Node.Call(t.text().toLowerCase(Locale.ROOT), args, t.pos());
    }
    return column(t);
  }

  private Node column(Token first) {
    List<String> path = new ArrayList<>();
    path.add(first.text());
    while (peek().isSymbol(".")) {
      take();
      Token part = take();
      if (part.kind() != Kind.IDENT && part.kind() != Kind.QUOTED_IDENT) {
        throw Errors.at(sql, part.pos(), "expected a field name after '.' but found "
            + part.describe());
      }
      path.add(part.text());
    }
    return new Node.Col(List.copyOf(path), first.pos());
  }

  private Node cast(Token castToken) {
    expectSymbol("(");
    Node arg = or();
    expectKeyword("AS");
    Token type = take();
    if (type.kind() != Kind.IDENT) {
      throw Errors.at(sql, type.pos(), "expected a type name but found " + type.describe());
    }
    StringBuilder name = new StringBuilder(type.text().toUpperCase(Locale.ROOT));
    if (peek().kind() == Kind.IDENT && !peek().isKeyword("AS")) {
      name.append(' ').append(take().text().toUpperCase(Locale.ROOT)); // DOUBLE PRECISION
    }
    if (acceptSymbol("(")) { // VARCHAR(10), DECIMAL(10, 2): the size is not checked
      while (!peek().isSymbol(")") && peek().kind() != Kind.EOF) {
        take();
      }
      expectSymbol(")");
    }
    expectSymbol(")");
    return new Node.Cast(arg, name.toString(), type.pos(), castToken.pos());
  }

  private long parseDate(String text, int pos) {
    try {
      return LocalDate.parse(text.trim()).toEpochDay();
    } catch (DateTimeParseException e) {
      throw Errors.at(sql, pos, "invalid DATE literal '" + text + "' (expected yyyy-mm-dd)");
    }
  }

  private long parseTimestamp(String text, int pos) {
    try {
      return toMicros(LocalDateTime.parse(text.trim(), TIMESTAMP));
    } catch (DateTimeParseException e) {
      throw Errors.at(sql, pos, "invalid TIMESTAMP literal '" + text
          + "' (expected yyyy-mm-dd hh:mm:ss[.ffffff])");
    }
  }

  static long toMicros(LocalDateTime t) {
    return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
  }

  /** Parses a date or timestamp string (as for literals); null if it is neither. */
  static Long parseTemporal(String text, boolean date) {
    try {
      if (date) {
        return LocalDate.parse(text.trim()).toEpochDay();
      }
      return toMicros(LocalDateTime.parse(text.trim(), TIMESTAMP));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

}
