package org.lance4j.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.lance4j.testing.ArrowAssert;
import org.roaringbitmap.RoaringBitmap;

/**
 * Random data with nulls and many random and hand-picked expressions: the vectorized evaluator
 * must agree with a plain row-by-row interpreter (written here, with SQL three-valued logic).
 */
class ExpressionPropertyTest {
  private static final String[] WORDS = ExpressionPropertyData.WORDS;

  // ---------------------------------------------------------------- reference interpreter

  /** Row-by-row evaluation of the syntax tree with plain Java values. */
  static Object ref(Node n, VectorSchemaRoot root, int row) {
    if (n instanceof Node.Lit lit) {
      return lit.value();
    }
    if (n instanceof Node.Col c) {
      FieldVector v = root.getVector(c.path().get(0));
      for (String part : c.path().subList(1, c.path().size())) {
        if (v.isNull(row)) {
          return null;
        }
        v = (FieldVector) ((StructVector) v).getChild(part);
      }
      Object o = ArrowAssert.value(v, row);
      if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
        return ((Number) o).longValue();
      }
      if (v instanceof DateDayVector && o != null) {
        return (long) ((DateDayVector) v).get(row);
      }
      return o;
    }
    if (n instanceof Node.Unary u) {
      Object a = ref(u.arg(), root, row);
      if (a == null) {
        return null;
      }
      if (u.op().equals("NOT")) {
        return !(Boolean) a;
      }
      return a instanceof Long ? (Object) (-(Long) a) : (Object) (-(Double) a);
    }
    if (n instanceof Node.Binary b) {
      if (b.op().equals("AND") || b.op().equals("OR")) {
        Boolean x = (Boolean) ref(b.left(), root, row);
        Boolean y = (Boolean) ref(b.right(), root, row);
        boolean and = b.op().equals("AND");
        if (Boolean.valueOf(!and).equals(x) || Boolean.valueOf(!and).equals(y)) {
          return !and;
        }
        return x == null || y == null ? null : and;
      }
      Object x = ref(b.left(), root, row);
      Object y = ref(b.right(), root, row);
      if (x == null || y == null) {
        return null;
      }
      switch (b.op()) {
        case "||": return text(x) + text(y);
        case "+": case "-": case "*": case "/": case "%": return arith(b.op(), x, y);
        default: return cmpOp(b.op(), x, y);
      }
    }
    if (n instanceof Node.IsNull in) {
      return (ref(in.arg(), root, row) == null) != in.negated();
    }
    if (n instanceof Node.InList in) {
      Object x = ref(in.arg(), root, row);
      Boolean result = false;
      for (Node item : in.items()) {
        Object y = ref(item, root, row);
        if (x == null || y == null) {
          result = null;
        } else if ((Boolean) cmpOp("=", x, y)) {
          result = true;
          break;
        }
      }
      return result == null ? null : result != in.negated();
    }
    if (n instanceof Node.Between bt) {
      Object x = ref(bt.arg(), root, row);
      Object lo = ref(bt.low(), root, row);
      Object hi = ref(bt.high(), root, row);
      Boolean ge = x == null || lo == null ? null : (Boolean) cmpOp(">=", x, lo);
      Boolean le = x == null || hi == null ? null : (Boolean) cmpOp("<=", x, hi);
      Boolean both = Boolean.FALSE.equals(ge) || Boolean.FALSE.equals(le) ? Boolean.FALSE
          : ge == null || le == null ? null : Boolean.TRUE;
      return both == null ? null : both != bt.negated();
    }
    if (n instanceof Node.Like like) {
      Object x = ref(like.arg(), root, row);
      if (x == null) {
        return null;
      }
      Pattern p = likeRegex((String) ((Node.Lit) like.pattern()).value(), like.escape(),
          like.caseInsensitive());
      return p.matcher((String) x).matches() != like.negated();
    }
    if (n instanceof Node.Call call) {
      List<Object> args = new ArrayList<>();
      for (Node a : call.args()) {
        args.add(ref(a, root, row));
      }
      switch (call.name()) {
        case "coalesce": {
          boolean anyFloat = call.args().stream().anyMatch(ExpressionPropertyTest::isFloat);
          for (Object a : args) {
            if (a != null) {
              return anyFloat ? (Object) ((Number) a).doubleValue() : a;
            }
          }
          return null;
        }
        case "concat": {
          StringBuilder sb = new StringBuilder();
          for (Object a : args) {
            if (a != null) {
              sb.append(text(a));
            }
          }
          return sb.toString();
        }
        default:
          break;
      }
      Object a = args.get(0);
      if (a == null) {
        return null;
      }
      switch (call.name()) {
        case "length": return (long) ((String) a).codePointCount(0, ((String) a).length());
        case "lower": return ((String) a).toLowerCase(Locale.ROOT);
        case "upper": return ((String) a).toUpperCase(Locale.ROOT);
        case "abs": return a instanceof Long ? (Object) Math.abs((Long) a)
            : (Object) Math.abs((Double) a);
        default: throw new AssertionError(call.name());
      }
    }
    Node.Cast cast = (Node.Cast) n;
    Object a = ref(cast.arg(), root, row);
    if (a == null) {
      return null;
    }
    switch (cast.type()) {
      case "BIGINT": return a instanceof Double ? (long) (double) (Double) a : a;
      case "DOUBLE": return ((Number) a).doubleValue();
      case "VARCHAR": return text(a);
      default: throw new AssertionError(cast.type());
    }
  }

  /** Static typing the reference needs: does the expression have a floating type? */
  static boolean isFloat(Node n) {
    if (n instanceof Node.Lit lit) {
      return lit.type() == Node.LitType.FLOAT;
    }
    if (n instanceof Node.Col c) {
      return c.name().equals("x");
    }
    if (n instanceof Node.Unary u) {
      return isFloat(u.arg());
    }
    if (n instanceof Node.Binary b) {
      return "+-*/%".contains(b.op()) && (isFloat(b.left()) || isFloat(b.right()));
    }
    if (n instanceof Node.Call c) {
      return (c.name().equals("abs") || c.name().equals("coalesce"))
          && c.args().stream().anyMatch(ExpressionPropertyTest::isFloat);
    }
    if (n instanceof Node.Cast c) {
      return c.type().equals("DOUBLE");
    }
    return false;
  }

  private static String text(Object o) {
    return o.toString();
  }

  private static Object arith(String op, Object x, Object y) {
    if (x instanceof Long a && y instanceof Long b) {
      switch (op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return b == 0 ? null : a / b;
        default: return b == 0 ? null : a % b;
      }
    }
    double a = ((Number) x).doubleValue();
    double b = ((Number) y).doubleValue();
    switch (op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/": return b == 0 ? null : a / b;
      default: return b == 0 ? null : a % b;
    }
  }

  private static Object cmpOp(String op, Object x, Object y) {
    int c;
    if (x instanceof Long && y instanceof String t) {
      y = java.time.LocalDate.parse(t).toEpochDay();
    }
    if (x instanceof Long a && y instanceof Long b) {
      c = Long.compare(a, b);
    } else if (x instanceof Number a && y instanceof Number b) {
      c = Double.compare(a.doubleValue(), b.doubleValue());
    } else if (x instanceof String a && y instanceof String b) {
      c = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
          b.getBytes(StandardCharsets.UTF_8));
    } else {
      c = Boolean.compare((Boolean) x, (Boolean) y);
    }
    switch (op) {
      case "=": return c == 0;
      case "!=": return c != 0;
      case "<": return c < 0;
      case "<=": return c <= 0;
      case ">": return c > 0;
      default: return c >= 0;
    }
  }

  private static final java.util.Map<String, Pattern> REGEX_CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Pattern likeRegex(String pattern, char escape, boolean ci) {
    return REGEX_CACHE.computeIfAbsent(pattern + '\u0000' + escape + ci,
        k -> toRegex(pattern, escape, ci));
  }

  private static Pattern toRegex(String pattern, char escape, boolean ci) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == escape && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL
        | (ci ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }

  // ---------------------------------------------------------------- random expressions

  private static String num(Random r, int depth) {
    int k = r.nextInt(depth <= 0 ? 5 : 14);
    switch (k) {
      case 0: return "i";
      case 1: return "l";
      case 2: return "x";
      case 3: return String.valueOf(r.nextInt(11) - 5);
      case 4: return (r.nextInt(9) - 4) * 0.5 + "";
      case 5: case 6: case 7: case 8:
        return "(" + num(r, depth - 1) + " " + "+-*/%".charAt(r.nextInt(5)) + " "
            + num(r, depth - 1) + ")";
      case 9: return "abs(" + num(r, depth - 1) + ")";
      case 10: return "length(" + str(r, depth - 1) + ")";
      case 11: return "coalesce(" + num(r, depth - 1) + ", " + num(r, depth - 1) + ")";
      case 12: return "st.v";
      default: return "-" + num(r, depth - 1);
    }
  }

  private static String str(Random r, int depth) {
    int k = r.nextInt(depth <= 0 ? 2 : 6);
    switch (k) {
      case 0: return "s";
      case 1: return lit(r);
      case 2: return "lower(" + str(r, depth - 1) + ")";
      case 3: return "upper(" + str(r, depth - 1) + ")";
      case 4: return str(r, depth - 1) + " || " + str(r, 0);
      default: return "coalesce(" + str(r, depth - 1) + ", " + lit(r) + ")";
    }
  }

  private static String lit(Random r) {
    return "'" + WORDS[r.nextInt(WORDS.length)].replace("'", "''") + "'";
  }

  private static final String[] OPS = {"=", "!=", "<>", "<", "<=", ">", ">="};
  private static final String[] PATTERNS = {"a%", "%b", "_", "%a_%", "A\\%", "a\\_b", "%", "",
      "ü%", "b%c"};

  static String bool(Random r, int depth) {
    int k = r.nextInt(depth <= 0 ? 9 : 14);
    String op = OPS[r.nextInt(OPS.length)];
    switch (k) {
      case 0: return num(r, depth) + " " + op + " " + num(r, depth);
      case 1: return str(r, depth) + " " + op + " " + str(r, 0);
      case 2: return str(r, depth) + (r.nextBoolean() ? " NOT" : "")
          + (r.nextBoolean() ? " LIKE '" : " ILIKE '") + PATTERNS[r.nextInt(PATTERNS.length)]
          + "'";
      case 3: return "i" + (r.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 4: return num(r, depth) + (r.nextBoolean() ? " NOT IN (" : " IN (")
          + num(r, 0) + ", " + (r.nextInt(4) == 0 ? "NULL" : num(r, 0)) + ", "
          + num(r, 0) + ")";
      case 5: return num(r, depth) + (r.nextBoolean() ? " NOT BETWEEN " : " BETWEEN ")
          + num(r, 0) + " AND " + num(r, 0);
      case 6: return r.nextBoolean() ? "b" : "b = " + r.nextBoolean();
      case 7: return "d " + op + " DATE '2020-01-0" + (1 + r.nextInt(9)) + "'";
      case 8: return r.nextInt(3) == 0 ? "NULL" : "s IN ('a', 'ab', " + lit(r) + ")";
      case 9: case 10: return "(" + bool(r, depth - 1) + ") AND (" + bool(r, depth - 1) + ")";
      case 11: case 12: return "(" + bool(r, depth - 1) + ") OR (" + bool(r, depth - 1) + ")";
      default: return "NOT (" + bool(r, depth - 1) + ")";
    }
  }

  private static void check(String sql, VectorSchemaRoot root, BufferAllocator a) {
    Expression e = Expression.parse(sql);
    Node tree = Parser.parse(sql);
    RoaringBitmap expected = new RoaringBitmap();
    List<Object> expectedValues = new ArrayList<>();
    for (int row = 0; row < root.getRowCount(); row++) {
      Object v = ref(tree, root, row);
      expectedValues.add(v);
      if (Boolean.TRUE.equals(v)) {
        expected.add(row);
      }
    }
    try (FieldVector out = e.evaluate(root, "out", a)) {
      for (int row = 0; row < root.getRowCount(); row++) {
        Object want = expectedValues.get(row);
        Object got = ArrowAssert.value(out, row);
        boolean same = want instanceof Number && got instanceof Number
            ? ((Number) want).doubleValue() == ((Number) got).doubleValue()
              || Double.isNaN(((Number) want).doubleValue())
                  && Double.isNaN(((Number) got).doubleValue())
            : java.util.Objects.equals(want, got);
        if (!same) {
          fail("'%s' row %d: expected <%s> but was <%s>", sql, row, want, got);
        }
      }
    }
    if (expectedValues.stream().allMatch(v -> v == null || v instanceof Boolean)
        && e.resultField(root.getSchema(), "p").getType() instanceof ArrowType.Bool) {
      assertThat(e.matches(root, a)).as(sql).isEqualTo(expected);
    }
  }

  @Test
  void handPicked() {
    String[] cases = {
        "i > 2", "i >= l", "x < i", "i = x", "i + l * 2 > 10", "l / i > 100", "l % i = 0",
        "l / 0 IS NULL", "x / 0.0 IS NULL", "i IN (1, 2, NULL)", "i NOT IN (1, 2, NULL)",
        "i NOT IN (1, 2)", "i BETWEEN -1 AND 1", "x NOT BETWEEN -1 AND i", "s LIKE 'a%'",
        "s LIKE 'a\\_b'", "s LIKE 'A\\%'", "s ILIKE 'ü%'", "s NOT LIKE '%b%'",
        "s > 'ab'", "s <= ''", "length(s) = 3", "upper(s) = 'AB'", "b AND i > 0",
        "b OR i > 0", "NOT b", "NOT (b AND x > 0)", "b IS NULL OR NOT b",
        "d > DATE '2020-01-05'", "d = '2020-01-03'", "st.v > 0", "st.v IS NULL",
        "coalesce(st.v, i, 0) = 0", "abs(i) = 2", "-i > 3", "s || 'x' = 'abx'",
        "coalesce(s, 'none') = 'none'", "i * 1.5 > x", "cast(x AS BIGINT) = i",
        "cast(i AS VARCHAR) = '3'", "cast(l AS DOUBLE) / 7 > 3.1", "concat(s, i) = 'a1'",
        "NULL", "NULL OR b", "NULL AND b", "TRUE", "i = i", "s = s",
    };
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = ExpressionPropertyData.data(a, 7)) {
      for (String sql : cases) {
        check(sql, root, a);
      }
      for (String sql : new String[] {"i + l", "x * i - 1", "l / i", "length(s) * 2",
          "s || '-' || lower(s)", "coalesce(i, l)", "st.v * 2", "abs(x)", "-l % 7"}) {
        check(sql, root, a);
      }
    }
  }

  @Test
  void randomPredicates() {
    for (long seed = 1; seed <= 3; seed++) {
      try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = ExpressionPropertyData.data(a, seed)) {
        Random r = new Random(seed * 31);
        for (int k = 0; k < 300; k++) {
          check(bool(r, 3), root, a);
        }
        for (int k = 0; k < 100; k++) {
          check(num(r, 3), root, a);
        }
      }
    }
  }
}
