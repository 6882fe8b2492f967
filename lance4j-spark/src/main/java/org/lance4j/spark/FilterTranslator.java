package org.lance4j.spark;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;

/**
 * Translates Spark data source filters into lance4j's SQL-like filter language
 * ({@link org.lance4j.ScanOptions#filter()}). Filters that have no faithful translation give
 * null and stay with Spark. String literals are single-quoted with quotes doubled; identifiers
 * that are not plain words are back-quoted with back quotes doubled.
 */
public final class FilterTranslator {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FilterTranslator() {}

  /** The conjunction of the filters that translate, or null when none does. */
  public static String translateAll(Filter[] filters, List<Filter> translated) {
    List<String> parts = new ArrayList<>();
    for (Filter f : filters) {
      String s = translate(f);
      if (s != null) {
        parts.add(s);
        translated.add(f);
      }
    }
    return parts.isEmpty() ? null : String.join(" AND ", parts);
  }

  /** One filter, or null when it cannot be expressed. */
  public static String translate(Filter f) {
    if (f instanceof EqualTo e) {
      return binary(e.attribute(), "=", e.value());
    } else if (f instanceof GreaterThan e) {
      return binary(e.attribute(), ">", e.value());
    } else if (f instanceof GreaterThanOrEqual e) {
      return binary(e.attribute(), ">=", e.value());
    } else if (f instanceof LessThan e) {
      return binary(e.attribute(), "<", e.value());
    } else if (f instanceof LessThanOrEqual e) {
      return binary(e.attribute(), "<=", e.value());
    } else if (f instanceof IsNull e) {
      return column(e.attribute()) + " IS NULL";
    } else if (f instanceof IsNotNull e) {
      return column(e.attribute()) + " IS NOT NULL";
    } else if (f instanceof In e) {
      if (e.values().length == 0) {
        return null;
      }
      List<String> lits = new ArrayList<>();
      for (Object v : e.values()) {
        String l = literal(v);
        if (l == null || "NULL".equals(l)) {
          return null;
        }
        lits.add(l);
      }
      return column(e.attribute()) + " IN (" + String.join(", ", lits) + ")";
    } else if (f instanceof And a) {
      String l = translate(a.left());
      String r = translate(a.right());
      return l == null || r == null ? null : "(" + l + " AND " + r + ")";
    } else if (f instanceof Or o) {
      String l = translate(o.left());
      String r = translate(o.right());
      return l == null || r == null ? null : "(" + l + " OR " + r + ")";
    } else if (f instanceof Not n) {
      String c = translate(n.child());
      return c == null ? null : "NOT (" + c + ")";
    } else if (f instanceof StringStartsWith s) {
      return like(s.attribute(), "", s.value(), "%");
    } else if (f instanceof StringEndsWith s) {
      return like(s.attribute(), "%", s.value(), "");
    } else if (f instanceof StringContains s) {
      return like(s.attribute(), "%", s.value(), "%");
    }
    return null;
  }

  private static String like(String attr, String pre, String value, String post) {
    if (value.indexOf('%') >= 0 || value.indexOf('_') >= 0 || value.indexOf('\\') >= 0) {
      return null; // no portable escape for LIKE wildcards: leave it to Spark
    }
    return column(attr) + " LIKE " + quote(pre + value + post);
  }

  private static String binary(String attr, String op, Object value) {
    String lit = literal(value);
    if (lit == null || "NULL".equals(lit)) {
      return null; // comparisons with NULL are never true; Spark handles them
    }
    return column(attr) + " " + op + " " + lit;
  }

  /** A column reference; Spark gives nested fields as dotted paths (quoted parts in backticks). */
  static String column(String attr) {
    List<String> parts = splitAttribute(attr);
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      out.add(PLAIN.matcher(p).matches() ? p : "`" + p.replace("`", "``") + "`");
    }
    return String.join(".", out);
  }

  private static List<String> splitAttribute(String attr) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < attr.length(); i++) {
      char c = attr.charAt(i);
      if (c == '`') {
        if (quoted && i + 1 < attr.length() && attr.charAt(i + 1) == '`') {
          cur.append('`');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  /** A literal, or null when the value has no faithful literal form. */
  static String literal(Object v) {
    if (v == null) {
      return "NULL";
    } else if (v instanceof String s) {
      return quote(s);
    } else if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    } else if (v instanceof Byte || v instanceof Short || v instanceof Integer
        || v instanceof Long) {
      return v.toString();
    } else if (v instanceof Float f) {
      return Float.isFinite(f) ? new BigDecimal(Float.toString(f)).toPlainString() : null;
    } else if (v instanceof Double d) {
      return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : null;
    } else if (v instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (v instanceof LocalDate d) {
      return "date " + quote(d.toString());
    } else if (v instanceof java.sql.Date d) {
      return "date " + quote(d.toLocalDate().toString());
    }
    return null;
  }

  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
