package org.lance4j.table;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lance4j.ColumnTransform;
import org.lance4j.FragmentMetadata;
import org.lance4j.MergeResult;

/** Adding columns: new data files per fragment (mergeColumns), one Merge commit (addColumns). */
public final class ColumnMerger {
  private ColumnMerger() {}

  public static MergeResult mergeColumns(Snapshot snapshot, FragmentMetadata fragment,
      ColumnTransform transform, List<String> readColumns, BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }

  public static MergeResult mergeColumns(Snapshot snapshot, FragmentMetadata fragment,
      Map<String, String> sqlExpressions, BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }

  /** All fragments, one Merge commit; returns the new version. */
  public static Snapshot addColumns(Snapshot snapshot, ColumnTransform transform,
      List<String> readColumns) {
    throw new UnsupportedOperationException("TODO");
  }

  public static Snapshot addColumns(Snapshot snapshot, Map<String, String> sqlExpressions) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Project commit without the named columns (metadata only). */
  public static Snapshot dropColumns(Snapshot snapshot, List<String> columns) {
    throw new UnsupportedOperationException("TODO");
  }
}
