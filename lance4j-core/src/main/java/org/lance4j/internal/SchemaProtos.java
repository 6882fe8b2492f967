package org.lance4j.internal;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.CorruptFileException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.proto.FileProtos;

/**
 * {@link LanceSchema} to and from the flattened protobuf field list stored in manifests,
 * transactions and data files (depth-first, parent before children, parent id -1 at the top).
 */
public final class SchemaProtos {
  private SchemaProtos() {}

  /** The flattened protobuf field list (depth-first, parent before children). */
  public static List<FileProtos.Field> toProtos(LanceSchema schema) {
    List<FileProtos.Field> out = new ArrayList<>();
    for (LanceField f : schema.allFields()) {
      FileProtos.Field.Builder b = FileProtos.Field.newBuilder()
          .setName(f.name())
          .setId(f.id())
          .setParentId(f.parentId())
          .setLogicalType(f.logicalType())
          .setNullable(f.nullable())
          .setEncodingValue(f.encoding().ordinal());
      for (Map.Entry<String, String> e : f.metadata().entrySet()) {
        b.putMetadata(e.getKey(), ByteString.copyFromUtf8(e.getValue()));
      }
      out.add(b.build());
    }
    return out;
  }

  public static Map<String, ByteString> metadataProtos(LanceSchema schema) {
    Map<String, ByteString> out = new LinkedHashMap<>();
    schema.metadata().forEach((k, v) -> out.put(k, ByteString.copyFromUtf8(v)));
    return out;
  }

  /** Rebuilds the tree from a flattened protobuf field list. */
  public static LanceSchema fromProtos(List<FileProtos.Field> protos,
      Map<String, ByteString> metadata) {
    String problem = problem(protos);
    if (problem != null) {
      throw new CorruptFileException("schema " + problem);
    }
    Map<Integer, List<FileProtos.Field>> byParent = new HashMap<>();
    for (FileProtos.Field p : protos) {
      byParent.computeIfAbsent(p.getParentId(), k -> new ArrayList<>()).add(p);
    }
    List<LanceField> top = new ArrayList<>();
    for (FileProtos.Field p : byParent.getOrDefault(-1, List.of())) {
      top.add(build(p, byParent, 0));
    }
    Map<String, String> md = new LinkedHashMap<>();
    if (metadata != null) {
      metadata.forEach((k, v) -> md.put(k, v.toString(StandardCharsets.UTF_8)));
    }
    return new LanceSchema(top, md);
  }

  /**
   * What is wrong with a schema's field list, or null: ids >= 0 must be unique, and each
   * field's parent (-1 for a top-level field) must come before it (Lance writes fields in
   * pre-order), else children would be re-parented or silently dropped; and each field has the
   * children its type allows (none for a primitive, one for a list or map), else Arrow refuses
   * the schema later with an untyped error.
   */
  public static String problem(List<FileProtos.Field> protos) {
    Set<Integer> seen = new HashSet<>();
    for (FileProtos.Field p : protos) {
      if (p.getParentId() != -1 && !seen.contains(p.getParentId())) {
        return "field '" + p.getName() + "' (id " + p.getId() + ") has parent id "
            + p.getParentId() + ", which no earlier field has";
      }
      if (!seen.add(p.getId()) && p.getId() >= 0) { // Lance writes -1 for some blob v2 fields
        return "field id " + p.getId() + " ('" + p.getName() + "') appears twice";
      }
    }
    Map<Integer, Integer> children = new HashMap<>();
    for (FileProtos.Field p : protos) {
      if (p.getParentId() >= 0) {
        children.merge(p.getParentId(), 1, Integer::sum);
      }
    }
    for (FileProtos.Field p : protos) {
      if (p.getId() < 0) {
        continue;
      }
      int n = children.getOrDefault(p.getId(), 0);
      String t = p.getLogicalType();
      boolean anyChildren = t.equals("struct") || t.startsWith("fixed_size_list");
      boolean oneChild = t.equals("list") || t.equals("large_list") || t.equals("list.struct")
          || t.equals("large_list.struct") || t.equals("map");
      if (!anyChildren && (oneChild ? n != 1 : n != 0)) {
        return "field '" + p.getName() + "' (id " + p.getId() + ") of type " + t + " has " + n
            + " child fields, expected " + (oneChild ? "1" : "none");
      }
    }
    return null;
  }

  private static LanceField build(FileProtos.Field p, Map<Integer, List<FileProtos.Field>> byParent,
      int depth) {
    if (depth > 64) {
      throw new CorruptFileException("schema nesting deeper than 64 levels (cycle in parent ids?)");
    }
    List<LanceField> kids = new ArrayList<>();
    for (FileProtos.Field c : byParent.getOrDefault(p.getId(), List.of())) {
      if (c.getId() != p.getId()) {
        kids.add(build(c, byParent, depth + 1));
      }
    }
    Map<String, String> md = new LinkedHashMap<>();
    p.getMetadataMap().forEach((k, v) -> md.put(k, v.toString(StandardCharsets.UTF_8)));
    int enc = p.getEncodingValue();
    LanceField.Encoding e = enc >= 0 && enc < LanceField.Encoding.values().length
        ? LanceField.Encoding.values()[enc] : LanceField.Encoding.NONE;
    return new LanceField(p.getId(), p.getParentId(), p.getName(), p.getLogicalType(),
        p.getNullable(), e, md, kids);
  }

  /** The file format's {@code Schema} message: fields plus metadata. */
  public static FileProtos.Schema toSchemaMessage(LanceSchema schema) {
    return FileProtos.Schema.newBuilder().addAllFields(toProtos(schema))
        .putAllMetadata(metadataProtos(schema)).build();
  }
}
