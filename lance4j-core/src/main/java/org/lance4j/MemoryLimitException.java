package org.lance4j;

/**
 * A table operation that allocates its own Arrow memory (delete, update, compaction, merge of
 * columns, the rebase of a concurrent delete) needed more than its limit. Nothing was committed:
 * the dataset is as it was. The limit is the system property {@code lance4j.operation.memory.limit}
 * (bytes) when set, else the JVM's maximum heap; raise it, or give the operation less to hold at
 * once (smaller fragments, fewer columns).
 */
public class MemoryLimitException extends LanceException {
  private static final long serialVersionUID = 1L;

  private final long limitBytes;
  private final long requestedBytes;

  public MemoryLimitException(String message, long limitBytes, long requestedBytes,
      Throwable cause) {
    super(message, cause);
    this.limitBytes = limitBytes;
    this.requestedBytes = requestedBytes;
  }

  /** The operation's limit in bytes. */
  public long limitBytes() {
    return limitBytes;
  }

  /** The size of the allocation that did not fit, in bytes. */
  public long requestedBytes() {
    return requestedBytes;
  }
}
