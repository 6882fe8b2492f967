package org.lance4j.table;

import org.lance4j.CompactionOptions;

/** Compaction: plan groups of small fragments, rewrite them, one Rewrite commit. */
public final class Compactor {
  private Compactor() {}

  /** Returns the new version, or {@code snapshot} itself when there is nothing to compact. */
  public static Snapshot compact(Snapshot snapshot, CompactionOptions options) {
    throw new UnsupportedOperationException("TODO");
  }
}
