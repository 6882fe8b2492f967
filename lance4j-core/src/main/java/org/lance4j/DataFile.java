package org.lance4j;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One {@code .lance} file of a fragment: which schema fields it stores and in which columns.
 *
 * @param path bare file name, resolved as {@code {dataset}/data/{path}}
 * @param fields field ids stored in this file (-2 = tombstoned column, to be ignored)
 * @param columnIndices column index in the file of each entry of {@code fields}
 * @param fileMajorVersion file format major version (2 for format 2.0)
 * @param fileMinorVersion file format minor version (0 for format 2.0)
 * @param fileSizeBytes exact file size, or 0 when unknown
 * @param baseId base path id for multi-base datasets, or null
 */
public record DataFile(String path, List<Integer> fields, List<Integer> columnIndices,
    int fileMajorVersion, int fileMinorVersion, long fileSizeBytes, Integer baseId)
    implements Serializable {

  public DataFile {
    Objects.requireNonNull(path, "path");
    fields = List.copyOf(fields);
    columnIndices = List.copyOf(columnIndices);
  }

  /**
   * The Lance file format version of this file: {@code "2.0"} (footer version 0.3),
   * {@code "2.1"}, {@code "2.2"}, ..., or {@code "legacy"} for the format before 2.0.
   */
  public String fileVersion() {
    if (fileMajorVersion == 0 && fileMinorVersion == 3) {
      return "2.0";
    }
    return fileMajorVersion < 2 ? "legacy" : fileMajorVersion + "." + fileMinorVersion;
  }

  /** Column index of a field id in this file, or -1 when the file does not hold it. */
  public int columnOf(int fieldId) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i) == fieldId) {
        return i < columnIndices.size() ? columnIndices.get(i) : i;
      }
    }
    return -1;
  }
}
