package org.lance4j.table;

import org.lance4j.Operation;
import org.lance4j.io.ObjectStore;

/** The commit: one function, with the bounded retry loop. */
public final class Committer {
  private Committer() {}

  /** Commits {@code op} built on {@code readVersion}; returns the new version's snapshot. */
  public static Snapshot commit(ObjectStore store, String uri, Operation op, long readVersion) {
    throw new UnsupportedOperationException("TODO");
  }
}
