package org.lance4j.table;

import java.time.Duration;

/** Removes manifests older than a threshold and the files no kept version references. */
public final class Cleanup {
  private Cleanup() {}

  /** What a cleanup removed. */
  public record Stats(int manifestsRemoved, int dataFilesRemoved, int deletionFilesRemoved,
      int transactionFilesRemoved, long bytesRemoved) {}

  public static Stats cleanupOldVersions(Snapshot latest, Duration olderThan) {
    throw new UnsupportedOperationException("TODO");
  }
}
