package org.lance4j.internal.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.lance4j.InvalidInputException;

/** Scalar functions and CAST. */
final class Functions {
  private Functions() {}

  static Op call(Compiler c, Node.Call call) {
    List<Op> args = new ArrayList<>();
    for (Node a : call.args()) {
      args.add(c.compile(a));
    }
    String name = call.name();
    switch (name) {
      case "length": case "char_length": case "character_length": {
        Op s = c.expect(one(c, call, args), Type.STRING, call.pos(), name);
        return new Op(Type.INT, new ArrowType.Int(32, true), b -> {
          Vec v = s.eval(b);
          long[] out = new long[v.n];
          for (int i = 0; i < v.n; i++) {
            if (!v.isNull(i)) {
              out[i] = v.strings[i].codePointCount(0, v.strings[i].length());
            }
          }
          return Vec.ofLongs(Type.INT, out, v.nulls);
        });
      }
      case "lower": case "upper": {
        Op s = c.expect(one(c, call, args), Type.STRING, call.pos(), name);
        boolean lower = name.equals("lower");
        return new Op(Type.STRING, b -> {
          Vec v = s.eval(b);
          String[] out = new String[v.n];
          for (int i = 0; i < v.n; i++) {
            if (!v.isNull(i)) {
              out[i] = lower ? v.strings[i].toLowerCase(Locale.ROOT)
                  : v.strings[i].toUpperCase(Locale.ROOT);
            }
          }
          return Vec.ofStrings(out, v.nulls);
        });
      }
      case "abs": {
        Op x = one(c, call, args);
        if (x.type == Type.NULL) {
          return x;
        }
        if (!x.type.numeric()) {
          throw c.error(call.pos(), "abs needs a number, got " + x.type.sqlName());
        }
        return new Op(x.type, b -> {
          Vec v = x.eval(b);
          if (v.longs != null) {
            long[] out = new long[v.n];
            for (int i = 0; i < v.n; i++) {
              out[i] = Math.abs(v.longs[i]);
            }
            return Vec.ofLongs(Type.INT, out, v.nulls);
          }
          double[] out = new double[v.n];
          for (int i = 0; i < v.n; i++) {
            out[i] = Math.abs(v.doubles[i]);
          }
          return Vec.ofDoubles(out, v.nulls);
        });
      }
      case "coalesce": {
        if (args.isEmpty()) {
          throw c.error(call.pos(), "coalesce needs at least one argument");
        }
        Type t = Type.NULL;
        for (int i = 0; i < args.size(); i++) {
          Type a = args.get(i).type;
          if (a == Type.NULL || a == t) {
            continue;
          }
          if (t == Type.NULL) {
            t = a;
          } else if (t.numeric() && a.numeric()) {
            t = Type.FLOAT;
          } else {
            throw c.error(call.args().get(i).pos(), "coalesce arguments mix " + t.sqlName()
                + " and " + a.sqlName());
          }
        }
        if (t == Type.OTHER) {
          throw c.error(call.pos(), "coalesce needs scalar arguments");
        }
        Type type = t;
        List<Op> typed = new ArrayList<>();
        for (Op a : args) {
          typed.add(a.type == type ? a : cast(c, a, castName(type), call.pos()));
        }
        return new Op(type, b -> coalesce(typed, b));
      }
      case "concat": {
        List<Op> strings = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          strings.add(cast(c, args.get(i), "STRING", call.args().get(i).pos()));
        }
        return new Op(Type.STRING, b -> {
          Vec acc = Ops.constant(Type.STRING, "", b.getRowCount());
          for (Op s : strings) {
            acc = concat(acc, s.eval(b), false);
          }
          return acc;
        });
      }
      default:
        throw c.error(call.pos(), "unknown function '" + name + "'");
    }
  }

  private static Op one(Compiler c, Node.Call call, List<Op> args) {
    if (args.size() != 1) {
      throw c.error(call.pos(), call.name() + " takes 1 argument, got " + args.size());
    }
    return args.get(0);
  }

  private static String castName(Type t) {
    switch (t) {
      case INT: return "BIGINT";
      case FLOAT: return "DOUBLE";
      default: return t.sqlName();
    }
  }

  private static Vec coalesce(List<Op> args, VectorSchemaRoot batch) {
    Vec first = args.get(0).eval(batch);
    int n = first.n;
    long[] longs = first.longs == null ? null : first.longs.clone();
    double[] doubles = first.doubles == null ? null : first.doubles.clone();
    String[] strings = first.strings == null ? null : first.strings.clone();
    boolean[] bools = first.bools == null ? null : first.bools.clone();
    boolean[] nulls = first.nulls == null ? null : first.nulls.clone();
    for (int k = 1; k < args.size() && nulls != null; k++) {
      Vec v = args.get(k).eval(batch);
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (nulls[i] && !v.isNull(i)) {
          nulls[i] = false;
          if (longs != null) {
            longs[i] = v.longs[i];
          } else if (doubles != null) {
            doubles[i] = v.doubles[i];
          } else if (strings != null) {
            strings[i] = v.strings[i];
          } else {
            bools[i] = v.bools[i];
          }
        }
        any |= nulls[i];
      }
      if (!any) {
        nulls = null;
      }
    }
    if (longs != null) {
      return Vec.ofLongs(first.type, longs, nulls);
    }
    if (doubles != null) {
      return Vec.ofDoubles(doubles, nulls);
    }
    if (strings != null) {
      return Vec.ofStrings(strings, nulls);
    }
    return Vec.ofBools(bools, nulls);
  }

  /** Concatenation; with {@code nullPropagates} a NULL side makes the result NULL, else it is skipped. */
  static Vec concat(Vec a, Vec b, boolean nullPropagates) {
    int n = a.n;
    String[] out = new String[n];
    boolean[] nulls = nullPropagates ? Vec.orNulls(a.nulls, b.nulls) : a.nulls;
    for (int i = 0; i < n; i++) {
      if (nulls != null && nulls[i]) {
        continue;
      }
      out[i] = b.isNull(i) ? a.strings[i] : a.strings[i] + b.strings[i];
    }
    return Vec.ofStrings(out, nulls);
  }

  /** CAST(x AS typeName). */
  static Op cast(Compiler c, Op x, String typeName, int pos) {
    ArrowType target;
    switch (typeName) {
      case "BIGINT": case "INT8": case "LONG": target = new ArrowType.Int(64, true); break;
      case "INT": case "INTEGER": case "INT4": target = new ArrowType.Int(32, true); break;
      case "SMALLINT": case "INT2": target = new ArrowType.Int(16, true); break;
      case "TINYINT": target = new ArrowType.Int(8, true); break;
      case "DOUBLE": case "DOUBLE PRECISION": case "FLOAT8":
        target = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE); break;
      case "FLOAT": case "REAL": case "FLOAT4":
        target = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE); break;
      case "STRING": case "VARCHAR": case "TEXT": case "CHAR":
        target = ArrowType.Utf8.INSTANCE; break;
      case "BOOLEAN": case "BOOL": target = ArrowType.Bool.INSTANCE; break;
      case "DATE": target = Vectors.arrowTypeOf(Type.DATE); break;
      case "TIMESTAMP": target = Vectors.arrowTypeOf(Type.TIMESTAMP); break;
      default: throw c.error(pos, "unknown type '" + typeName + "' in CAST");
    }
    Type to = Vectors.typeOf(target);
    Type from = x.type;
    if (from == Type.NULL) {
      return new Op(to, target, b -> Vec.allNull(to, b.getRowCount()));
    }
    if (from == Type.OTHER || (from == Type.BOOL && (to == Type.DATE || to == Type.TIMESTAMP))
        || ((from == Type.DATE || from == Type.TIMESTAMP) && (to.numeric() || to == Type.BOOL))) {
      throw c.error(pos, "cannot cast " + from.sqlName() + " to " + typeName);
    }
    int bits = target instanceof ArrowType.Int i ? i.getBitWidth() : 64;
    return new Op(to, target, b -> convert(x.eval(b), to, bits, typeName));
  }

  private static Vec convert(Vec v, Type to, int bits, String typeName) {
    if (v.type == to && (to != Type.INT || bits == 64)) {
      return v;
    }
    int n = v.n;
    long[] longs = new long[n];
    double[] doubles = new double[n];
    String[] strings = new String[n];
    boolean[] bools = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      try {
        switch (to) {
          case INT: {
            long x;
            if (v.type == Type.INT) {
              x = v.longs[i];
            } else if (v.type == Type.FLOAT) {
              double d = v.doubles[i];
              if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
                throw new InvalidInputException("value " + d + " out of range for " + typeName);
              }
              x = (long) d;
            } else if (v.type == Type.BOOL) {
              x = v.bools[i] ? 1 : 0;
            } else {
              x = Long.parseLong(v.strings[i].trim());
            }
            if (bits < 64 && (x < -(1L << (bits - 1)) || x >= (1L << (bits - 1)))) {
              throw new InvalidInputException("value " + x + " out of range for " + typeName);
            }
            longs[i] = x;
            break;
          }
          case FLOAT:
            doubles[i] = v.type == Type.INT ? v.longs[i] : v.type == Type.BOOL
                ? (v.bools[i] ? 1 : 0) : Double.parseDouble(v.strings[i].trim());
            break;
          case BOOL:
            if (v.type == Type.INT) {
              bools[i] = v.longs[i] != 0;
            } else if (v.type == Type.FLOAT) {
              bools[i] = v.doubles[i] != 0;
            } else {
              String s = v.strings[i].trim().toLowerCase(Locale.ROOT);
              if (!s.equals("true") && !s.equals("false")) {
                throw new NumberFormatException();
              }
              bools[i] = s.equals("true");
            }
            break;
          case STRING:
            strings[i] = toText(v, i);
            break;
          case DATE:
            if (v.type == Type.TIMESTAMP) {
              longs[i] = Math.floorDiv(v.longs[i], 86_400_000_000L);
            } else {
              longs[i] = parseTemporal(v, i, true, typeName);
            }
            break;
          default: // TIMESTAMP
            if (v.type == Type.DATE) {
              longs[i] = v.longs[i] * 86_400_000_000L;
            } else {
              longs[i] = parseTemporal(v, i, false, typeName);
            }
        }
      } catch (NumberFormatException e) {
        throw new InvalidInputException("cannot cast '" + toText(v, i) + "' to " + typeName);
      }
    }
    switch (to) {
      case INT: case DATE: case TIMESTAMP: return Vec.ofLongs(to, longs, v.nulls);
      case FLOAT: return Vec.ofDoubles(doubles, v.nulls);
      case BOOL: return Vec.ofBools(bools, v.nulls);
      default: return Vec.ofStrings(strings, v.nulls);
    }
  }

  private static long parseTemporal(Vec v, int i, boolean date, String typeName) {
    if (v.type != Type.STRING) {
      throw new InvalidInputException("cannot cast " + v.type.sqlName() + " to " + typeName);
    }
    Long x = Parser.parseTemporal(v.strings[i], date);
    if (x == null) {
      throw new NumberFormatException();
    }
    return x;
  }

  /** The text form of value {@code i}. */
  static String toText(Vec v, int i) {
    switch (v.type) {
      case INT: return Long.toString(v.longs[i]);
      case FLOAT: return Double.toString(v.doubles[i]);
      case BOOL: return Boolean.toString(v.bools[i]);
      case DATE: return LocalDate.ofEpochDay(v.longs[i]).toString();
      case TIMESTAMP:
        return LocalDateTime.of(1970, 1, 1, 0, 0).plusNanos(0)
            .plus(v.longs[i], ChronoUnit.MICROS)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      default: return v.strings[i];
    }
  }
}
