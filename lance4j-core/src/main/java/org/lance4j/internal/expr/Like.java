package org.lance4j.internal.expr;

import java.util.Arrays;
import java.util.Locale;

/**
 * A compiled LIKE pattern: {@code %} matches any run of characters, {@code _} exactly one
 * character (a Unicode code point); the escape character makes the next character literal.
 */
final class Like {
  private static final int ANY = -1;
  private static final int ONE = -2;
  private final int[] pattern;
  private final boolean caseInsensitive;
  /** For patterns without '_' and with '%' only at the ends: the literal text, else null. */
  private final String simple;
  private final boolean anyBefore;
  private final boolean anyAfter;

  Like(String pattern, char escape, boolean caseInsensitive) {
    this.caseInsensitive = caseInsensitive;
    String p = caseInsensitive ? pattern.toLowerCase(Locale.ROOT) : pattern;
    int[] cps = p.codePoints().toArray();
    int[] out = new int[cps.length];
    int k = 0;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == escape && i + 1 < cps.length) {
        out[k++] = cps[++i];
      } else if (c == '%') {
        if (k == 0 || out[k - 1] != ANY) {
          out[k++] = ANY;
        }
      } else if (c == '_') {
        out[k++] = ONE;
      } else {
        out[k++] = c;
      }
    }
    this.pattern = Arrays.copyOf(out, k);
    int lo = 0;
    int hi = this.pattern.length;
    boolean before = lo < hi && this.pattern[lo] == ANY;
    if (before) {
      lo++;
    }
    boolean after = lo < hi && this.pattern[hi - 1] == ANY;
    if (after) {
      hi--;
    }
    StringBuilder text = new StringBuilder();
    for (int i = lo; i < hi && text != null; i++) {
      if (this.pattern[i] < 0) {
        text = null;
      } else {
        text.appendCodePoint(this.pattern[i]);
      }
    }
    this.simple = text == null ? null : text.toString();
    this.anyBefore = before;
    this.anyAfter = after;
  }

  boolean matches(String value) {
    String v = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
    if (simple != null) {
      if (anyBefore && anyAfter) {
        return v.contains(simple);
      }
      return anyBefore ? v.endsWith(simple) : anyAfter ? v.startsWith(simple) : v.equals(simple);
    }
    int[] s = v.codePoints().toArray();
    // iterative wildcard matching with backtracking to the last '%'
    int si = 0;
    int pi = 0;
    int star = -1;
    int mark = 0;
    while (si < s.length) {
      if (pi < pattern.length && (pattern[pi] == ONE || pattern[pi] == s[si])) {
        si++;
        pi++;
      } else if (pi < pattern.length && pattern[pi] == ANY) {
        star = pi++;
        mark = si;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < pattern.length && pattern[pi] == ANY) {
      pi++;
    }
    return pi == pattern.length;
  }
}
