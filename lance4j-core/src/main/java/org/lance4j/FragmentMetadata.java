package org.lance4j;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.lance4j.internal.table.FragmentJson;

/**
 * Metadata of one fragment: its data files, row count and deletions. This is what workers hand to
 * the committer, as JSON ({@link #toJson()} / {@link #fromJson(String)}, pylance's shape) or through
 * Java serialization.
 *
 * @param id fragment id; 0 for freshly written fragments until a commit numbers them
 * @param files data files, each holding a subset of the schema's fields
 * @param physicalRows rows stored in the files, deleted ones included
 * @param deletionFile deletion vector, or null
 */
public record FragmentMetadata(long id, List<DataFile> files, long physicalRows,
    DeletionFile deletionFile) implements Serializable {

  public FragmentMetadata {
    files = List.copyOf(Objects.requireNonNull(files, "files"));
    if (physicalRows < 0) {
      throw new InvalidInputException("fragment " + id + ": physical_rows must be >= 0");
    }
  }

  /** Rows visible to readers: physical rows minus deleted ones. */
  public long numRows() {
    return physicalRows - (deletionFile == null ? 0 : deletionFile.numDeletedRows());
  }

  /** A copy with another id. */
  public FragmentMetadata withId(long newId) {
    return new FragmentMetadata(newId, files, physicalRows, deletionFile);
  }

  /** pylance {@code FragmentMetadata.to_json()} form, serialized as a JSON object string. */
  public String toJson() {
    return FragmentJson.toJson(this);
  }

  /**
   * Parses one fragment from pylance's {@code to_json()} form or Rust's serde form.
   *
   * @throws InvalidInputException naming what is wrong with the JSON
   */
  public static FragmentMetadata fromJson(String json) {
    return FragmentJson.fromJson(json);
  }

  /** A JSON array of fragments, as the CLI and other tools exchange them. */
  public static String toJsonArray(List<FragmentMetadata> fragments) {
    return FragmentJson.toJsonArray(fragments);
  }

  /** Parses a JSON array of fragments (or a single object). */
  public static List<FragmentMetadata> fromJsonArray(String json) {
    return FragmentJson.fromJsonArray(json);
  }
}
