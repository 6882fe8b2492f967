package org.lance4j.table;

import org.lance4j.FragmentMetadata;

/** Deleting rows by predicate: deletion vectors written, one Delete commit. */
public final class Deleter {
  private Deleter() {}

  /** Deletes the matching rows of one fragment; returns its new metadata, or null when every row goes. Commits nothing. */
  public static FragmentMetadata deleteFromFragment(Snapshot snapshot, FragmentMetadata fragment,
      String predicate) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Deletes matching rows from the whole dataset in one Delete commit; returns the new version. */
  public static Snapshot delete(Snapshot snapshot, String predicate) {
    throw new UnsupportedOperationException("TODO");
  }
}
