package org.lance4j;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.internal.table.ColumnMerger;
import org.lance4j.internal.table.Deleter;
import org.lance4j.internal.table.FragmentScanner;
import org.lance4j.internal.table.Snapshot;

/** One fragment of a dataset version. */
public final class Fragment {
  private final Snapshot snapshot;
  private final FragmentMetadata metadata;

  Fragment(Snapshot snapshot, FragmentMetadata metadata) {
    this.snapshot = snapshot;
    this.metadata = metadata;
  }

  public long id() {
    return metadata.id();
  }

  public FragmentMetadata metadata() {
    return metadata;
  }

  /** Visible rows (deleted rows excluded). */
  public long countRows() {
    return metadata.numRows();
  }

  public ArrowReader scan(BufferAllocator allocator) {
    return scan(allocator, ScanOptions.defaults());
  }

  /** Scans this fragment; {@code options.fragmentIds()} is ignored. Caller closes the reader. */
  public ArrowReader scan(BufferAllocator allocator, ScanOptions options) {
    return FragmentScanner.scan(snapshot, List.of(metadata), options, allocator);
  }

  /**
   * Computes new columns for this fragment (a worker's share of a distributed add-columns): reads
   * {@code readColumns} (null = all) batch by batch, writes what {@code transform} returns as one
   * new data file. Commit the results of all fragments with one {@link Operation.Merge}.
   */
  public MergeResult mergeColumns(ColumnTransform transform, List<String> readColumns,
      BufferAllocator allocator) {
    return ColumnMerger.mergeColumns(snapshot, metadata, transform, readColumns, allocator);
  }

  /** Like {@link #mergeColumns(ColumnTransform, List, BufferAllocator)} with SQL expressions. */
  public MergeResult mergeColumns(Map<String, String> sqlExpressions, BufferAllocator allocator) {
    return ColumnMerger.mergeColumns(snapshot, metadata, sqlExpressions, allocator);
  }

  /**
   * Marks the rows matching {@code predicate} deleted (writes a new deletion file) and returns the
   * updated metadata, or null when no row is left. Commits nothing: gather the results of all
   * workers into one {@link Operation.Delete}.
   */
  public FragmentMetadata delete(String predicate) {
    return Deleter.deleteFromFragment(snapshot, metadata, predicate);
  }

  @Override
  public String toString() {
    return "Fragment{id=" + id() + ", rows=" + countRows() + "}";
  }
}
