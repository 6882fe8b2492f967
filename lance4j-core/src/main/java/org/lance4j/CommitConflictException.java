package org.lance4j;

/**
 * A commit collided with a concurrent commit. When {@link #retryable()} is true the caller can
 * re-read the dataset at its latest version, redo its work and commit again; otherwise the two
 * operations are incompatible (for example an Append built on a version that a later Overwrite
 * replaced).
 */
public class CommitConflictException extends LanceException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;
  private final long conflictingVersion;

  public CommitConflictException(String message, boolean retryable, long conflictingVersion) {
    super(message);
    this.retryable = retryable;
    this.conflictingVersion = conflictingVersion;
  }

  /** True when redoing the work on the latest version can succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** The committed version this commit collided with, or -1 when unknown. */
  public long conflictingVersion() {
    return conflictingVersion;
  }
}
