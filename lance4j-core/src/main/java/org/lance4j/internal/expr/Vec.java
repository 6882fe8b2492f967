package org.lance4j.internal.expr;

import java.util.Arrays;

/**
 * An intermediate column of {@code n} values held in plain Java arrays: evaluation works on these
 * (tight loops, nothing to close) and only the final result becomes an Arrow vector. Exactly one
 * of the value arrays is set, matching {@link #type}; {@code nulls} is null when no value is null.
 */
final class Vec {
  final Type type;
  final int n;
  final long[] longs;
  final double[] doubles;
  final String[] strings;
  final boolean[] bools;
  final boolean[] nulls;

  private Vec(Type type, int n, long[] longs, double[] doubles, String[] strings, boolean[] bools,
      boolean[] nulls) {
    this.type = type;
    this.n = n;
    this.longs = longs;
    this.doubles = doubles;
    this.strings = strings;
    this.bools = bools;
    this.nulls = nulls;
  }

  static Vec ofLongs(Type type, long[] v, boolean[] nulls) {
    return new Vec(type, v.length, v, null, null, null, nulls);
  }

  static Vec ofDoubles(double[] v, boolean[] nulls) {
    return new Vec(Type.FLOAT, v.length, null, v, null, null, nulls);
  }

  static Vec ofStrings(String[] v, boolean[] nulls) {
    return new Vec(Type.STRING, v.length, null, null, v, null, nulls);
  }

  static Vec ofBools(boolean[] v, boolean[] nulls) {
    return new Vec(Type.BOOL, v.length, null, null, null, v, nulls);
  }

  /** All null, of the given type (OTHER / NULL carry no values). */
  static Vec allNull(Type type, int n) {
    boolean[] nulls = new boolean[n];
    Arrays.fill(nulls, true);
    switch (type) {
      case BOOL: return ofBools(new boolean[n], nulls);
      case FLOAT: return ofDoubles(new double[n], nulls);
      case STRING: return ofStrings(new String[n], nulls);
      case INT: case DATE: case TIMESTAMP: return ofLongs(type, new long[n], nulls);
      default: return new Vec(type, n, null, null, null, null, nulls);
    }
  }

  /** A column for OTHER types: only nullness is known. */
  static Vec nullnessOnly(boolean[] nulls, int n) {
    return new Vec(Type.OTHER, n, null, null, null, null, nulls);
  }

  boolean isNull(int i) {
    return nulls != null && nulls[i];
  }

  /** Values as doubles (INT or FLOAT). */
  double[] asDoubles() {
    if (doubles != null) {
      return doubles;
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = longs[i];
    }
    return d;
  }

  /** Null flags of the result of combining two columns, or null when neither has nulls. */
  static boolean[] orNulls(boolean[] a, boolean[] b) {
    if (a == null) {
      return b == null ? null : b.clone();
    }
    boolean[] out = a.clone();
    if (b != null) {
      for (int i = 0; i < out.length; i++) {
        out[i] |= b[i];
      }
    }
    return out;
  }
}
