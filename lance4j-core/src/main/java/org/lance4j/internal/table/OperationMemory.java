package org.lance4j.internal.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The Arrow allocator of a table operation that takes none from the caller (delete, update,
 * compact, merge of columns, the rebase of a delete): bounded, so that a runaway allocation
 * fails with Arrow's OutOfMemoryException at the limit instead of exhausting the process's
 * direct memory. The limit is {@value #LIMIT_PROPERTY} (bytes) when set, else the JVM's maximum
 * heap (HotSpot's default limit of direct memory).
 */
final class OperationMemory {
  /** System property: the limit in bytes of each operation's allocator. */
  static final String LIMIT_PROPERTY = "lance4j.operation.memory.limit";

  private OperationMemory() {}

  static long limit() {
    Long set = Long.getLong(LIMIT_PROPERTY);
    return set != null && set > 0 ? set : Runtime.getRuntime().maxMemory();
  }

  /** A new root allocator bounded by {@link #limit()}; the caller closes it. */
  static BufferAllocator root() {
    return new RootAllocator(limit());
  }
}
