package org.lance4j.table;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Random access: rows by their index in the dataset's scan order. */
public final class RowTaker {
  private RowTaker() {}

  /**
   * Rows at the given 0-based indices of the scan order (deleted rows excluded), in the order
   * given, as one root owned by the caller. Out-of-range indices fail with
   * {@link org.lance4j.InvalidInputException}.
   */
  public static VectorSchemaRoot take(Snapshot snapshot, long[] indices, List<String> columns,
      BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }
}
