package org.lance4j;

import java.io.Serializable;

/**
 * The deletion vector of a fragment: {@code _deletions/{fragmentId}-{readVersion}-{id}.{ext}}.
 *
 * @param fileType ARROW_ARRAY ({@code .arrow}) or BITMAP ({@code .bin})
 * @param numDeletedRows number of deleted rows
 * @param baseId base path id for multi-base datasets, or null
 */
public record DeletionFile(Type fileType, long readVersion, long id, long numDeletedRows,
    Integer baseId) implements Serializable {

  /** How the deleted row offsets are stored. */
  public enum Type {
    ARROW_ARRAY("arrow", "array"),
    BITMAP("bin", "bitmap");

    private final String extension;
    private final String jsonName;

    Type(String extension, String jsonName) {
      this.extension = extension;
      this.jsonName = jsonName;
    }

    public String extension() {
      return extension;
    }

    /** The name used in pylance's fragment JSON ("array" / "bitmap"). */
    public String jsonName() {
      return jsonName;
    }
  }

  /** Path relative to the dataset root. */
  public String path(long fragmentId) {
    // ids are random u64 values: print them unsigned (a Java long may hold them as negative)
    return "_deletions/" + fragmentId + "-" + Long.toUnsignedString(readVersion) + "-"
        + Long.toUnsignedString(id) + "." + fileType.extension();
  }
}
