package org.lance4j.internal.table;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.DataFile;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceException;
import org.lance4j.LanceField;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.FileFooter;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;
import org.roaringbitmap.RoaringBitmap;

/**
 * Before new fragments are committed, checks their metadata against the files (each distinct
 * data file's footer is read once, the same small tail read as before these checks):
 *
 * <ul>
 *   <li>paths are plain file names (no NUL, no separator, not {@code .} or {@code ..}) and no
 *       {@code base_id} the dataset does not have;
 *   <li>the data file exists, its footer's format version is the one the metadata states, and
 *       it holds exactly {@code physical_rows} (> 0) rows;
 *   <li>{@code fields} / {@code column_indices} map each field id to the column the file stores
 *       it in, and the file stores what the dataset schema says under each id (same name and
 *       logical type); together the files cover every field. Field ids alone are not enough:
 *       fragments written for another schema reuse the same ids for different columns;
 *   <li>a deletion file exists, decodes, and deletes fewer than {@code physical_rows} rows, all
 *       below {@code physical_rows};
 *   <li>({@link #requireNew}) no data file is already referenced by the version built on, or
 *       twice in the commit (that would duplicate rows).
 * </ul>
 *
 * Every refusal is an {@link InvalidInputException} naming the fragment, the file and the field.
 */
final class DataFileSchemaCheck {
  private final ObjectStore store;
  private final String dataset;
  private final Map<String, FileFooter> footers = new LinkedHashMap<>();
  private final Set<String> deletionFilesChecked = new HashSet<>();
  /** Footer reads started by {@link #prefetch}, by data file path. */
  private final Map<String, java.util.concurrent.CompletableFuture<FileFooter>> pending =
      new java.util.HashMap<>();
  /** Footers read ahead by {@link #prefetch} at most (the rest are read when checked). */
  static final int PREFETCH_MAX = 16;
  private static final java.util.concurrent.ExecutorService FOOTER_READS =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lance4j-commit-footer");
        t.setDaemon(true);
        return t;
      });

  DataFileSchemaCheck(ObjectStore store, String dataset) {
    this.store = store;
    this.dataset = dataset;
  }

  /**
   * @throws InvalidInputException naming the data file and field that disagree with the schema
   */
  void require(List<FragmentMetadata> fragments, LanceSchema schema) {
    require(fragments, schema, schema);
  }

  /**
   * Like {@link #require(List, LanceSchema)}, but only the fields of {@code mustCover} (the schema
   * the fragments were written for) must have data: an Append built on an older version may land
   * after a concurrent Merge added columns, and its rows read those columns as null (as in Lance,
   * where Append and Merge are compatible).
   */
  void require(List<FragmentMetadata> fragments, LanceSchema schema, LanceSchema mustCover) {
    for (FragmentMetadata f : fragments) {
      checkPlain(f);
      if (f.files().isEmpty()) {
        throw refuse(f, null, "files", "the fragment has no data files");
      }
      if (f.physicalRows() <= 0) {
        throw refuse(f, null, "physical_rows", "must be > 0, got " + f.physicalRows());
      }
      Set<Integer> covered = new HashSet<>();
      for (DataFile df : f.files()) {
        FileFooter footer = footer(df);
        checkFile(f, df, footer);
        LanceSchema stored = footer.schema();
        for (int id : df.fields()) {
          if (id < 0) {
            continue; // tombstone
          }
          LanceField want = schema.fieldById(id);
          if (want == null) {
            continue; // not in the schema: never read (reported elsewhere when it matters)
          }
          LanceField got = stored.fieldById(id);
          if (got == null) {
            throw new InvalidInputException("data file " + df.path() + " of " + dataset
                + " lists field id " + id + " ('" + want.name() + "') but does not store it");
          }
          if (!got.name().equals(want.name()) || !got.logicalType().equals(want.logicalType())) {
            throw new InvalidInputException("schema mismatch committing to " + dataset
                + ": data file " + df.path() + " stores field id " + id + " as '" + got.name()
                + "' (" + got.logicalType() + ") but the dataset's field " + id + " is '"
                + want.name() + "' (" + want.logicalType() + "); write fragments for an existing"
                + " dataset with WriteOptions mode APPEND so they use its field ids");
          }
          covered.add(id);
          // 2.1+ files list only leaf fields: a struct, list or map is stored through its leaves
          for (LanceField p = schema.fieldById(want.parentId()); p != null && (p.isStruct()
              || p.isList() || p.logicalType().equals("map"));
              p = schema.fieldById(p.parentId())) {
            covered.add(p.id());
          }
        }
      }
      for (LanceField want : schema.allFields()) {
        if (!covered.contains(want.id()) && mustCover.fieldById(want.id()) != null) {
          throw new InvalidInputException("schema mismatch committing to " + dataset
              + ": fragment with data files " + f.files().stream().map(DataFile::path).toList()
              + " has no data for field '" + want.name() + "' (id " + want.id() + ")");
        }
      }
      checkDeletions(f);
    }
  }

  /**
   * Refuses data files that {@code base} (the version the commit builds on, may be null)
   * already references, or that appear twice among {@code fragments}: committing them again
   * would duplicate their rows.
   */
  void requireNew(List<FragmentMetadata> fragments, TableProtos.Manifest base) {
    // the commit's own paths in a small map; the base's (possibly many thousand) data files are
    // only looked up in it, not hashed into a set of their own on every commit
    Map<String, FragmentMetadata> mine = new HashMap<>();
    Map<String, DataFile> files = new HashMap<>();
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        if (mine.putIfAbsent(df.path(), f) != null) {
          throw refuse(f, df, "path", "the data file appears twice in this commit");
        }
        files.put(df.path(), df);
      }
    }
    if (base == null) {
      return;
    }
    for (TableProtos.DataFragment f : base.getFragmentsList()) {
      for (TableProtos.DataFile df : f.getFilesList()) {
        FragmentMetadata again = mine.get(df.getPath());
        if (again != null) {
          throw refuse(again, files.get(df.getPath()), "path", "the data file is already"
              + " committed (fragment " + f.getId() + " of version " + base.getVersion()
              + "); committing it again would duplicate its rows (to retry a commit safely,"
              + " give it an idempotency key)");
        }
      }
    }
  }

  /** The base ids the dataset knows: those of {@code manifest}'s base paths (none if null). */
  static Set<Integer> baseIds(TableProtos.Manifest manifest) {
    Set<Integer> out = new HashSet<>();
    if (manifest != null) {
      for (TableProtos.BasePath b : manifest.getBasePathsList()) {
        out.add(b.getId());
      }
    }
    return out;
  }

  /**
   * Paths and base ids of every data and deletion file, before any of them is touched: a path
   * with a NUL byte or {@code ..} must never reach the object store.
   */
  void checkPlain(FragmentMetadata f) {
    for (DataFile df : f.files()) {
      String why = plainNameProblem(df.path());
      if (why != null) {
        throw refuse(f, df, "path", why);
      }
      if (df.baseId() != null) {
        throw refuse(f, df, "base_id", "base path " + df.baseId() + " is not a base of the"
            + " dataset (lance4j commits data files under the dataset's data/ directory only)");
      }
    }
    DeletionFile del = f.deletionFile();
    if (del != null && del.baseId() != null) {
      throw refuse(f, null, "deletion_file.base_id", "base path " + del.baseId()
          + " is not a base of the dataset");
    }
  }

  /** Why {@code name} is not a plain data file name, or null when it is one. */
  static String plainNameProblem(String name) {
    if (name.isEmpty()) {
      return "the path is empty";
    }
    if (name.equals(".") || name.equals("..")) {
      return "'" + name + "' is not a file name";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0) {
        return "the path contains a NUL character";
      }
      if (c == '/' || c == '\\') {
        return "the path '" + name + "' contains a separator: data file paths are bare file"
            + " names in the dataset's data/ directory";
      }
      if (Character.isISOControl(c)) {
        return "the path contains control character U+" + String.format("%04X", (int) c);
      }
    }
    return null;
  }

  private void checkFile(FragmentMetadata f, DataFile df, FileFooter footer) {
    String stated = df.fileVersion();
    if (!stated.equals(footer.version())) {
      throw refuse(f, df, "file_major_version/file_minor_version", "the metadata says format "
          + df.fileMajorVersion() + "." + df.fileMinorVersion() + " (" + stated + ") but the"
          + " file's footer says " + footer.version());
    }
    if (footer.numRows() != f.physicalRows()) {
      throw refuse(f, df, "physical_rows", "the fragment says " + f.physicalRows()
          + " rows but the data file holds " + footer.numRows());
    }
    List<Integer> fields = df.fields();
    List<Integer> cols = df.columnIndices();
    if (!cols.isEmpty() && cols.size() != fields.size()) {
      throw refuse(f, df, "column_indices", cols.size() + " column indices for "
          + fields.size() + " fields");
    }
    // the file stores its columns in the pre-order of its own schema
    Map<Integer, Integer> position = new HashMap<>();
    List<LanceField> stored = footer.schema().allFields();
    for (int i = 0; i < stored.size(); i++) {
      position.put(stored.get(i).id(), i);
    }
    boolean v20 = footer.version().equals("2.0");
    Set<Integer> ids = new HashSet<>();
    Set<Integer> usedCols = new HashSet<>();
    int lastPos = -1;
    int lastCol = -1;
    for (int i = 0; i < fields.size(); i++) {
      int id = fields.get(i);
      int col = cols.isEmpty() ? i : cols.get(i);
      if (id < 0) {
        continue; // tombstoned column
      }
      if (!ids.add(id)) {
        throw refuse(f, df, "fields", "field id " + id + " is listed twice");
      }
      if (col < 0 || col >= footer.numColumns()) {
        throw refuse(f, df, "column_indices", "field id " + id + " maps to column " + col
            + ", but the file has columns 0.." + (footer.numColumns() - 1));
      }
      if (!usedCols.add(col)) {
        throw refuse(f, df, "column_indices", "column " + col + " is given to two fields");
      }
      Integer pos = position.get(id);
      if (pos == null) {
        continue; // reported below by the schema check with the field's name
      }
      if (v20 ? col != pos : (pos > lastPos) != (col > lastCol)) {
        throw refuse(f, df, "column_indices", "field id " + id + " ('"
            + stored.get(pos).name() + "') maps to column " + col + ", but the file stores it"
            + (v20 ? " in column " + pos : " in another order") + " (fields and column_indices"
            + " permuted?)");
      }
      lastPos = pos;
      lastCol = col;
    }
  }

  private void checkDeletions(FragmentMetadata f) {
    DeletionFile del = f.deletionFile();
    if (del == null) {
      return;
    }
    if (del.numDeletedRows() < 0 || del.numDeletedRows() >= f.physicalRows()) {
      throw refuse(f, null, "deletion_file.num_deleted_rows", "must be in [0, "
          + f.physicalRows() + "), got " + del.numDeletedRows()
          + " (a fragment whose rows are all deleted is removed, not committed)");
    }
    String path = BasedStore.prefix(del.baseId()) + del.path(f.id());
    if (!deletionFilesChecked.add(path)) {
      return;
    }
    RoaringBitmap deleted;
    try (BufferAllocator a = new RootAllocator(0)) { // decoding allocates no Arrow buffers
      deleted = DeletionVectors.read(store, f.id(), f.physicalRows(), del, a);
    } catch (LanceException e) {
      throw new InvalidInputException("fragment " + f.id() + " committed to " + dataset
          + ": deletion file " + path + " (field deletion_file) cannot be used: "
          + e.getMessage(), e);
    }
    if (deleted.getLongCardinality() >= f.physicalRows()) {
      throw refuse(f, null, "deletion_file", "deletion file " + path + " deletes "
          + deleted.getLongCardinality() + " of " + f.physicalRows() + " rows");
    }
  }

  /** The schema stored in the first data file of the first fragment (Append creating a dataset). */
  LanceSchema schemaOfFirstFile(List<FragmentMetadata> fragments) {
    for (FragmentMetadata f : fragments) {
      checkPlain(f);
      if (!f.files().isEmpty()) {
        return footer(f.files().get(0)).schema();
      }
    }
    throw new InvalidInputException("cannot create " + dataset
        + " from an Append whose fragments have no data files");
  }

  /**
   * Starts reading the footers of the fragments' data files (up to {@link #PREFETCH_MAX}) in the
   * background, so that on an object store their requests overlap the commit's listing and
   * manifest read instead of following them. The checks use them as if read then; a failed read
   * is simply read again by the check, which reports it.
   */
  void prefetch(List<FragmentMetadata> fragments) {
    int n = 0;
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        if (n >= PREFETCH_MAX) {
          return;
        }
        if (footers.containsKey(df.path()) || pending.containsKey(df.path())) {
          continue;
        }
        n++;
        try {
          pending.put(df.path(), java.util.concurrent.CompletableFuture.supplyAsync(
              () -> FileFooter.read(store, DataFileNames.path(df), df.fileSizeBytes()),
              FOOTER_READS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          return;
        }
      }
    }
  }

  private FileFooter footer(DataFile df) {
    // schema-only footer read: the column metadata LanceFileReader.open parses is not needed
    FileFooter known = footers.get(df.path());
    if (known != null) {
      return known;
    }
    java.util.concurrent.CompletableFuture<FileFooter> started = pending.remove(df.path());
    if (started != null) {
      try {
        FileFooter got = started.join();
        footers.put(df.path(), got);
        return got;
      } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
        // read it again below: its error is reported as a read in place would report it
      }
    }
    FileFooter footer;
    try {
      footer = FileFooter.read(store, DataFileNames.path(df), df.fileSizeBytes());
    } catch (LanceIOException e) {
      if (isMissing(e)) {
        throw new InvalidInputException("data file " + df.path() + " committed to " + dataset
            + " does not exist (" + store.root() + "/" + DataFileNames.path(df) + ")", e);
      }
      throw e;
    }
    footers.put(df.path(), footer);
    return footer;
  }

  private static boolean isMissing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
        return true;
      }
    }
    return false;
  }

  private InvalidInputException refuse(FragmentMetadata f, DataFile df, String field,
      String why) {
    return new InvalidInputException("fragment " + f.id() + " committed to " + dataset
        + (df == null ? "" : ", data file " + df.path()) + ", field " + field + ": " + why);
  }
}
