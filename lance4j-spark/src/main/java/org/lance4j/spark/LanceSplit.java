package org.lance4j.spark;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One read task: row ranges of fragments of one pinned version.
 *
 * @param ranges the ranges, read in order
 */
record LanceSplit(List<Range> ranges) implements InputPartition {
  LanceSplit {
    ranges = List.copyOf(ranges);
  }

  /**
   * Rows {@code [offset, offset + count)} of a fragment's visible rows; count -1 = to the end.
   */
  record Range(long fragmentId, long offset, long count) implements java.io.Serializable {}

  /** A task that returns one row holding a row count known from metadata. */
  record Count(long rows) implements InputPartition {}
}
