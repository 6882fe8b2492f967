package org.lance4j.cli.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;

/**
 * JSON Lines input: one JSON object per line, keys are columns (missing key = null). Flat types are
 * inferred (int64, double, bool, string); nested values (objects, arrays) need an explicit schema.
 */
final class JsonlInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonlInput() {}

  static Schema infer(List<Path> files, long maxRows) throws IOException {
    Map<String, InferredType> types = new LinkedHashMap<>();
    for (Path file : files) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String text;
        long line = 0;
        long rows = 0;
        while ((maxRows <= 0 || rows < maxRows) && (text = r.readLine()) != null) {
          line++;
          if (text.isBlank()) {
            continue;
          }
          JsonNode obj = parse(file, line, text);
          for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            types.merge(e.getKey(), typeOf(file, line, e.getKey(), e.getValue()),
                InferredType::merge);
          }
          rows++;
        }
      }
    }
    if (types.isEmpty()) {
      throw new InvalidInputException(files.get(0) + ": no JSON objects found");
    }
    List<Field> fields = new ArrayList<>();
    types.forEach((name, t) -> fields.add(Field.nullable(name, t.arrowType())));
    return new Schema(fields);
  }

  static ArrowReader open(Path file, Schema schema, int batchSize, String inferNote,
      Part part, BufferAllocator allocator) throws IOException {
    Part.Range range = part == null ? null : part.range(file, false);
    CountingInputStream in = new CountingInputStream(range == null ? Files.newInputStream(file)
        : range.open(file));
    String label = range == null ? file.toString() : part.label(file, range.from());
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8),
        1 << 16);
    List<String> names = schema.getFields().stream().map(Field::getName).toList();
    return new RowBatchReader(allocator, schema, batchSize, in) {
      private long line;

      @Override
      protected boolean readRow(List<FieldVector> vectors, int row) throws IOException {
        String text;
        do {
          text = r.readLine();
          if (text == null) {
            return false;
          }
          line++;
        } while (text.isBlank());
        JsonNode obj = parse(label, line, text);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          if (!names.contains(key)) {
            throw new InvalidInputException(label + ":" + line + ": key '" + key
                + "' is not a column of the schema " + names
                + (inferNote == null ? "" : " (" + inferNote + ")"));
          }
        }
        for (FieldVector v : vectors) {
          try {
            ValueWriter.set(v, row, toJava(obj.get(v.getName())));
          } catch (IllegalArgumentException | ArithmeticException
              | java.time.DateTimeException e) {
            throw new InvalidInputException(label + ":" + line + ": column '" + v.getName()
                + "' (" + v.getField().getType() + "): " + e.getMessage()
                + (inferNote == null ? "" : " (" + inferNote + ")"));
          }
        }
        return true;
      }

      @Override
      protected void closeReadSource() throws IOException {
        r.close();
      }
    };
  }

  private static JsonNode parse(Object file, long line, String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(file + ":" + line + ": not valid JSON: "
          + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(file + ":" + line + ": expected a JSON object per line");
    }
    return node;
  }

  private static InferredType typeOf(Path file, long line, String key, JsonNode v) {
    if (v.isNull()) {
      return InferredType.UNKNOWN;
    }
    if (v.isBoolean()) {
      return InferredType.BOOL;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? InferredType.INT64 : InferredType.DOUBLE;
    }
    if (v.isNumber()) {
      return InferredType.DOUBLE;
    }
    if (v.isTextual()) {
      return InferredType.STRING;
    }
    throw new InvalidInputException(file + ":" + line + ": column '" + key
        + "' holds nested JSON; pass --schema with its Arrow type (struct/list) to load it");
  }

  /** JSON to plain Java values (Long, Double, Boolean, String, List, Map). */
  static Object toJava(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(x -> out.add(toJava(x)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), toJava(e.getValue()));
    }
    return out;
  }
}
