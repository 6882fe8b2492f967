package org.lance4j.cli.input;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.lance4j.InvalidInputException;
import org.lance4j.UnsupportedFormatException;

/**
 * Parquet input, read with Apache Parquet's own reader ({@code parquet-hadoop} through its
 * {@link LocalInputFile}, no Hadoop installation or cluster needed): one row group at a time,
 * converted to Arrow batches. Flat schemas of the common primitive and logical types are supported;
 * nested columns are rejected with a hint to convert the file to Arrow IPC.
 */
final class ParquetInput {
  private ParquetInput() {}

  /** Opens with a plain (non-Hadoop) configuration, so no Hadoop classes are needed. */
  private static ParquetFileReader openFile(Path file) throws IOException {
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(ParquetCodecs.INSTANCE)
        .build();
    try {
      return (ParquetFileReader) OPEN.invoke(new LocalInputFile(file), options);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * {@code ParquetFileReader.open(InputFile, ParquetReadOptions)}, looked up by exact signature:
   * javac cannot choose between its overloads without Hadoop's classes, which this tool does not
   * ship (they are not needed at run time with a plain configuration and a local file).
   */
  private static final MethodHandle OPEN;

  static {
    try {
      OPEN = MethodHandles.publicLookup().findStatic(ParquetFileReader.class, "open",
          MethodType.methodType(ParquetFileReader.class, InputFile.class,
              ParquetReadOptions.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static Schema schemaOf(Path file) throws IOException {
    try (ParquetFileReader r = openFile(file)) {
      return toArrow(file, r.getFooter().getFileMetaData().getSchema());
    }
  }

  static ArrowReader open(Path file, int batchSize, Part part, BufferAllocator allocator)
      throws IOException {
    ParquetFileReader r = openFile(file);
    MessageType type = r.getFooter().getFileMetaData().getSchema();
    Schema schema;
    try {
      schema = toArrow(file, type);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    MessageColumnIO io = new ColumnIOFactory().getColumnIO(type);
    long fileSize = java.nio.file.Files.size(file);
    long rows = 0;
    for (int g = 0; g < r.getRowGroups().size(); g++) {
      if (part == null || part.owns(g)) {
        rows += r.getRowGroups().get(g).getRowCount();
      }
    }
    long totalRows = Math.max(1, part == null ? rows : r.getRecordCount());
    return new RowBatchReader(allocator, schema, batchSize, null) {
      private RecordReader<Group> records;
      private long left;
      private long rowsRead;
      private int group;

      @Override
      protected boolean readRow(List<FieldVector> vectors, int row) throws IOException {
        try {
          return readRowOrFail(vectors, row);
        } catch (RuntimeException e) {
          // parquet-java wraps page errors (ParquetDecodingException): say which file, in words
          Throwable t = e;
          while (t.getCause() != null && !(t instanceof InvalidInputException
              || t instanceof UnsupportedFormatException)) {
            t = t.getCause();
          }
          String m = String.valueOf(t.getMessage());
          if (m.startsWith(file.toString())) {
            throw e;
          }
          if (t instanceof UnsupportedFormatException) {
            throw new UnsupportedFormatException(file + ": " + m);
          }
          throw new InvalidInputException(file + ": cannot read the Parquet data: " + m, e);
        }
      }

      private boolean readRowOrFail(List<FieldVector> vectors, int row) throws IOException {
        while (left == 0) {
          if (part != null) {
            // row-range sharding: only this part's row groups
            while (group < r.getRowGroups().size() && !part.owns(group)) {
              r.skipNextRowGroup();
              group++;
            }
          }
          group++;
          PageReadStore pages = r.readNextRowGroup();
          if (pages == null) {
            return false;
          }
          left = pages.getRowCount();
          records = io.getRecordReader(pages, new GroupRecordConverter(type));
        }
        Group g = records.read();
        left--;
        rowsRead++;
        for (int i = 0; i < vectors.size(); i++) {
          setValue(vectors.get(i), row, g, i, type.getType(i).asPrimitiveType());
        }
        return true;
      }

      @Override
      public long bytesRead() {
        // the share of the file's rows read so far (Parquet is read a row group at a time); with
        // a part, the part's rows are about 1/N of the file
        return (long) ((double) fileSize * rowsRead / totalRows);
      }

      @Override
      protected void closeReadSource() throws IOException {
        r.close();
      }
    };
  }

  private static void setValue(FieldVector v, int row, Group g, int i, PrimitiveType p) {
    if (g.getFieldRepetitionCount(i) == 0) {
      ValueWriter.setNull(v, row);
      return;
    }
    if (v instanceof BitVector x) {
      x.setSafe(row, g.getBoolean(i, 0) ? 1 : 0);
    } else if (v instanceof TinyIntVector x) {
      x.setSafe(row, (byte) g.getInteger(i, 0));
    } else if (v instanceof SmallIntVector x) {
      x.setSafe(row, (short) g.getInteger(i, 0));
    } else if (v instanceof IntVector x) {
      x.setSafe(row, g.getInteger(i, 0));
    } else if (v instanceof DateDayVector x) {
      x.setSafe(row, g.getInteger(i, 0));
    } else if (v instanceof BigIntVector x) {
      x.setSafe(row, g.getLong(i, 0));
    } else if (v instanceof TimeStampVector x) {
      x.setSafe(row, g.getLong(i, 0));
    } else if (v instanceof Float4Vector x) {
      x.setSafe(row, g.getFloat(i, 0));
    } else if (v instanceof Float8Vector x) {
      x.setSafe(row, g.getDouble(i, 0));
    } else if (v instanceof VarCharVector x) {
      x.setSafe(row, g.getBinary(i, 0).getBytes());
    } else if (v instanceof VarBinaryVector x) {
      x.setSafe(row, g.getBinary(i, 0).getBytes());
    } else if (v instanceof DecimalVector x) {
      BigInteger unscaled = switch (p.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(g.getInteger(i, 0));
        case INT64 -> BigInteger.valueOf(g.getLong(i, 0));
        default -> new BigInteger(g.getBinary(i, 0).getBytes());
      };
      x.setSafe(row, new BigDecimal(unscaled, x.getScale()));
    } else {
      throw new IllegalStateException("no Parquet conversion for " + v.getField());
    }
  }

  static Schema toArrow(Path file, MessageType type) {
    List<Field> fields = new ArrayList<>();
    for (Type t : type.getFields()) {
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        throw new UnsupportedFormatException(file + ": Parquet column '" + t.getName()
            + "' is nested or repeated; lance4j's Parquet input reads flat columns only "
            + "(convert the file to Arrow IPC, e.g. with pyarrow, to load nested data)");
      }
      boolean nullable = !t.isRepetition(Type.Repetition.REQUIRED);
      ArrowType at = arrowType(file, t.asPrimitiveType());
      fields.add(new Field(t.getName(), new FieldType(nullable, at, null), null));
    }
    return new Schema(fields);
  }

  private static ArrowType arrowType(Path file, PrimitiveType p) {
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
      return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
    }
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT32:
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new ArrowType.Date(DateUnit.DAY);
        }
        if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation it) {
          if (!it.isSigned()) {
            break;
          }
          return new ArrowType.Int(it.getBitWidth(), true);
        }
        if (logical == null) {
          return new ArrowType.Int(32, true);
        }
        break;
      case INT64:
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
          TimeUnit unit = switch (ts.getUnit()) {
            case MILLIS -> TimeUnit.MILLISECOND;
            case MICROS -> TimeUnit.MICROSECOND;
            case NANOS -> TimeUnit.NANOSECOND;
          };
          return new ArrowType.Timestamp(unit, ts.isAdjustedToUTC() ? "UTC" : null);
        }
        if (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation it
            && it.isSigned()) {
          return new ArrowType.Int(64, true);
        }
        break;
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BINARY:
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return ArrowType.Utf8.INSTANCE;
        }
        if (logical == null) {
          return ArrowType.Binary.INSTANCE;
        }
        break;
      default:
        break;
    }
    throw new UnsupportedFormatException(file + ": Parquet column '" + p.getName() + "' of type "
        + p + " is not supported by lance4j's Parquet input (convert it to Arrow IPC)");
  }
}
