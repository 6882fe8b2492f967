package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.v21.BlobV2Descriptor;

/**
 * Blob v2 columns (Arrow extension {@code lance.blob.v2}, file format 2.2+). The dataset schema
 * declares them as {@code struct<data: large_binary, uri: utf8>}; the data file stores, per row, a
 * descriptor {@code struct<kind: uint8, position: uint64, size: uint64, blob_id: uint32,
 * blob_uri: utf8>} (a packed struct). Scans and takes return the descriptor, as lance-core 7.0.0
 * does; {@link BlobTaker} turns descriptors into byte ranges.
 */
public final class BlobColumns {
  private BlobColumns() {}

  /** The Arrow extension name of blob v2 fields. */
  public static final String EXTENSION = BlobV2Descriptor.EXTENSION;

  /** Whether a dataset field is a blob v2 column. */
  public static boolean isBlobV2(LanceField f) {
    return f.isStruct() && EXTENSION.equals(f.metadata().get("ARROW:extension:name"));
  }

  /** Whether any field (at any depth) of the schema is a blob v2 column. */
  public static boolean hasBlobV2(LanceSchema schema) {
    for (LanceField f : schema.allFields()) {
      if (isBlobV2(f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The projection the reader decodes: every blob v2 field replaced by its descriptor struct (same
   * id, name and nullability; the children carry id -1 as in the file). Other fields unchanged.
   */
  public static LanceSchema descriptors(LanceSchema projection) {
    return descriptors(projection, false);
  }

  /**
   * As {@link #descriptors(LanceSchema)}; with {@code nulls} the descriptor struct is null where
   * the blob is null (lance-core's descriptors are never null: a null blob reads as zeros).
   */
  static LanceSchema descriptors(LanceSchema projection, boolean nulls) {
    if (!hasBlobV2(projection)) {
      return projection;
    }
    List<LanceField> out = new ArrayList<>(projection.fields().size());
    for (LanceField f : projection.fields()) {
      out.add(describe(f, nulls));
    }
    return new LanceSchema(out, projection.metadata());
  }

  private static LanceField describe(LanceField f, boolean nulls) {
    if (isBlobV2(f)) {
      if (f.children().size() < 2) {
        throw new InvalidInputException("blob v2 column '" + f.name() + "' reads only whole (as"
            + " its descriptor struct: " + String.join(", ", BlobV2Descriptor.MEMBERS)
            + "), not by member; its bytes come from Dataset.takeBlobs");
      }
      return descriptorField(f, nulls);
    }
    if (f.children().isEmpty()) {
      return f;
    }
    List<LanceField> kids = new ArrayList<>(f.children().size());
    for (LanceField c : f.children()) {
      kids.add(describe(c, nulls));
    }
    return f.withChildren(kids);
  }

  /** The descriptor struct read in place of blob v2 field {@code f}. */
  static LanceField descriptorField(LanceField f, boolean nulls) {
    List<LanceField> kids = new ArrayList<>();
    for (int i = 0; i < BlobV2Descriptor.MEMBERS.size(); i++) {
      kids.add(member(f, BlobV2Descriptor.MEMBERS.get(i), BlobV2Descriptor.TYPES.get(i)));
    }
    Map<String, String> md = f.metadata();
    if (nulls) {
      md = new java.util.LinkedHashMap<>(md);
      md.put(BlobV2Descriptor.KEEP_NULLS, "true");
    }
    return new LanceField(f.id(), f.parentId(), f.name(), "struct", f.nullable(), f.encoding(),
        md, kids);
  }

  private static LanceField member(LanceField parent, String name, String type) {
    return new LanceField(-1, parent.id(), name, type, false, LanceField.Encoding.NONE, Map.of(),
        List.of());
  }
}
