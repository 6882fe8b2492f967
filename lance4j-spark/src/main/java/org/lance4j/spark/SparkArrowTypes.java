package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
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
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.lance4j.InvalidInputException;
import org.lance4j.UnsupportedFormatException;

/**
 * The type mapping between Spark SQL and Arrow/Lance.
 *
 * <p>Spark to Arrow (writes): boolean, byte/short/int/long (signed ints), float, double, string
 * (utf8), binary, date (date32), timestamp (microseconds, "UTC"), timestamp_ntz (microseconds, no
 * zone), decimal(p,s) (decimal128), array (list; fixed_size_list when a vector dimension is given),
 * struct. Arrow to Spark (reads) also accepts unsigned ints (widened; uint64 as long), float16,
 * large strings/binaries/lists, fixed-size binaries, date64 and timestamps of any unit.
 */
public final class SparkArrowTypes {
  /** Spark column metadata key giving a float array column's vector dimension. */
  public static final String VECTOR_DIM_METADATA = "lance.vector.dim";

  private SparkArrowTypes() {}

  /**
   * The Arrow schema for writing Spark rows. {@code vectorDims} maps lower-cased column names
   * (top-level or dotted paths) to the fixed dimension of array columns stored as vectors.
   */
  public static Schema toArrow(StructType spark, Map<String, Integer> vectorDims) {
    List<Field> fields = new ArrayList<>();
    for (StructField f : spark.fields()) {
      fields.add(toArrowField(f.name(), f.name(), f.dataType(), f.nullable(), f.metadata(),
          vectorDims));
    }
    return new Schema(fields);
  }

  private static Field toArrowField(String name, String path, DataType type, boolean nullable,
      Metadata meta, Map<String, Integer> vectorDims) {
    FieldType ft;
    List<Field> children = List.of();
    if (type instanceof ArrayType a) {
      Integer dim = vectorDims.get(path.toLowerCase(java.util.Locale.ROOT));
      if (dim == null && meta != null && meta.contains(VECTOR_DIM_METADATA)) {
        dim = (int) meta.getLong(VECTOR_DIM_METADATA);
      }
      Field item = toArrowField("item", path + ".item", a.elementType(), a.containsNull(),
          Metadata.empty(), vectorDims);
      children = List.of(item);
      if (dim != null) {
        if (dim <= 0) {
          throw new InvalidInputException("vector dimension of column " + path
              + " must be > 0, got " + dim);
        }
        ft = new FieldType(nullable, new ArrowType.FixedSizeList(dim), null);
      } else {
        ft = new FieldType(nullable, ArrowType.List.INSTANCE, null);
      }
      return new Field(name, ft, children);
    }
    if (type instanceof StructType s) {
      List<Field> kids = new ArrayList<>();
      for (StructField c : s.fields()) {
        kids.add(toArrowField(c.name(), path + "." + c.name(), c.dataType(), c.nullable(),
            c.metadata(), vectorDims));
      }
      return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), kids);
    }
    return new Field(name, new FieldType(nullable, primitive(path, type), null), children);
  }

  private static ArrowType primitive(String path, DataType type) {
    if (type instanceof BooleanType) {
      return ArrowType.Bool.INSTANCE;
    } else if (type instanceof ByteType) {
      return new ArrowType.Int(8, true);
    } else if (type instanceof ShortType) {
      return new ArrowType.Int(16, true);
    } else if (type instanceof IntegerType) {
      return new ArrowType.Int(32, true);
    } else if (type instanceof LongType) {
      return new ArrowType.Int(64, true);
    } else if (type instanceof FloatType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    } else if (type instanceof DoubleType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    } else if (type instanceof StringType) {
      return ArrowType.Utf8.INSTANCE;
    } else if (type instanceof BinaryType) {
      return ArrowType.Binary.INSTANCE;
    } else if (type instanceof DateType) {
      return new ArrowType.Date(DateUnit.DAY);
    } else if (type instanceof TimestampType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    } else if (type instanceof TimestampNTZType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
    } else if (type instanceof DecimalType d) {
      return new ArrowType.Decimal(d.precision(), d.scale(), 128);
    }
    throw new UnsupportedFormatException("column " + path + ": Spark type " + type.simpleString()
        + " cannot be stored in a Lance dataset by lance4j");
  }

  /** The Spark schema of an Arrow (dataset) schema. */
  public static StructType toSpark(Schema arrow) {
    List<StructField> out = new ArrayList<>();
    for (Field f : arrow.getFields()) {
      out.add(toSparkField(f, f.getName()));
    }
    return new StructType(out.toArray(new StructField[0]));
  }

  private static StructField toSparkField(Field f, String path) {
    Metadata meta = Metadata.empty();
    if (f.getType() instanceof ArrowType.FixedSizeList fsl) {
      meta = new org.apache.spark.sql.types.MetadataBuilder()
          .putLong(VECTOR_DIM_METADATA, fsl.getListSize()).build();
    }
    return new StructField(f.getName(), toSpark(f, path), f.isNullable(), meta);
  }

  /** The Spark type of one Arrow field; {@code path} names it in error messages. */
  public static DataType toSpark(Field f, String path) {
    ArrowType t = f.getType();
    switch (t.getTypeID()) {
      case Bool:
        return DataTypes.BooleanType;
      case Int: {
        ArrowType.Int i = (ArrowType.Int) t;
        int bits = i.getBitWidth();
        if (!i.getIsSigned() && bits < 64) {
          bits *= 2;
        }
        return switch (bits) {
          case 8 -> DataTypes.ByteType;
          case 16 -> DataTypes.ShortType;
          case 32 -> DataTypes.IntegerType;
          default -> DataTypes.LongType;
        };
      }
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.DOUBLE
            ? DataTypes.DoubleType : DataTypes.FloatType;
      case Utf8:
      case LargeUtf8:
        return DataTypes.StringType;
      case Binary:
      case LargeBinary:
      case FixedSizeBinary:
        return DataTypes.BinaryType;
      case Date:
        return DataTypes.DateType;
      case Timestamp:
        return ((ArrowType.Timestamp) t).getTimezone() == null ? DataTypes.TimestampNTZType
            : DataTypes.TimestampType;
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) t;
        if (d.getBitWidth() != 128 || d.getPrecision() > 38) {
          break;
        }
        return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
      }
      case List:
      case LargeList:
      case FixedSizeList: {
        Field item = f.getChildren().get(0);
        return DataTypes.createArrayType(toSpark(item, path + "." + item.getName()),
            item.isNullable());
      }
      case Struct: {
        List<StructField> kids = new ArrayList<>();
        for (Field c : f.getChildren()) {
          // Lance 2.0 files keep no struct-level nulls: a null struct comes back as a struct of
          // null fields, so every field of a struct may be null whatever the schema says
          StructField k = toSparkField(c, path + "." + c.getName());
          kids.add(new StructField(k.name(), k.dataType(), true, k.metadata()));
        }
        return new StructType(kids.toArray(new StructField[0]));
      }
      default:
        break;
    }
    throw new UnsupportedFormatException("column " + path + ": Arrow type " + t
        + " has no Spark mapping in lance4j-spark yet");
  }
}
