package org.lance4j.spark;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
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
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Translates Spark data source filters into lance4j's SQL-like filter language
 * ({@link org.lance4j.ScanOptions#filter()}).
 *
 * <p>With the table schema ({@link #translate(Filter, StructType)}) a filter is translated only
 * when lance4j selects exactly the rows Spark would: comparisons, IN, IS [NOT] NULL on boolean,
 * integer, string (binary collation), date, timestamp and timestamp_ntz columns; float/double
 * columns unless the literal is zero (lance4j orders -0.0 before 0.0, Spark treats them as
 * equal); decimals of at most 15 digits (lance4j compares decimals as doubles, which is exact
 * only up to 15 digits); prefix/suffix/contains LIKE without wildcard characters in the text;
 * and AND/OR/NOT of those. Everything else gives null and stays with Spark. String literals are
 * single-quoted with quotes doubled; identifiers that are not plain words are back-quoted with
 * back quotes doubled.
 */
public final class FilterTranslator {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private FilterTranslator() {}

  /** The conjunction of the filters that translate, or null when none does (schema unknown). */
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

  /**
   * One filter without knowing column types, or null when it cannot be expressed. Literals are
   * written in the form their Java type suggests; use {@link #translate(Filter, StructType)} for
   * translations that are guaranteed exact.
   */
  public static String translate(Filter f) {
    return new Translator(null).filter(f);
  }

  /**
   * One filter over a table of schema {@code schema}, or null unless lance4j's result is exactly
   * Spark's (see the class documentation). Metadata columns are never translated.
   */
  public static String translate(Filter f, StructType schema) {
    return new Translator(schema).filter(f);
  }

  /** Translation against an optional schema. */
  private static final class Translator {
    private final StructType schema;

    Translator(StructType schema) {
      this.schema = schema;
    }

    String filter(Filter f) {
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
        return known(e.attribute()) ? column(e.attribute()) + " IS NULL" : null;
      } else if (f instanceof IsNotNull e) {
        return known(e.attribute()) ? column(e.attribute()) + " IS NOT NULL" : null;
      } else if (f instanceof In e) {
        if (e.values().length == 0 || !known(e.attribute())) {
          return null;
        }
        List<String> lits = new ArrayList<>();
        for (Object v : e.values()) {
          String l = literal(e.attribute(), v);
          if (l == null) {
            return null;
          }
          lits.add(l);
        }
        return column(e.attribute()) + " IN (" + String.join(", ", lits) + ")";
      } else if (f instanceof And a) {
        String l = filter(a.left());
        String r = filter(a.right());
        return l == null || r == null ? null : "(" + l + " AND " + r + ")";
      } else if (f instanceof Or o) {
        String l = filter(o.left());
        String r = filter(o.right());
        return l == null || r == null ? null : "(" + l + " OR " + r + ")";
      } else if (f instanceof Not n) {
        String c = filter(n.child());
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

    /** Whether the column may be referenced: not a metadata column, present in the schema. */
    private boolean known(String attr) {
      if (LanceTable.isMetadataColumn(attr)) {
        return false;
      }
      return schema == null || typeOf(attr) != null;
    }

    private DataType typeOf(String attr) {
      DataType t = schema;
      for (String part : splitAttribute(attr)) {
        if (!(t instanceof StructType s)) {
          return null;
        }
        StructField found = null;
        for (StructField f : s.fields()) {
          if (f.name().equals(part)) {
            found = f;
          }
        }
        if (found == null) {
          return null;
        }
        t = found.dataType();
      }
      return t;
    }

    private String like(String attr, String pre, String value, String post) {
      if (!known(attr) || schema != null && !isBinaryString(typeOf(attr))) {
        return null;
      }
      if (value.indexOf('%') >= 0 || value.indexOf('_') >= 0 || value.indexOf('\\') >= 0) {
        return null; // no portable escape for LIKE wildcards: leave it to Spark
      }
      return column(attr) + " LIKE " + quote(pre + value + post);
    }

    private String binary(String attr, String op, Object value) {
      if (!known(attr)) {
        return null;
      }
      String lit = literal(attr, value);
      return lit == null ? null : column(attr) + " " + op + " " + lit;
    }

    /** The literal for a value compared with {@code attr}, or null (then nothing is pushed). */
    private String literal(String attr, Object v) {
      if (v == null) {
        return null; // comparisons with NULL are never true; Spark handles them
      }
      if (schema == null) {
        return untypedLiteral(v);
      }
      DataType t = typeOf(attr);
      if (isBinaryString(t)) {
        return v instanceof String s ? quote(s) : null;
      } else if (t instanceof BooleanType) {
        return v instanceof Boolean b ? (b ? "TRUE" : "FALSE") : null;
      } else if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
          || t instanceof LongType) {
        boolean integral = v instanceof Byte || v instanceof Short || v instanceof Integer
            || v instanceof Long;
        // -2^63 has no literal form (it would be the negation of an out-of-range number)
        return integral && ((Number) v).longValue() != Long.MIN_VALUE ? v.toString() : null;
      } else if (t instanceof FloatType || t instanceof DoubleType) {
        if (!(v instanceof Float || v instanceof Double)) {
          return null;
        }
        double d = ((Number) v).doubleValue();
        // zero: lance4j orders -0.0 below 0.0 while Spark treats them as equal
        return Double.isFinite(d) && d != 0 ? exactDecimal(d) : null;
      } else if (t instanceof DecimalType dt) {
        return v instanceof BigDecimal d && dt.precision() <= 15 && d.precision() <= 15
            ? d.toPlainString() : null;
      } else if (t instanceof DateType) {
        Integer days = v instanceof LocalDate d ? (Integer) DateTimeUtils.localDateToDays(d)
            : v instanceof java.sql.Date d ? (Integer) DateTimeUtils.fromJavaDate(d) : null;
        return days == null ? null : dateLiteral(days);
      } else if (t instanceof TimestampType) {
        Long micros = v instanceof Timestamp ts ? (Long) DateTimeUtils.fromJavaTimestamp(ts)
            : v instanceof Instant i ? (Long) DateTimeUtils.instantToMicros(i) : null;
        return micros == null ? null : timestampLiteral(micros);
      } else if (t instanceof TimestampNTZType) {
        return v instanceof LocalDateTime l
            ? timestampLiteral(DateTimeUtils.localDateTimeToMicros(l)) : null;
      }
      return null;
    }
  }

  private static boolean isBinaryString(DataType t) {
    return t != null && t.equals(DataTypes.StringType);
  }

  /** The decimal expansion of a double, exact, so lance4j parses back the very same double. */
  private static String exactDecimal(double d) {
    return new BigDecimal(d).toPlainString();
  }

  private static String dateLiteral(int days) {
    LocalDate d = LocalDate.ofEpochDay(days);
    return d.getYear() < 1 || d.getYear() > 9999 ? null : "date " + quote(d.toString());
  }

  private static String timestampLiteral(long micros) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    return t.getYear() < 1 || t.getYear() > 9999 ? null
        : "timestamp " + quote(TS.format(t));
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

  static List<String> splitAttribute(String attr) {
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

  /** A literal from the value's Java type alone, or null when it has no faithful form. */
  static String untypedLiteral(Object v) {
    if (v instanceof String s) {
      return quote(s);
    } else if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    } else if (v instanceof Byte || v instanceof Short || v instanceof Integer
        || v instanceof Long) {
      return ((Number) v).longValue() == Long.MIN_VALUE ? null : v.toString();
    } else if (v instanceof Float f) {
      return Float.isFinite(f) ? exactDecimal(f) : null;
    } else if (v instanceof Double d) {
      return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : null;
    } else if (v instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (v instanceof LocalDate d) {
      return dateLiteral((int) d.toEpochDay());
    } else if (v instanceof java.sql.Date d) {
      return dateLiteral(DateTimeUtils.fromJavaDate(d));
    }
    return null;
  }

  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
