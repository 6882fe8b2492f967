package org.lance4j.internal.file;

import org.lance4j.internal.file.v20.V20FileWriter;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance4j.LanceSchema;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.file.v21.V21FileWriter;

/**
 * A writer of one Lance data file, whatever its format version: 2.0 ({@link V20FileWriter}) or
 * 2.1 / 2.2 ({@link V21FileWriter}).
 *
 * <p>Internal API: used by the table layer; not for applications.
 */
public interface DataFileWriter extends AutoCloseable {
  /** Appends a batch whose vectors match the schema's top-level fields by position and type. */
  void write(VectorSchemaRoot batch);

  long rowsWritten();

  /** Bytes written so far plus bytes buffered for pages not yet written. */
  long estimatedBytes();

  /** Writes the rest and the footer, closes the stream; returns the file size. */
  long finish();

  /** Releases buffers and closes the stream; an unfinished file is left incomplete. */
  @Override
  void close();

  /** Minor version of a data storage version "2.0", "2.1" or "2.2". */
  static int minorOf(String version) {
    String v = version == null ? "" : version.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "2.0" -> 0;
      case "2.1" -> 1;
      case "2.2" -> 2;
      default -> throw new UnsupportedFormatException("lance4j cannot write data file format '"
          + version + "'; it writes 2.0, 2.1 and 2.2");
    };
  }

  /**
   * The field ids a data file of format 2.{@code minor} records in the manifest, in column order:
   * 2.0 every field depth first (one column each), 2.1+ the leaf fields only (a struct has no
   * column of its own), as Lance records them.
   */
  static java.util.List<Integer> fieldIds(LanceSchema schema, int minor) {
    java.util.List<Integer> ids = new java.util.ArrayList<>();
    for (org.lance4j.LanceField f : minor == 0 ? schema.allFields() : schema.fields()) {
      if (minor == 0) {
        ids.add(f.id());
      } else {
        V21FileWriter.leafIds(f, ids);
      }
    }
    return ids;
  }

  /** Opens a writer of data file format {@code version} ("2.0", "2.1" or "2.2"). */
  static DataFileWriter open(OutputStream out, LanceSchema schema, long pageSizeBytes,
      String fileName, String version) {
    int minor = minorOf(version);
    if (minor == 0) {
      return new V20FileWriter(out, schema, pageSizeBytes, fileName);
    }
    return new V21FileWriter(out, schema, pageSizeBytes, fileName, minor);
  }
}
