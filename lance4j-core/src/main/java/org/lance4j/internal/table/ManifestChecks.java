package org.lance4j.internal.table;

import java.util.HashMap;
import java.util.Map;
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
    long[] ids = new long[m.getFragmentsCount()];
    int n = 0;
    for (TableProtos.DataFragment f : m.getFragmentsList()) {
      ids[n++] = f.getId();
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
    // unique ids, checked on a sorted copy of primitives (the manifest is read on every open
    // and commit; a set of boxed ids cost more than the rest of these checks together)
    java.util.Arrays.sort(ids);
    for (int i = 1; i < ids.length; i++) {
      if (ids[i] == ids[i - 1]) {
        throw corrupt(store, path, "fragment id " + ids[i] + " appears twice");
      }
    }
    return m;
  }

  /** The first value of {@code values[0..n)} that appears twice, or -1 (values are >= 0). */
  private static int firstRepeated(int[] values, int n) {
    if (n < 2) {
      return -1;
    }
    int[] sorted = java.util.Arrays.copyOf(values, n);
    java.util.Arrays.sort(sorted);
    for (int i = 1; i < n; i++) {
      if (sorted[i] == sorted[i - 1]) {
        return sorted[i];
      }
    }
    return -1;
  }

  /**
   * Per data file: a plain name, the dataset's file version, {@code column_indices} as long as
   * {@code fields} (or empty, as old writers leave it), no field id or column index twice; and
   * no field id stored by two data files of the fragment (the reader would pick one silently).
   */
  private static void checkFiles(ObjectStore store, String path, TableProtos.DataFragment f,
      String format, boolean checkFormat) {
    // field id -> data file, only needed when the fragment has several data files
    Map<Integer, String> owner = f.getFilesCount() > 1 ? new HashMap<>() : null;
    int[] scratch = new int[8];
    for (TableProtos.DataFile df : f.getFilesList()) {
      String why = DataFileSchemaCheck.plainNameProblem(df.getPath());
      if (why != null) {
        throw corrupt(store, path, "fragment " + f.getId() + ": data file: " + why);
      }
      int major = df.getFileMajorVersion();
      int minor = df.getFileMinorVersion();
      if (checkFormat && !(major == 0 && minor == 0)
          && !(major == 0 && minor == 3 ? "2.0" : major + "." + minor).equals(format)) {
        throw corrupt(store, path, where(f, df) + " has file version " + major + "." + minor
            + " in a dataset of format " + format);
      }
      if (df.getColumnIndicesCount() != 0
          && df.getColumnIndicesCount() != df.getFieldsCount()) {
        throw corrupt(store, path, where(f, df) + " lists " + df.getFieldsCount()
            + " fields but " + df.getColumnIndicesCount() + " column_indices");
      }
      int count = Math.max(df.getColumnIndicesCount(), df.getFieldsCount());
      if (scratch.length < count) {
        scratch = new int[count];
      }
      int k = 0;
      for (int i = 0; i < df.getColumnIndicesCount(); i++) {
        int c = df.getColumnIndices(i);
        if (c >= 0) {
          scratch[k++] = c;
        }
      }
      int twice = firstRepeated(scratch, k);
      if (twice >= 0) {
        throw corrupt(store, path, where(f, df) + ": column index " + twice + " appears twice"
            + " in column_indices");
      }
      k = 0;
      for (int i = 0; i < df.getFieldsCount(); i++) {
        int id = df.getFields(i);
        if (id >= 0) { // -2: a tombstoned field; -1: Lance 2.2's unnumbered blob children
          scratch[k++] = id;
        }
      }
      twice = firstRepeated(scratch, k);
      if (twice >= 0) {
        throw corrupt(store, path, where(f, df) + ": field id " + twice
            + " appears twice in fields");
      }
      if (owner != null) {
        for (int i = 0; i < k; i++) {
          String other = owner.putIfAbsent(scratch[i], df.getPath());
          if (other != null) {
            throw corrupt(store, path, "fragment " + f.getId() + ": field id " + scratch[i]
                + " is stored by two data files, " + other + " and " + df.getPath());
          }
        }
      }
    }
  }

  private static String where(TableProtos.DataFragment f, TableProtos.DataFile df) {
    return "fragment " + f.getId() + ": data file " + df.getPath();
  }

  private static CorruptFileException corrupt(ObjectStore store, String path, String why) {
    return new CorruptFileException("corrupt manifest " + store.root() + "/" + path + ": " + why);
  }
}
