package org.lance4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One field of a Lance schema: an Arrow field plus the Lance field id that data files and
 * manifests refer to. Immutable. A fixed_size_list is one field with no child (its item type is in
 * the logical type); list and large_list have one child; struct one per member.
 */
public final class LanceField implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Lance's per-field encoding hint (lance.file.Encoding); informational in format 2.x. */
  public enum Encoding { NONE, PLAIN, VAR_BINARY, DICTIONARY }

  private final int id;
  private final int parentId;
  private final String name;
  private final String logicalType;
  private final boolean nullable;
  private final Encoding encoding;
  private final Map<String, String> metadata;
  private final List<LanceField> children;

  public LanceField(int id, int parentId, String name, String logicalType, boolean nullable,
      Encoding encoding, Map<String, String> metadata, List<LanceField> children) {
    this.id = id;
    this.parentId = parentId;
    this.name = Objects.requireNonNull(name, "name");
    this.logicalType = Objects.requireNonNull(logicalType, "logicalType");
    this.nullable = nullable;
    this.encoding = encoding == null ? Encoding.NONE : encoding;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(
        metadata == null ? Map.of() : metadata));
    this.children = List.copyOf(children == null ? List.of() : children);
  }

  public int id() {
    return id;
  }

  /** Id of the parent field, -1 for top-level fields. */
  public int parentId() {
    return parentId;
  }

  public String name() {
    return name;
  }

  public String logicalType() {
    return logicalType;
  }

  public boolean nullable() {
    return nullable;
  }

  public Encoding encoding() {
    return encoding;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public List<LanceField> children() {
    return children;
  }

  /** The Arrow type of this field itself (children not included). */
  public ArrowType arrowType() {
    return LogicalTypes.toArrow(logicalType);
  }

  public boolean isStruct() {
    return logicalType.equals("struct");
  }

  public boolean isList() {
    return logicalType.startsWith("list") || logicalType.startsWith("large_list");
  }

  public boolean isFixedSizeList() {
    return logicalType.startsWith("fixed_size_list:");
  }

  public boolean isDictionary() {
    return logicalType.startsWith("dict:");
  }

  /** For a fixed_size_list field: the list size. */
  public int fixedSizeListSize() {
    return ((ArrowType.FixedSizeList) arrowType()).getListSize();
  }

  /** For a fixed_size_list field: the logical type of its items. */
  public String fixedSizeListItemType() {
    return LogicalTypes.fixedSizeListInner(logicalType);
  }

  /** For a dictionary field: the logical type of its values / of its keys. */
  public String dictionaryValueType() {
    return LogicalTypes.dictValueType(logicalType);
  }

  public String dictionaryKeyType() {
    return LogicalTypes.dictKeyType(logicalType);
  }

  /**
   * The Arrow field this Lance field reads as. Dictionary fields read as their value type (lance4j
   * decodes dictionaries).
   */
  public Field toArrow() {
    Map<String, String> md = metadata.isEmpty() ? null : metadata;
    if (isFixedSizeList()) {
      ArrowType itemType = LogicalTypes.toArrow(fixedSizeListItemType());
      Field item = new Field("item", FieldType.nullable(itemType), null);
      return new Field(name, new FieldType(nullable, arrowType(), null, md), List.of(item));
    }
    List<Field> kids = new ArrayList<>(children.size());
    for (LanceField c : children) {
      kids.add(c.toArrow());
    }
    return new Field(name, new FieldType(nullable, arrowType(), null, md), kids);
  }

  /** This field with its children replaced (used for nested projection). */
  public LanceField withChildren(List<LanceField> newChildren) {
    return new LanceField(id, parentId, name, logicalType, nullable, encoding, metadata,
        newChildren);
  }

  /** This field under a new name and/or new ids is not offered: ids are the field's identity. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LanceField)) {
      return false;
    }
    LanceField f = (LanceField) o;
    return id == f.id && parentId == f.parentId && nullable == f.nullable && name.equals(f.name)
        && logicalType.equals(f.logicalType) && encoding == f.encoding
        && metadata.equals(f.metadata) && children.equals(f.children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, logicalType, children);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(name).append(':').append(logicalType).append('#').append(id);
    if (!nullable) {
      sb.append(" not null");
    }
    if (!children.isEmpty()) {
      sb.append(children);
    }
    return sb.toString();
  }
}
