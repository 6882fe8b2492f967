package org.lance4j.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;

/**
 * CSV input with a header line. Types are inferred (int64, double, bool, string; empty = null)
 * by a first streaming pass over the files, or taken from an explicit schema.
 */
final class CsvInput {
  private CsvInput() {}

  /** Infers one schema for all files (their headers must agree); reads at most maxRows rows. */
  static Schema infer(List<Path> files, char delimiter, long maxRows) throws IOException {
    List<String> names = null;
    InferredType[] types = null;
    String first = null;
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        CsvParser p = parser(in, file, delimiter);
        List<String> header = header(p);
        if (names == null) {
          names = header;
          first = file.toString();
          types = new InferredType[names.size()];
          Arrays.fill(types, InferredType.UNKNOWN);
        } else if (!names.equals(header)) {
          throw new InvalidInputException(file + ":1: header " + header + " differs from " + first
              + "'s header " + names + " (all inputs of one write must have the same columns)");
        }
        long rows = 0;
        List<String> rec;
        while ((maxRows <= 0 || rows < maxRows) && (rec = p.next()) != null) {
          checkWidth(p, rec, names);
          for (int i = 0; i < types.length; i++) {
            types[i] = types[i].merge(InferredType.ofText(rec.get(i)));
          }
          rows++;
        }
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      fields.add(Field.nullable(names.get(i), types[i].arrowType()));
    }
    return new Schema(fields);
  }

  /** Streams one CSV file as batches of {@code schema}. */
  static ArrowReader open(Path file, Schema schema, char delimiter, int batchSize,
      String origin, String inferNote, Part part, BufferAllocator allocator) throws IOException {
    Part.Range range = part == null ? null : part.range(file, true);
    CountingInputStream in = new CountingInputStream(range == null ? Files.newInputStream(file)
        : range.open(file));
    try {
      CsvParser p = range == null ? parser(in, file, delimiter)
          : new CsvParser(new InputStreamReader(in, StandardCharsets.UTF_8),
              part.label(file, range.from()), delimiter);
      List<String> header = header(p);
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        position.put(header.get(i), i);
      }
      List<String> wanted = schema.getFields().stream().map(Field::getName).toList();
      List<String> missing = new ArrayList<>(wanted);
      missing.removeAll(header);
      List<String> extra = new ArrayList<>(header);
      extra.removeAll(wanted);
      if (!missing.isEmpty() || !extra.isEmpty()) {
        throw new InvalidInputException(file + ":1: schema mismatch: the header " + header
            + " does not match the columns " + wanted + " of " + origin
            + (missing.isEmpty() ? "" : "; missing " + missing)
            + (extra.isEmpty() ? "" : "; not in the schema " + extra));
      }
      int[] columnOf = new int[wanted.size()];
      for (int i = 0; i < columnOf.length; i++) {
        columnOf[i] = position.get(wanted.get(i));
      }
      return new RowBatchReader(allocator, schema, batchSize, in) {
        @Override
        protected boolean readRow(List<FieldVector> vectors, int row) throws IOException {
          List<String> rec = p.next();
          if (rec == null) {
            return false;
          }
          checkWidth(p, rec, header);
          for (int i = 0; i < columnOf.length; i++) {
            FieldVector v = vectors.get(i);
            try {
              ValueWriter.set(v, row, rec.get(columnOf[i]));
            } catch (IllegalArgumentException | ArithmeticException
                | java.time.DateTimeException e) {
              throw p.error(p.recordLine(), "column '" + v.getName() + "' ("
                  + v.getField().getType() + "): " + e.getMessage()
                  + (inferNote == null ? "" : " (" + inferNote + ")"));
            }
          }
          return true;
        }

        @Override
        protected void closeReadSource() throws IOException {
          in.close();
        }
      };
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static CsvParser parser(InputStream in, Path file, char delimiter) {
    return new CsvParser(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString(),
        delimiter);
  }

  private static List<String> header(CsvParser p) throws IOException {
    List<String> header = p.next();
    if (header == null) {
      throw new InvalidInputException(p.file() + ": empty file (a CSV input needs a header line)");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      if (i == 0 && h != null && h.startsWith("\uFEFF")) {
        h = h.substring(1);
      }
      if (h == null || h.isBlank()) {
        throw p.error(p.recordLine(), "header column " + (i + 1) + " has no name");
      }
      if (names.contains(h)) {
        throw p.error(p.recordLine(), "header names column '" + h + "' twice");
      }
      names.add(h);
    }
    return names;
  }

  private static void checkWidth(CsvParser p, List<String> rec, List<String> header) {
    if (rec.size() != header.size()) {
      throw p.error(p.recordLine(), "expected " + header.size() + " fields " + header
          + " but found " + rec.size());
    }
  }
}
