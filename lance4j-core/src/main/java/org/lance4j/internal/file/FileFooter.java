package org.lance4j.internal.file;

import org.lance4j.LanceSchema;
import org.lance4j.storage.ObjectStore;

/**
 * What the end of a Lance data file says about it, from the same small tail read as
 * {@link LanceFileReader#readSchema}: the stored schema, the row count (file descriptor), the
 * number of columns and the footer's format version. Commits check new fragments against it.
 *
 * <p>Internal API: used by the table layer; not for applications.
 *
 * @param schema the schema stored in the file (its field ids)
 * @param numRows rows the file holds
 * @param numColumns columns in the column metadata table
 * @param major footer major version (0 for a 2.0 file written with footer 0.3)
 * @param minor footer minor version
 */
public record FileFooter(LanceSchema schema, long numRows, long numColumns, int major,
    int minor) {

  /**
   * Reads the footer of {@code path} (relative to the store root).
   *
   * @throws org.lance4j.CorruptFileException naming the file when it is truncated or not Lance
   * @throws org.lance4j.UnsupportedFormatException naming the file for unsupported versions
   */
  public static FileFooter read(ObjectStore store, String path, long knownSize) {
    FileMetadataReader.Summary s = FileMetadataReader.readSummary(store, path, knownSize);
    return new FileFooter(s.schema(), s.numRows(), s.numColumns(), s.major(), s.minor());
  }

  /** The file format version as Lance names it: "2.0" (footer 0.3 or 2.0), "2.1", ... */
  public String version() {
    return major == 0 && minor == 3 ? "2.0" : major + "." + minor;
  }
}
