package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.LanceField;

/**
 * The descriptor struct a 2.2 data file stores for each row of a blob v2 column (Arrow extension
 * {@code lance.blob.v2}): a packed struct {@code <kind: uint8, position: uint64, size: uint64,
 * blob_id: uint32, blob_uri: utf8>}, the file's field carrying {@code lance-encoding:blob} and
 * {@code lance-encoding:packed}. Kinds: 0 inline (bytes at {@code position} of the data file), 1
 * packed (a range of sidecar {@code blob_id}), 2 dedicated (all of sidecar {@code blob_id}), 3
 * external ({@code blob_uri}, optionally a range of it).
 */
public final class BlobV2Descriptor {
  private BlobV2Descriptor() {}

  /** Member names in file order. */
  public static final List<String> MEMBERS =
      List.of("kind", "position", "size", "blob_id", "blob_uri");

  /** Member logical types in file order. */
  public static final List<String> TYPES =
      List.of("uint8", "uint64", "uint64", "uint32", "string");

  public static final int INLINE = 0;
  public static final int PACKED = 1;
  public static final int DEDICATED = 2;
  public static final int EXTERNAL = 3;

  /**
   * Refuses to write a schema with a blob v2 field (Arrow extension {@code lance.blob.v2}):
   * lance4j reads blob v2 columns but does not write them (their payloads would need sidecar
   * files and descriptors, not a plain struct).
   */
  public static void refuseWrite(org.lance4j.LanceSchema schema, String fileName) {
    for (LanceField f : schema.allFields()) {
      if (f.isStruct() && EXTENSION.equals(f.metadata().get("ARROW:extension:name"))) {
        throw new org.lance4j.UnsupportedFormatException("cannot write field '" + f.name()
            + "' (Arrow extension " + EXTENSION + ", a blob v2 column) to " + fileName
            + ": lance4j reads blob v2 columns but does not write them yet");
      }
    }
  }

  /** The Arrow extension name of blob v2 fields. */
  public static final String EXTENSION = "lance.blob.v2";

  /** Whether the file's own field {@code stored} is blob v2 descriptor storage. */
  static boolean isStorage(LanceField stored) {
    return stored != null && stored.isStruct()
        && "true".equalsIgnoreCase(stored.metadata().get("lance-encoding:blob"));
  }

  /**
   * Field metadata that asks for the blob field's own validity on the descriptor struct (null
   * where the blob is null). Without it the descriptor struct is all valid, as lance-core 7.0.0
   * returns it (null blobs read as zero descriptors, like empty ones).
   */
  public static final String KEEP_NULLS = "lance4j:blob-descriptor-nulls";

  /**
   * The validity for descriptor field {@code f}: all valid (null), as lance-core returns
   * descriptors, or, with {@link #KEEP_NULLS}, the blob field's own (its outer rep/def layer).
   */
  static byte[] validity(LanceField f, Nest nest) {
    byte[][] v = nest.validity();
    return "true".equals(f.metadata().get(KEEP_NULLS)) ? v[v.length - 1] : null;
  }

  /** Whether a field asked of a file has the descriptor shape (the members above, in order). */
  public static boolean isDescriptor(LanceField f) {
    if (!f.isStruct() || f.children().size() != MEMBERS.size()) {
      return false;
    }
    for (int i = 0; i < MEMBERS.size(); i++) {
      LanceField c = f.children().get(i);
      if (!MEMBERS.get(i).equals(c.name()) || !TYPES.get(i).equals(c.logicalType())) {
        return false;
      }
    }
    return true;
  }
}
