package org.lance4j.internal.expr;

import java.util.Arrays;

/** Column-at-a-time kernels over {@link Vec}s: comparisons, arithmetic and logic. */
final class Ops {
  private Ops() {}

  /** A column of {@code n} copies of a literal of the given type. */
  static Vec constant(Type type, Object value, int n) {
    if (value == null) {
      return Vec.allNull(type, n);
    }
    switch (type) {
      case BOOL: {
        boolean[] b = new boolean[n];
        Arrays.fill(b, (Boolean) value);
        return Vec.ofBools(b, null);
      }
      case FLOAT: {
        double[] d = new double[n];
        Arrays.fill(d, ((Number) value).doubleValue());
        return Vec.ofDoubles(d, null);
      }
      case STRING: {
        String[] s = new String[n];
        Arrays.fill(s, (String) value);
        return Vec.ofStrings(s, null);
      }
      default: {
        long[] l = new long[n];
        Arrays.fill(l, ((Number) value).longValue());
        return Vec.ofLongs(type, l, null);
      }
    }
  }

  /** Compares code point by code point (the order of UTF-8 bytes, as Arrow does). */
  static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? 1 : -1; // a surrogate starts a code point above every BMP char
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  static boolean test(String op, int c) {
    switch (op) {
      case "=": return c == 0;
      case "!=": return c != 0;
      case "<": return c < 0;
      case "<=": return c <= 0;
      case ">": return c > 0;
      default: return c >= 0;
    }
  }

  /** {@code a op b}; both are INT-like (same kind), FLOAT/INT mixes, STRING or BOOL. */
  static Vec compare(String op, Vec a, Vec b) {
    int n = a.n;
    boolean[] nulls = Vec.orNulls(a.nulls, b.nulls);
    boolean[] out = new boolean[n];
    if (a.longs != null && b.longs != null) {
      long[] x = a.longs;
      long[] y = b.longs;
      switch (op) {
        case "=": for (int i = 0; i < n; i++) { out[i] = x[i] == y[i]; } break;
        case "!=": for (int i = 0; i < n; i++) { out[i] = x[i] != y[i]; } break;
        case "<": for (int i = 0; i < n; i++) { out[i] = x[i] < y[i]; } break;
        case "<=": for (int i = 0; i < n; i++) { out[i] = x[i] <= y[i]; } break;
        case ">": for (int i = 0; i < n; i++) { out[i] = x[i] > y[i]; } break;
        default: for (int i = 0; i < n; i++) { out[i] = x[i] >= y[i]; } break;
      }
    } else if (a.type.numeric() && b.type.numeric()) {
      double[] x = a.asDoubles();
      double[] y = b.asDoubles();
      for (int i = 0; i < n; i++) {
        out[i] = test(op, Double.compare(x[i], y[i]));
      }
    } else if (a.strings != null) {
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          out[i] = test(op, compareStrings(a.strings[i], b.strings[i]));
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = test(op, Boolean.compare(a.bools[i], b.bools[i]));
      }
    }
    return Vec.ofBools(out, nulls);
  }

  /** {@code a op k} for an INT-like column and a constant. */
  static Vec compareLong(String op, Vec a, long k) {
    int n = a.n;
    long[] x = a.longs;
    boolean[] out = new boolean[n];
    switch (op) {
      case "=": for (int i = 0; i < n; i++) { out[i] = x[i] == k; } break;
      case "!=": for (int i = 0; i < n; i++) { out[i] = x[i] != k; } break;
      case "<": for (int i = 0; i < n; i++) { out[i] = x[i] < k; } break;
      case "<=": for (int i = 0; i < n; i++) { out[i] = x[i] <= k; } break;
      case ">": for (int i = 0; i < n; i++) { out[i] = x[i] > k; } break;
      default: for (int i = 0; i < n; i++) { out[i] = x[i] >= k; } break;
    }
    return Vec.ofBools(out, a.nulls);
  }

  /** {@code a op k} for a numeric column and a constant, in the total order of doubles. */
  static Vec compareDouble(String op, Vec a, double k) {
    int n = a.n;
    double[] x = a.asDoubles();
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = test(op, Double.compare(x[i], k));
    }
    return Vec.ofBools(out, a.nulls);
  }

  /** Integer arithmetic (64-bit, wrapping); division and modulo by zero give NULL. */
  static Vec arithmeticLong(String op, Vec a, Vec b) {
    int n = a.n;
    long[] x = a.longs;
    long[] y = b.longs;
    long[] out = new long[n];
    boolean[] nulls = Vec.orNulls(a.nulls, b.nulls);
    switch (op) {
      case "+": for (int i = 0; i < n; i++) { out[i] = x[i] + y[i]; } break;
      case "-": for (int i = 0; i < n; i++) { out[i] = x[i] - y[i]; } break;
      case "*": for (int i = 0; i < n; i++) { out[i] = x[i] * y[i]; } break;
      default:
        boolean divide = op.equals("/");
        for (int i = 0; i < n; i++) {
          if (y[i] == 0) {
            if (nulls == null) {
              nulls = new boolean[n];
            }
            nulls[i] = true;
          } else {
            out[i] = divide ? x[i] / y[i] : x[i] % y[i];
          }
        }
    }
    return Vec.ofLongs(Type.INT, out, nulls);
  }

  /** Floating arithmetic; division and modulo by zero give NULL. */
  static Vec arithmeticDouble(String op, Vec a, Vec b) {
    int n = a.n;
    double[] x = a.asDoubles();
    double[] y = b.asDoubles();
    double[] out = new double[n];
    boolean[] nulls = Vec.orNulls(a.nulls, b.nulls);
    switch (op) {
      case "+": for (int i = 0; i < n; i++) { out[i] = x[i] + y[i]; } break;
      case "-": for (int i = 0; i < n; i++) { out[i] = x[i] - y[i]; } break;
      case "*": for (int i = 0; i < n; i++) { out[i] = x[i] * y[i]; } break;
      default:
        boolean divide = op.equals("/");
        for (int i = 0; i < n; i++) {
          if (y[i] == 0) {
            if (nulls == null) {
              nulls = new boolean[n];
            }
            nulls[i] = true;
          } else {
            out[i] = divide ? x[i] / y[i] : x[i] % y[i];
          }
        }
    }
    return Vec.ofDoubles(out, nulls);
  }

  static Vec negate(Vec a) {
    if (a.longs != null) {
      long[] out = new long[a.n];
      for (int i = 0; i < a.n; i++) {
        out[i] = -a.longs[i];
      }
      return Vec.ofLongs(a.type, out, a.nulls);
    }
    double[] out = new double[a.n];
    for (int i = 0; i < a.n; i++) {
      out[i] = -a.doubles[i];
    }
    return Vec.ofDoubles(out, a.nulls);
  }

  static Vec not(Vec a) {
    boolean[] out = new boolean[a.n];
    for (int i = 0; i < a.n; i++) {
      out[i] = !a.bools[i];
    }
    return Vec.ofBools(out, a.nulls);
  }

  /** SQL three-valued AND / OR. */
  static Vec logic(boolean and, Vec a, Vec b) {
    int n = a.n;
    boolean[] out = new boolean[n];
    boolean[] nulls = null;
    for (int i = 0; i < n; i++) {
      boolean an = a.isNull(i);
      boolean bn = b.isNull(i);
      boolean av = a.bools[i];
      boolean bv = b.bools[i];
      if (and) {
        if ((!an && !av) || (!bn && !bv)) {
          out[i] = false;
        } else if (an || bn) {
          nulls = mark(nulls, n, i);
        } else {
          out[i] = true;
        }
      } else {
        if ((!an && av) || (!bn && bv)) {
          out[i] = true;
        } else if (an || bn) {
          nulls = mark(nulls, n, i);
        } else {
          out[i] = false;
        }
      }
    }
    return Vec.ofBools(out, nulls);
  }

  private static boolean[] mark(boolean[] nulls, int n, int i) {
    boolean[] m = nulls == null ? new boolean[n] : nulls;
    m[i] = true;
    return m;
  }

  static Vec isNull(Vec a, boolean negated) {
    boolean[] out = new boolean[a.n];
    for (int i = 0; i < a.n; i++) {
      out[i] = a.isNull(i) != negated;
    }
    return Vec.ofBools(out, null);
  }

  /** Rows are NULL where any of the inputs is NULL; the values of those rows are unspecified. */
  static Vec ofType(Vec v, Type type) {
    return v.longs != null ? Vec.ofLongs(type, v.longs, v.nulls) : v;
  }
}
