package org.lance4j;

import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/** Maps Arrow types to Lance's logical type strings and back. */
final class LogicalTypes {
  private LogicalTypes() {}

  /** Logical type of an Arrow field (for FixedSizeList the child type is folded in). */
  static String of(Field field) {
    DictionaryEncoding dict = field.getDictionary();
    if (dict != null) {
      // Arrow Java keeps the value type on the field, the index type in the encoding.
      return "dict:" + ofType(field.getType(), field) + ":" + ofType(dict.getIndexType(), field)
          + ":false";
    }
    return ofType(field.getType(), field);
  }

  private static String ofType(ArrowType type, Field field) {
    switch (type.getTypeID()) {
      case Null:
        return "null";
      case Bool:
        return "bool";
      case Int: {
        ArrowType.Int i = (ArrowType.Int) type;
        return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
      }
      case FloatingPoint: {
        FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
        return p == FloatingPointPrecision.HALF ? "halffloat"
            : p == FloatingPointPrecision.SINGLE ? "float" : "double";
      }
      case Utf8:
        return "string";
      case LargeUtf8:
        return "large_string";
      case Binary:
        return "binary";
      case LargeBinary:
        return "large_binary";
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        return "decimal:" + d.getBitWidth() + ":" + d.getPrecision() + ":" + d.getScale();
      }
      case Date:
        return ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? "date32:day" : "date64:ms";
      case Time: {
        ArrowType.Time t = (ArrowType.Time) type;
        return "time" + t.getBitWidth() + ":" + unit(t.getUnit());
      }
      case Timestamp: {
        ArrowType.Timestamp t = (ArrowType.Timestamp) type;
        String tz = t.getTimezone() == null ? "-" : t.getTimezone();
        return "timestamp:" + unit(t.getUnit()) + ":" + tz;
      }
      case Duration:
        return "duration:" + unit(((ArrowType.Duration) type).getUnit());
      case Struct:
        return "struct";
      case List:
      case LargeList: {
        String base = type.getTypeID() == ArrowType.ArrowTypeID.List ? "list" : "large_list";
        Field child = field.getChildren().get(0);
        return child.getType().getTypeID() == ArrowType.ArrowTypeID.Struct ? base + ".struct" : base;
      }
      case FixedSizeList: {
        int n = ((ArrowType.FixedSizeList) type).getListSize();
        Field child = field.getChildren().get(0);
        return "fixed_size_list:" + of(child) + ":" + n;
      }
      case FixedSizeBinary:
        return "fixed_size_binary:" + ((ArrowType.FixedSizeBinary) type).getByteWidth();
      case Map:
        // file format 2.2: a list of entries structs {key, value}
        return "map";
      default:
        throw new UnsupportedFormatException(
            "field '" + field.getName() + "': Arrow type " + type + " cannot be stored in Lance");
    }
  }

  private static String unit(TimeUnit u) {
    switch (u) {
      case SECOND:
        return "s";
      case MILLISECOND:
        return "ms";
      case MICROSECOND:
        return "us";
      default:
        return "ns";
    }
  }

  private static TimeUnit parseUnit(String s, String logical) {
    switch (s) {
      case "s":
        return TimeUnit.SECOND;
      case "ms":
        return TimeUnit.MILLISECOND;
      case "us":
        return TimeUnit.MICROSECOND;
      case "ns":
        return TimeUnit.NANOSECOND;
      default:
        throw new UnsupportedFormatException("unknown time unit in logical type '" + logical + "'");
    }
  }

  /**
   * Arrow type of a non-nested logical type. Nested ones (struct, list, fixed_size_list) are built
   * by {@link LanceField#toArrow()}. Dictionary types map to their value type: lance4j decodes
   * dictionaries on read.
   */
  static ArrowType toArrow(String logical) {
    switch (logical) {
      case "null":
        return ArrowType.Null.INSTANCE;
      case "bool":
        return ArrowType.Bool.INSTANCE;
      case "int8":
        return new ArrowType.Int(8, true);
      case "uint8":
        return new ArrowType.Int(8, false);
      case "int16":
        return new ArrowType.Int(16, true);
      case "uint16":
        return new ArrowType.Int(16, false);
      case "int32":
        return new ArrowType.Int(32, true);
      case "uint32":
        return new ArrowType.Int(32, false);
      case "int64":
        return new ArrowType.Int(64, true);
      case "uint64":
        return new ArrowType.Int(64, false);
      case "halffloat":
        return new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
      case "float":
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case "double":
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case "string":
        return ArrowType.Utf8.INSTANCE;
      case "large_string":
        return ArrowType.LargeUtf8.INSTANCE;
      case "binary":
        return ArrowType.Binary.INSTANCE;
      case "large_binary":
        return ArrowType.LargeBinary.INSTANCE;
      case "date32:day":
        return new ArrowType.Date(DateUnit.DAY);
      case "date64:ms":
        return new ArrowType.Date(DateUnit.MILLISECOND);
      case "struct":
        return ArrowType.Struct.INSTANCE;
      case "list":
      case "list.struct":
        return ArrowType.List.INSTANCE;
      case "large_list":
      case "large_list.struct":
        return ArrowType.LargeList.INSTANCE;
      case "map":
        // file format 2.2: map<key, value> is a list of entries structs
        return new ArrowType.Map(false);
      default:
        break;
    }
    List<String> parts = List.of(logical.split(":", -1));
    String head = parts.get(0);
    try {
      switch (head) {
        case "decimal":
          return new ArrowType.Decimal(Integer.parseInt(parts.get(2)),
              Integer.parseInt(parts.get(3)), Integer.parseInt(parts.get(1)));
        case "time32":
        case "time64": {
          TimeUnit u = parseUnit(parts.get(1), logical);
          return new ArrowType.Time(u, head.equals("time32") ? 32 : 64);
        }
        case "timestamp": {
          TimeUnit u = parseUnit(parts.get(1), logical);
          String tz = logical.substring(("timestamp:" + parts.get(1) + ":").length());
          return new ArrowType.Timestamp(u, tz.equals("-") ? null : tz);
        }
        case "duration":
          return new ArrowType.Duration(parseUnit(parts.get(1), logical));
        case "fixed_size_binary":
          return new ArrowType.FixedSizeBinary(Integer.parseInt(parts.get(1)));
        case "fixed_size_list":
          return new ArrowType.FixedSizeList(Integer.parseInt(parts.get(parts.size() - 1)));
        case "dict":
          return toArrow(dictValueType(logical));
        default:
          break;
      }
    } catch (RuntimeException e) {
      if (e instanceof UnsupportedFormatException) {
        throw e;
      }
      throw new UnsupportedFormatException("malformed logical type '" + logical + "': " + e);
    }
    throw new UnsupportedFormatException("unsupported logical type '" + logical + "'");
  }

  /** For {@code fixed_size_list:<inner>:<n>}, the inner logical type (may itself contain ':'). */
  static String fixedSizeListInner(String logical) {
    int last = logical.lastIndexOf(':');
    return logical.substring("fixed_size_list:".length(), last);
  }

  /** For {@code dict:<value>:<key>:<ordered>}, the value logical type. */
  static String dictValueType(String logical) {
    String rest = logical.substring("dict:".length());
    int lastColon = rest.lastIndexOf(':');
    int keyColon = rest.lastIndexOf(':', lastColon - 1);
    return rest.substring(0, keyColon);
  }

  /** For {@code dict:<value>:<key>:<ordered>}, the key (index) logical type. */
  static String dictKeyType(String logical) {
    String rest = logical.substring("dict:".length());
    int lastColon = rest.lastIndexOf(':');
    int keyColon = rest.lastIndexOf(':', lastColon - 1);
    return rest.substring(keyColon + 1, lastColon);
  }
}
