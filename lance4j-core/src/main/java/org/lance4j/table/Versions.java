package org.lance4j.table;

import org.lance4j.io.ObjectStore;

/** Finds and loads manifests (V1 and V2 naming). */
public final class Versions {
  private Versions() {}

  /** The latest version, or {@link org.lance4j.DatasetNotFoundException}. */
  public static Snapshot loadLatest(ObjectStore store, String uri) {
    throw new UnsupportedOperationException("TODO");
  }

  /** A given version, or {@link org.lance4j.DatasetNotFoundException} naming it. */
  public static Snapshot load(ObjectStore store, String uri, long version) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Highest committed version number, 0 when no dataset exists. */
  public static long latestVersion(ObjectStore store) {
    throw new UnsupportedOperationException("TODO");
  }
}
