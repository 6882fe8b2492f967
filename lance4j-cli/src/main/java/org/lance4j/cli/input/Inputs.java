package org.lance4j.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;

/**
 * Opens the input files of {@code write-fragments} as one stream of Arrow batches: CSV, JSON
 * Lines, Arrow IPC (file or stream, detected by the magic bytes) or Parquet.
 */
public final class Inputs {
  /** Input formats. */
  public enum Format { CSV, JSONL, ARROW, PARQUET }

  /** Options for text inputs. */
  public record TextOptions(char delimiter, long inferRows, int batchSize) {}

  /** {@link #open(List, Format, Schema, String, TextOptions, BufferAllocator)} of one part. */
  public static ArrowReader open(List<Path> files, Format format, Schema schema, String origin,
      TextOptions text, Part part, BufferAllocator allocator) throws IOException {
    if (part != null && format == Format.ARROW) {
      for (Path f : files) {
        if (!isArrowFile(f)) {
          throw new InvalidInputException(f + " is an Arrow IPC stream, which cannot be split "
              + "into row ranges (--shard-by rows); write it as an Arrow IPC file (random "
              + "access format) or shard by files");
        }
      }
    }
    return openAll(files, format, schema, origin, text, part == null || part.count() == 1 ? null
        : part, allocator);
  }

  private Inputs() {}

  /** The format of a file, from its extension. */
  public static Format detect(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz") || name.endsWith(".zst") || name.endsWith(".bz2")) {
      throw new InvalidInputException(file + ": compressed inputs are not read directly; "
          + "decompress it first (e.g. `gunzip -c " + file + " > data.csv`)");
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return Format.CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return Format.JSONL;
    }
    if (name.endsWith(".arrow") || name.endsWith(".arrows") || name.endsWith(".ipc")
        || name.endsWith(".feather")) {
      return Format.ARROW;
    }
    if (name.endsWith(".parquet") || name.endsWith(".pq")) {
      return Format.PARQUET;
    }
    throw new InvalidInputException(file + ": cannot tell the format from the file name; pass "
        + "--format csv|jsonl|arrow|parquet");
  }

  /**
   * Opens all files (same format) as one reader. {@code schema} may be null: it is then inferred
   * (CSV, JSON Lines, from the first {@code inferRows} rows of each file) or read from the first
   * file. Otherwise {@code origin} says where it came from ("--schema s.json", "the dataset's
   * schema") for messages; Arrow and Parquet files are then converted to it where no value
   * changes. An empty file (no bytes, or a CSV without even a header) is zero rows when the
   * schema is known.
   */
  public static ArrowReader open(List<Path> files, Format format, Schema schema, String origin,
      TextOptions text, BufferAllocator allocator) throws IOException {
    return openAll(files, format, schema, origin, text, null, allocator);
  }

  private static ArrowReader openAll(List<Path> files, Format format, Schema schema,
      String origin, TextOptions text, Part part, BufferAllocator allocator) throws IOException {
    for (Path f : files) {
      if (!Files.exists(f)) {
        throw new NoSuchFileException(f.toString());
      }
      if (!Files.isRegularFile(f)) {
        throw new InvalidInputException("--input " + f + " is a directory, not a file");
      }
      if (!Files.isReadable(f)) {
        throw new java.nio.file.AccessDeniedException(f.toString());
      }
    }
    List<Path> nonEmpty = files.stream().filter(f -> !isEmpty(f, format)).toList();
    Schema s = schema;
    String note = null;
    if (s == null) {
      if (nonEmpty.isEmpty()) {
        throw new InvalidInputException((files.size() == 1 ? files.get(0) + " is empty"
            : "all " + files.size() + " input files are empty") + ", and without --schema (or an "
            + "existing dataset to append to) there is nothing to take the columns from; pass "
            + "--schema SCHEMA.json to write zero rows");
      }
      s = switch (format) {
        case CSV -> CsvInput.infer(nonEmpty, text.delimiter(), text.inferRows());
        case JSONL -> JsonlInput.infer(nonEmpty, text.inferRows());
        case PARQUET -> ParquetInput.schemaOf(nonEmpty.get(0));
        case ARROW -> {
          try (ArrowReader r = openArrow(nonEmpty.get(0), allocator)) {
            yield r.getVectorSchemaRoot().getSchema();
          }
        }
      };
      if (format == Format.CSV || format == Format.JSONL) {
        note = text.inferRows() > 0 ? "the column types were inferred from the first "
            + text.inferRows() + " rows of each file; pass --schema, or --infer-rows 0 to infer "
            + "from every row" : null;
      }
      origin = "the schema of " + nonEmpty.get(0);
    }
    Schema target = s;
    String from = origin;
    String inferNote = note;
    return new ConcatReader(allocator, target, nonEmpty, file -> openOne(file, format, target,
        from, inferNote, text, part, allocator));
  }

  /** An empty input: no bytes at all, or (CSV, JSON Lines) only white space. */
  static boolean isEmpty(Path file, Format format) {
    try {
      long size = Files.size(file);
      if (size == 0) {
        return true;
      }
      if ((format == Format.CSV || format == Format.JSONL) && size <= 64) {
        String t = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        return t.isBlank();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static ArrowReader openOne(Path file, Format format, Schema schema, String origin,
      String inferNote, TextOptions text, Part part, BufferAllocator allocator)
      throws IOException {
    return switch (format) {
      case CSV -> CsvInput.open(file, schema, text.delimiter(), text.batchSize(), origin,
          inferNote, part, allocator);
      case JSONL -> JsonlInput.open(file, schema, text.batchSize(), inferNote, part, allocator);
      case PARQUET -> CastReader.wrap(file, ParquetInput.open(file, text.batchSize(), part,
          allocator), schema, origin, allocator);
      case ARROW -> CastReader.wrap(file, part == null ? openArrow(file, allocator)
          : ArrowPartReader.open(file, part, allocator), schema, origin, allocator);
    };
  }

  static boolean isArrowFile(Path file) throws IOException {
    byte[] head = new byte[6];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 6);
    }
    return n == 6 && Arrays.equals(head, "ARROW1".getBytes(StandardCharsets.US_ASCII));
  }

  /** Arrow IPC: the file format starts with "ARROW1", anything else is read as a stream. */
  static ArrowReader openArrow(Path file, BufferAllocator allocator) throws IOException {
    byte[] head = new byte[6];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 6);
    }
    if (n == 6 && Arrays.equals(head, "ARROW1".getBytes(StandardCharsets.US_ASCII))) {
      return new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator,
          CommonsCompressionFactory.INSTANCE);
    }
    return new ArrowStreamReader(new CountingInputStream(Files.newInputStream(file)), allocator,
        CommonsCompressionFactory.INSTANCE);
  }
}
