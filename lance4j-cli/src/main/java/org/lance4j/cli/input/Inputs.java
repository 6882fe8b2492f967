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
   * (CSV, JSON Lines) or read from the first file. Every file must yield the same schema.
   */
  public static ArrowReader open(List<Path> files, Format format, Schema schema,
      TextOptions text, BufferAllocator allocator) throws IOException {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString());
      }
    }
    Schema s = schema;
    if (s == null) {
      s = switch (format) {
        case CSV -> CsvInput.infer(files, text.delimiter(), text.inferRows());
        case JSONL -> JsonlInput.infer(files, text.inferRows());
        case PARQUET -> ParquetInput.schemaOf(files.get(0));
        case ARROW -> {
          try (ArrowReader r = openArrow(files.get(0), allocator)) {
            yield r.getVectorSchemaRoot().getSchema();
          }
        }
      };
    }
    Schema target = s;
    return new ConcatReader(allocator, target, files, file -> openOne(file, format, target,
        text, allocator));
  }

  private static ArrowReader openOne(Path file, Format format, Schema schema, TextOptions text,
      BufferAllocator allocator) throws IOException {
    return switch (format) {
      case CSV -> CsvInput.open(file, schema, text.delimiter(), text.batchSize(), allocator);
      case JSONL -> JsonlInput.open(file, schema, text.batchSize(), allocator);
      case PARQUET -> ParquetInput.open(file, text.batchSize(), allocator);
      case ARROW -> openArrow(file, allocator);
    };
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
