package org.lance4j;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.internal.SchemaProtos;
import org.lance4j.proto.FileProtos;

/**
 * A Lance schema: top-level {@link LanceField}s with field ids, plus schema metadata. Immutable.
 * Converts to and from Arrow ({@link #fromArrow}, {@link #toArrow}) and bytes ({@link #toBytes}).
 */
public final class LanceSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<LanceField> fields;
  private final Map<String, String> metadata;

  public LanceSchema(List<LanceField> fields, Map<String, String> metadata) {
    this.fields = List.copyOf(fields);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(
        metadata == null ? Map.of() : metadata));
  }

  public List<LanceField> fields() {
    return fields;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** New schema from an Arrow schema, field ids assigned depth-first from 0. */
  public static LanceSchema fromArrow(Schema schema) {
    return fromArrow(schema, 0);
  }

  /** New schema from an Arrow schema, field ids assigned depth-first from {@code firstId}. */
  public static LanceSchema fromArrow(Schema schema, int firstId) {
    int[] next = {firstId};
    List<LanceField> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Field f : schema.getFields()) {
      if (!seen.add(f.getName())) {
        throw new InvalidInputException("duplicate field name '" + f.getName() + "' in schema");
      }
      out.add(convert(f, -1, next));
    }
    return new LanceSchema(out, schema.getCustomMetadata());
  }

  private static LanceField convert(Field f, int parentId, int[] next) {
    String logical = LogicalTypes.of(f);
    int id = next[0]++;
    List<LanceField> kids = new ArrayList<>();
    ArrowType.ArrowTypeID tid = f.getType().getTypeID();
    if (tid == ArrowType.ArrowTypeID.FixedSizeList) {
      Field item = f.getChildren().get(0);
      ArrowType.ArrowTypeID itid = item.getType().getTypeID();
      if (!item.getChildren().isEmpty() || itid == ArrowType.ArrowTypeID.Utf8
          || itid == ArrowType.ArrowTypeID.Binary || itid == ArrowType.ArrowTypeID.LargeUtf8
          || itid == ArrowType.ArrowTypeID.LargeBinary) {
        throw new UnsupportedFormatException("field '" + f.getName()
            + "': fixed_size_list items must be fixed-width primitives, got " + item.getType());
      }
    } else {
      for (Field c : f.getChildren()) {
        kids.add(convert(c, id, next));
      }
    }
    return new LanceField(id, parentId, f.getName(), logical, f.isNullable(), encodingOf(f),
        f.getMetadata(), kids);
  }

  private static LanceField.Encoding encodingOf(Field f) {
    if (f.getDictionary() != null) {
      return LanceField.Encoding.DICTIONARY;
    }
    switch (f.getType().getTypeID()) {
      case Struct:
        return LanceField.Encoding.NONE;
      case Utf8:
      case LargeUtf8:
      case Binary:
      case LargeBinary:
        return LanceField.Encoding.VAR_BINARY;
      default:
        return LanceField.Encoding.PLAIN;
    }
  }

  /** The Arrow schema this Lance schema reads as. */
  public Schema toArrow() {
    List<Field> out = new ArrayList<>(fields.size());
    for (LanceField f : fields) {
      out.add(f.toArrow());
    }
    return new Schema(out, metadata.isEmpty() ? null : metadata);
  }

  /** All fields depth-first, parents before children (the order of ids and of file columns). */
  public List<LanceField> allFields() {
    List<LanceField> out = new ArrayList<>();
    for (LanceField f : fields) {
      addPreorder(f, out);
    }
    return out;
  }

  private static void addPreorder(LanceField f, List<LanceField> out) {
    out.add(f);
    for (LanceField c : f.children()) {
      addPreorder(c, out);
    }
  }

  /** Highest field id in use, -1 for an empty schema. */
  public int maxFieldId() {
    int max = -1;
    for (LanceField f : allFields()) {
      max = Math.max(max, f.id());
    }
    return max;
  }

  /** The field with this id anywhere in the tree, or null. */
  public LanceField fieldById(int id) {
    for (LanceField f : allFields()) {
      if (f.id() == id) {
        return f;
      }
    }
    return null;
  }

  /** Top-level field by name, or null. */
  public LanceField field(String name) {
    for (LanceField f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The schema restricted to the given columns, in the given order. A column is a top-level name
   * or a dotted path into structs ({@code "point.x"}); several paths into one struct are merged.
   *
   * @throws InvalidInputException naming the first column that does not exist
   */
  public LanceSchema project(List<String> columns) {
    LinkedHashMap<String, LanceField> out = new LinkedHashMap<>();
    for (String col : columns) {
      String[] path = col.split("\\.");
      LanceField top = field(path[0]);
      if (top == null && field(col) != null) {
        top = field(col);
        path = new String[] {col};
      }
      if (top == null) {
        throw new InvalidInputException("column '" + col + "' does not exist; the schema has "
            + fieldNames());
      }
      LanceField pruned = prune(top, path, 1, col);
      LanceField prev = out.get(top.name());
      out.put(top.name(), prev == null ? pruned : merge(prev, pruned));
    }
    return new LanceSchema(new ArrayList<>(out.values()), metadata);
  }

  private static LanceField prune(LanceField f, String[] path, int depth, String col) {
    if (depth == path.length) {
      return f;
    }
    if (!f.isStruct()) {
      throw new InvalidInputException("column '" + col + "': '" + f.name()
          + "' is not a struct, cannot select '" + path[depth] + "' in it");
    }
    for (LanceField c : f.children()) {
      if (c.name().equals(path[depth])) {
        return f.withChildren(List.of(prune(c, path, depth + 1, col)));
      }
    }
    throw new InvalidInputException("column '" + col + "' does not exist: struct '" + f.name()
        + "' has no field '" + path[depth] + "'");
  }

  /** Union of two prunings of the same field, children kept in schema order. */
  private static LanceField merge(LanceField a, LanceField b) {
    if (a.children().isEmpty() || b.children().isEmpty() || !a.isStruct()) {
      return a.children().isEmpty() ? a : b; // one of them is the whole field
    }
    Map<Integer, LanceField> byId = new LinkedHashMap<>();
    for (LanceField c : a.children()) {
      byId.put(c.id(), c);
    }
    for (LanceField c : b.children()) {
      byId.merge(c.id(), c, LanceSchema::merge);
    }
    List<LanceField> kids = new ArrayList<>(byId.values());
    kids.sort((x, y) -> Integer.compare(x.id(), y.id()));
    return a.withChildren(kids);
  }

  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    for (LanceField f : fields) {
      names.add(f.name());
    }
    return names;
  }

  // ---- bytes ----

  /**
   * This schema as the bytes of the Lance file format's {@code Schema} message (fields with ids,
   * depth-first, plus metadata): a compact form to ship a schema with its ids between processes.
   */
  public byte[] toBytes() {
    return SchemaProtos.toSchemaMessage(this).toByteArray();
  }

  /**
   * The schema {@link #toBytes()} produced.
   *
   * @throws InvalidInputException when the bytes are not such a message
   */
  public static LanceSchema fromBytes(byte[] bytes) {
    try {
      FileProtos.Schema proto = FileProtos.Schema.parseFrom(bytes);
      return SchemaProtos.fromProtos(proto.getFieldsList(), proto.getMetadataMap());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidInputException("not a serialized Lance schema: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LanceSchema && ((LanceSchema) o).fields.equals(fields)
        && ((LanceSchema) o).metadata.equals(metadata);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "LanceSchema" + fields;
  }
}
