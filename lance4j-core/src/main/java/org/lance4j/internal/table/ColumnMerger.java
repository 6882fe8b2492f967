package org.lance4j.internal.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.ColumnTransform;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;

/**
 * Adding columns: new data files per fragment (mergeColumns), one Merge commit (addColumns), and
 * dropping columns (one Project commit, metadata only).
 *
 * <p>{@code mergeColumns} reads a fragment in physical row order, deleted rows included (the new
 * data file must hold exactly {@code physical_rows} rows aligned with the existing files), hands
 * each batch to the transform and streams what it returns into one new data file. The new
 * columns get field ids from {@code max field id + 1}, where the maximum covers the schema and
 * every data file of the version (a dropped column's id is never reused), so every worker that
 * starts from the same version assigns the same ids.
 */
public final class ColumnMerger {
  private ColumnMerger() {}

  /**
   * Computes new columns for one fragment of {@code snapshot} and writes them as one new data
   * file; commits nothing.
   *
   * @param readColumns columns handed to the transform (null = all)
   * @throws InvalidInputException when the fragment is not part of the snapshot, the transform
   *     returns a different row count or schema between batches, or a new column's name clashes
   *     with an existing one
   */
  public static MergeResult mergeColumns(Snapshot snapshot, FragmentMetadata fragment,
      ColumnTransform transform, List<String> readColumns, BufferAllocator allocator) {
    requireMember(snapshot, fragment);
    return new MergeRun(snapshot, fragment, transform, allocator).run(readColumns);
  }

  /**
   * Like {@link #mergeColumns(Snapshot, FragmentMetadata, ColumnTransform, List, BufferAllocator)}
   * with columns computed by SQL expressions ({@code "name_len" -> "length(name)"}). New columns
   * come in the map's order when it has one (LinkedHashMap, SortedMap), otherwise sorted by name
   * so that every worker assigns the same field ids.
   */
  public static MergeResult mergeColumns(Snapshot snapshot, FragmentMetadata fragment,
      Map<String, String> sqlExpressions, BufferAllocator allocator) {
    ExpressionTransform t = ExpressionTransform.of(snapshot.schema(), sqlExpressions);
    return mergeColumns(snapshot, fragment, t, t.readColumns(), allocator);
  }

  /** All fragments, one Merge commit; returns the new version. */
  public static Snapshot addColumns(Snapshot snapshot, ColumnTransform transform,
      List<String> readColumns) {
    List<FragmentMetadata> merged = new ArrayList<>();
    LanceSchema schema = null;
    try (BufferAllocator allocator = OperationMemory.root("merge of columns into " + snapshot.uri())) {
      try {
        for (FragmentMetadata f : snapshot.fragments()) {
          MergeResult r = mergeColumns(snapshot, f, transform, readColumns, allocator);
          merged.add(r.fragment());
          schema = r.schema();
        }
        if (schema == null) {
          schema = MergeRun.schemaFromEmptyBatch(snapshot, transform, readColumns, allocator);
        }
      } catch (RuntimeException | Error e) {
        deleteNewFiles(snapshot, merged, e);
        throw e;
      }
    }
    return Committer.commit(snapshot.store(), snapshot.uri(), new Operation.Merge(merged, schema),
        snapshot.version());
  }

  /** SQL-expression variant of {@link #addColumns(Snapshot, ColumnTransform, List)}. */
  public static Snapshot addColumns(Snapshot snapshot, Map<String, String> sqlExpressions) {
    ExpressionTransform t = ExpressionTransform.of(snapshot.schema(), sqlExpressions);
    return addColumns(snapshot, t, t.readColumns());
  }

  /**
   * Project commit without the named columns (metadata only: data files are kept). A column is a
   * top-level name or a dotted path to a struct member ({@code "point.x"}).
   *
   * @throws InvalidInputException naming a column that does not exist, or when nothing would be
   *     left
   */
  public static Snapshot dropColumns(Snapshot snapshot, List<String> columns) {
    LanceSchema schema = SchemaEdits.without(snapshot.schema(), columns, snapshot.uri());
    return Committer.commit(snapshot.store(), snapshot.uri(), new Operation.Project(schema),
        snapshot.version());
  }

  /**
   * The highest field id a version uses: in its schema or in any data file (a dropped column's
   * data may still be on disk under its old id). New fields continue after it.
   */
  public static int maxFieldId(Snapshot snapshot) {
    int max = snapshot.schema().maxFieldId();
    for (FragmentMetadata f : snapshot.fragments()) {
      for (DataFile file : f.files()) {
        for (int id : file.fields()) {
          max = Math.max(max, id);
        }
      }
    }
    return max;
  }

  private static void requireMember(Snapshot snapshot, FragmentMetadata fragment) {
    FragmentMetadata mine = snapshot.fragment(fragment.id());
    if (mine == null) {
      throw new InvalidInputException("fragment " + fragment.id() + " is not part of version "
          + snapshot.version() + " of dataset " + snapshot.uri());
    }
    if (mine.physicalRows() != fragment.physicalRows()) {
      throw new InvalidInputException("fragment " + fragment.id() + " has physical_rows "
          + fragment.physicalRows() + " but version " + snapshot.version() + " of "
          + snapshot.uri() + " says " + mine.physicalRows());
    }
  }

  /** Removes the data files added to {@code merged} fragments (their last file). */
  private static void deleteNewFiles(Snapshot snapshot, List<FragmentMetadata> merged,
      Throwable cause) {
    for (FragmentMetadata f : merged) {
      DataFile added = f.files().get(f.files().size() - 1);
      try {
        snapshot.store().delete(DataFileNames.path(added.path()));
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * Opens a scan of every physical row of {@code fragment}, deleted rows included, in order:
   * the deletion vector is simply left out of the fragment that is scanned.
   */
  static ArrowReader scanPhysical(Snapshot snapshot, FragmentMetadata fragment,
      List<String> readColumns, BufferAllocator allocator) {
    FragmentMetadata all = new FragmentMetadata(fragment.id(), fragment.files(),
        fragment.physicalRows(), null);
    ScanOptions.Builder o = ScanOptions.builder();
    if (readColumns != null) {
      o.columns(readColumns);
    }
    return FragmentScanner.scan(snapshot, List.of(all), o.build(), allocator);
  }

  /** Wraps an I/O failure while reading a fragment. */
  static LanceIOException readFailure(Snapshot snapshot, FragmentMetadata f, IOException e) {
    return new LanceIOException("reading fragment " + f.id() + " of " + snapshot.uri(), e);
  }

  /** The transform's output as a root (it must not hand back the input batch). */
  static VectorSchemaRoot checkedOutput(VectorSchemaRoot in, VectorSchemaRoot out,
      FragmentMetadata f) {
    if (out == null) {
      throw new InvalidInputException("the column transform returned null for fragment "
          + f.id());
    }
    if (out == in) {
      throw new InvalidInputException("the column transform returned its input batch for"
          + " fragment " + f.id() + "; it must return a new root holding only the new columns");
    }
    return out;
  }
}
