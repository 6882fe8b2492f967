package org.lance4j.internal.table;

import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.AllocationOutcome;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.MemoryLimitException;

/**
 * The Arrow allocator of a table operation that takes none from the caller (delete, update,
 * compact, merge of columns, the rebase of a delete): bounded, so that a runaway allocation
 * fails with a {@link MemoryLimitException} naming the operation and the limit instead of
 * exhausting the process's direct memory. The limit is {@value #LIMIT_PROPERTY} (bytes) when set, else the JVM's maximum
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

  /**
   * A new root allocator bounded by {@link #limit()} for {@code operation} (named in the error,
   * e.g. "delete from ds"); the caller closes it. An allocation past the limit throws
   * {@link MemoryLimitException}; the failed reservation is rolled back by Arrow before the
   * listener runs, so the allocator's accounting stays exact and it still closes clean.
   */
  static BufferAllocator root(String operation) {
    long limit = limit();
    AllocationListener listener = new AllocationListener() {
      @Override
      public boolean onFailedAllocation(long size, AllocationOutcome outcome) {
        throw new MemoryLimitException(operation + ": an allocation of " + size
            + " bytes does not fit in the operation's memory limit of " + limit + " bytes"
            + " (system property " + LIMIT_PROPERTY + "; default the JVM's maximum heap)",
            limit, size, null);
      }
    };
    return new RootAllocator(listener, limit);
  }
}
