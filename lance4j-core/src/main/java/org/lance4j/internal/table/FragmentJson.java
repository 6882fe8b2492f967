package org.lance4j.internal.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.DataFile;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;

/**
 * Fragment metadata to and from JSON.
 *
 * <p>{@link #toJson} emits exactly what Python's {@code json.dumps(fragment.to_json())} prints for
 * a pylance {@code FragmentMetadata}: keys in pylance's order, {@code null} values included,
 * {@code ", "} and {@code ": "} separators, and {@code file_size_bytes} {@code null} when unknown
 * (0). {@link #fromJson} accepts that form and the Rust serde form (null keys omitted,
 * {@code column_indices} / version keys optional); unknown keys are ignored. Row-id and
 * version-tracking metadata ({@code row_id_meta}, {@code *_version_meta}) are accepted and
 * dropped: lance4j does not commit to datasets with stable row ids.
 */
public final class FragmentJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int EXCERPT = 80;

  private FragmentJson() {}

  public static String toJson(FragmentMetadata fragment) {
    StringBuilder sb = new StringBuilder(256);
    appendFragment(sb, fragment);
    return sb.toString();
  }

  public static FragmentMetadata fromJson(String json) {
    JsonNode node = parse(json);
    if (!node.isObject()) {
      throw new InvalidInputException(
          "fragment JSON must be an object, got " + node.getNodeType() + ": " + excerpt(json));
    }
    return fragment(node, json);
  }

  public static String toJsonArray(List<FragmentMetadata> fragments) {
    StringBuilder sb = new StringBuilder(256 * Math.max(1, fragments.size()));
    sb.append('[');
    for (int i = 0; i < fragments.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      appendFragment(sb, fragments.get(i));
    }
    return sb.append(']').toString();
  }

  /** Parses a JSON array of fragments; a single fragment object is accepted as a one-element list. */
  public static List<FragmentMetadata> fromJsonArray(String json) {
    JsonNode node = parse(json);
    List<FragmentMetadata> out = new ArrayList<>();
    if (node.isObject()) {
      out.add(fragment(node, json));
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        if (!n.isObject()) {
          throw new InvalidInputException("fragment JSON array element " + out.size()
              + " must be an object: " + excerpt(n.toString()));
        }
        out.add(fragment(n, json));
      }
    } else {
      throw new InvalidInputException(
          "fragment JSON must be an array or an object: " + excerpt(json));
    }
    return out;
  }

  // ---- writing ----

  private static void appendFragment(StringBuilder sb, FragmentMetadata f) {
    sb.append("{\"id\": ").append(f.id()).append(", \"files\": [");
    for (int i = 0; i < f.files().size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      appendFile(sb, f.files().get(i));
    }
    sb.append("], \"physical_rows\": ").append(f.physicalRows());
    sb.append(", \"deletion_file\": ");
    DeletionFile d = f.deletionFile();
    if (d == null) {
      sb.append("null");
    } else {
      sb.append("{\"read_version\": ").append(d.readVersion())
          .append(", \"id\": ").append(Long.toUnsignedString(d.id()))
          .append(", \"file_type\": \"").append(d.fileType().jsonName()).append('"')
          .append(", \"num_deleted_rows\": ").append(d.numDeletedRows())
          .append(", \"base_id\": ").append(d.baseId() == null ? "null" : d.baseId().toString())
          .append('}');
    }
    sb.append(", \"row_id_meta\": null, \"created_at_version_meta\": null,"
        + " \"last_updated_at_version_meta\": null}");
  }

  private static void appendFile(StringBuilder sb, DataFile df) {
    sb.append("{\"fields\": ");
    appendInts(sb, df.fields());
    sb.append(", \"column_indices\": ");
    appendInts(sb, df.columnIndices());
    sb.append(", \"file_major_version\": ").append(df.fileMajorVersion())
        .append(", \"file_minor_version\": ").append(df.fileMinorVersion())
        .append(", \"file_size_bytes\": ")
        .append(df.fileSizeBytes() == 0 ? "null" : Long.toString(df.fileSizeBytes()))
        .append(", \"base_id\": ").append(df.baseId() == null ? "null" : df.baseId().toString())
        .append(", \"path\": ");
    appendString(sb, df.path());
    sb.append('}');
  }

  private static void appendInts(StringBuilder sb, List<Integer> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(values.get(i).intValue());
    }
    sb.append(']');
  }

  /** A JSON string as Python's json.dumps writes it (ensure_ascii: non-ASCII as \\uXXXX). */
  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  // ---- reading ----

  private static JsonNode parse(String json) {
    if (json == null) {
      throw new InvalidInputException("fragment JSON must not be null");
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException("fragment JSON is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed fragment JSON (" + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "): " + excerpt(json), e);
    }
  }

  private static FragmentMetadata fragment(JsonNode node, String whole) {
    long id = requiredLong(node, "id", whole);
    JsonNode files = node.get("files");
    if (files == null || files.isNull()) {
      throw missing("files", node);
    }
    if (!files.isArray()) {
      throw wrongType("files", "an array", files, node);
    }
    List<DataFile> dataFiles = new ArrayList<>();
    for (JsonNode f : files) {
      if (!f.isObject()) {
        throw wrongType("files[" + dataFiles.size() + "]", "an object", f, node);
      }
      dataFiles.add(dataFile(f));
    }
    JsonNode rows = node.get("physical_rows");
    if (rows == null || rows.isNull()) {
      throw new InvalidInputException("fragment " + id + ": 'physical_rows' is "
          + (rows == null ? "missing" : "null (unknown row count, not supported)")
          + ": " + excerpt(node.toString()));
    }
    long physicalRows = asLong("physical_rows", rows, node);
    DeletionFile deletion = null;
    JsonNode del = node.get("deletion_file");
    if (del != null && !del.isNull()) {
      if (!del.isObject()) {
        throw wrongType("deletion_file", "an object or null", del, node);
      }
      deletion = deletionFile(del);
    }
    return new FragmentMetadata(id, dataFiles, physicalRows, deletion);
  }

  private static DataFile dataFile(JsonNode f) {
    JsonNode pathNode = f.get("path");
    if (pathNode == null || pathNode.isNull()) {
      throw missing("files[].path", f);
    }
    if (!pathNode.isTextual()) {
      throw wrongType("files[].path", "a string", pathNode, f);
    }
    List<Integer> fields = intList(f, "fields", true);
    List<Integer> columns = intList(f, "column_indices", false);
    int major = (int) optionalLong(f, "file_major_version", 0);
    int minor = (int) optionalLong(f, "file_minor_version", 0);
    long size = optionalLong(f, "file_size_bytes", 0);
    Integer baseId = optionalInt(f, "base_id");
    return new DataFile(pathNode.asText(), fields, columns, major, minor, size, baseId);
  }

  private static DeletionFile deletionFile(JsonNode d) {
    long readVersion = requiredLong(d, "read_version", null);
    long id = requiredU64(d, "id");
    JsonNode typeNode = d.get("file_type");
    if (typeNode == null || typeNode.isNull()) {
      throw missing("deletion_file.file_type", d);
    }
    if (!typeNode.isTextual()) {
      throw wrongType("deletion_file.file_type", "\"array\" or \"bitmap\"", typeNode, d);
    }
    DeletionFile.Type type = switch (typeNode.asText()) {
      case "array" -> DeletionFile.Type.ARROW_ARRAY;
      case "bitmap" -> DeletionFile.Type.BITMAP;
      default -> throw wrongType("deletion_file.file_type", "\"array\" or \"bitmap\"", typeNode, d);
    };
    long deleted = optionalLong(d, "num_deleted_rows", 0);
    return new DeletionFile(type, readVersion, id, deleted, optionalInt(d, "base_id"));
  }

  private static List<Integer> intList(JsonNode obj, String key, boolean required) {
    JsonNode n = obj.get(key);
    List<Integer> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      if (required) {
        throw missing("files[]." + key, obj);
      }
      return out;
    }
    if (!n.isArray()) {
      throw wrongType("files[]." + key, "an array of integers", n, obj);
    }
    for (JsonNode v : n) {
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw wrongType("files[]." + key, "an array of 32-bit integers", n, obj);
      }
      out.add(v.intValue());
    }
    return out;
  }

  private static long requiredLong(JsonNode obj, String key, String whole) {
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      throw missing(key, obj);
    }
    return asLong(key, n, obj);
  }

  private static long optionalLong(JsonNode obj, String key, long dflt) {
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    return asLong(key, n, obj);
  }

  private static Integer optionalInt(JsonNode obj, String key) {
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    long v = asLong(key, n, obj);
    if (v > Integer.MAX_VALUE) {
      throw wrongType(key, "a 32-bit unsigned integer", n, obj);
    }
    return (int) v;
  }

  /** An unsigned 64-bit value (deletion file ids are random u64s), kept as its bit pattern. */
  private static long requiredU64(JsonNode obj, String key) {
    JsonNode n = obj.get(key);
    if (n == null || n.isNull()) {
      throw missing(key, obj);
    }
    if (!n.isIntegralNumber() || n.bigIntegerValue().signum() < 0
        || n.bigIntegerValue().bitLength() > 64) {
      throw wrongType(key, "an unsigned 64-bit integer", n, obj);
    }
    return n.bigIntegerValue().longValue();
  }

  private static long asLong(String key, JsonNode n, JsonNode context) {
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw wrongType(key, "a non-negative integer", n, context);
    }
    return n.longValue();
  }

  private static InvalidInputException missing(String key, JsonNode context) {
    return new InvalidInputException("fragment JSON is missing required key '" + key + "': "
        + excerpt(context.toString()));
  }

  private static InvalidInputException wrongType(String key, String expected, JsonNode value,
      JsonNode context) {
    return new InvalidInputException("fragment JSON key '" + key + "' must be " + expected
        + ", got " + excerpt(value.toString()) + " in " + excerpt(context.toString()));
  }

  static String excerpt(String s) {
    String flat = s.replaceAll("\\s+", " ").strip();
    return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
  }
}
