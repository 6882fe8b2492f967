package org.lance4j.internal.table;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lance4j.CorruptFileException;
import org.lance4j.internal.SchemaProtos;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/**
 * The cheap consistency checks of a decoded manifest, run on every open: a manifest that
 * decodes but contradicts itself (a bit flip that kept the protobuf well-formed, a hand edit, a
 * writer bug) raises a {@link CorruptFileException} naming the file, the fragment and the field
 * instead of being used as is. Only what Lance itself never writes is refused: data files may
 * still hold ids of dropped columns, fragments may lack columns added later (they read as null).
 */
final class ManifestChecks {
  private ManifestChecks() {}

  static TableProtos.Manifest check(ObjectStore store, String path, TableProtos.Manifest m) {
    long named = ManifestNaming.parse(path.substring(path.lastIndexOf('/') + 1));
    if (named >= 0 && m.getVersion() != named) {
      throw corrupt(store, path, "it says version " + m.getVersion() + " but its name is that"
          + " of version " + named);
    }
    String schema = SchemaProtos.problem(m.getFieldsList());
    if (schema != null) {
      throw corrupt(store, path, "schema " + schema);
    }
    String format = m.hasDataFormat() ? m.getDataFormat().getVersion() : "";
    boolean checkFormat = format.matches("2\\.\\d+");
    Set<Long> ids = new HashSet<>();
    for (TableProtos.DataFragment f : m.getFragmentsList()) {
      if (!ids.add(f.getId())) {
        throw corrupt(store, path, "fragment id " + f.getId() + " appears twice");
      }
      if (m.hasMaxFragmentId() && Long.compareUnsigned(f.getId(),
          Integer.toUnsignedLong(m.getMaxFragmentId())) > 0) {
        throw corrupt(store, path, "fragment id " + f.getId() + " is above max_fragment_id "
            + Integer.toUnsignedString(m.getMaxFragmentId()));
      }
      if (f.getFilesCount() == 0) {
        throw corrupt(store, path, "fragment " + f.getId() + " has no data files");
      }
      checkFiles(store, path, f, format, checkFormat);
      if (f.getPhysicalRows() < 0) {
        throw corrupt(store, path, "fragment " + f.getId() + " has "
            + Long.toUnsignedString(f.getPhysicalRows()) + " physical rows");
      }
      if (f.hasDeletionFile() && (f.getDeletionFile().getNumDeletedRows() < 0
          || f.getDeletionFile().getNumDeletedRows() > f.getPhysicalRows())) {
        throw corrupt(store, path, "fragment " + f.getId() + " deletes "
            + f.getDeletionFile().getNumDeletedRows() + " of its " + f.getPhysicalRows()
            + " rows");
      }
    }
    return m;
  }

  /**
   * Per data file: a plain name, the dataset's file version, {@code column_indices} as long as
   * {@code fields} (or empty, as old writers leave it), no field id or column index twice; and
   * no field id stored by two data files of the fragment (the reader would pick one silently).
   */
  private static void checkFiles(ObjectStore store, String path, TableProtos.DataFragment f,
      String format, boolean checkFormat) {
    Map<Integer, String> owner = new HashMap<>();
    for (TableProtos.DataFile df : f.getFilesList()) {
      String where = "fragment " + f.getId() + ": data file " + df.getPath();
      String why = DataFileSchemaCheck.plainNameProblem(df.getPath());
      if (why != null) {
        throw corrupt(store, path, "fragment " + f.getId() + ": data file: " + why);
      }
      int major = df.getFileMajorVersion();
      int minor = df.getFileMinorVersion();
      String v = major == 0 && minor == 3 ? "2.0" : major + "." + minor;
      if (checkFormat && !(major == 0 && minor == 0) && !v.equals(format)) {
        throw corrupt(store, path, where + " has file version " + major + "." + minor
            + " in a dataset of format " + format);
      }
      if (df.getColumnIndicesCount() != 0
          && df.getColumnIndicesCount() != df.getFieldsCount()) {
        throw corrupt(store, path, where + " lists " + df.getFieldsCount() + " fields but "
            + df.getColumnIndicesCount() + " column_indices");
      }
      Set<Integer> columns = new HashSet<>();
      for (int i = 0; i < df.getColumnIndicesCount(); i++) {
        int c = df.getColumnIndices(i);
        if (c >= 0 && !columns.add(c)) {
          throw corrupt(store, path, where + ": column index " + c + " appears twice in"
              + " column_indices");
        }
      }
      Set<Integer> mine = new HashSet<>();
      for (int id : df.getFieldsList()) {
        if (id < 0) {
          continue; // -2: a tombstoned field; -1: Lance 2.2's unnumbered blob children
        }
        if (!mine.add(id)) {
          throw corrupt(store, path, where + ": field id " + id + " appears twice in fields");
        }
        String other = owner.putIfAbsent(id, df.getPath());
        if (other != null) {
          throw corrupt(store, path, "fragment " + f.getId() + ": field id " + id
              + " is stored by two data files, " + other + " and " + df.getPath());
        }
      }
    }
  }

  private static CorruptFileException corrupt(ObjectStore store, String path, String why) {
    return new CorruptFileException("corrupt manifest " + store.root() + "/" + path + ": " + why);
  }
}
