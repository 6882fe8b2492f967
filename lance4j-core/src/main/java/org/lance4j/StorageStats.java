package org.lance4j;

/**
 * What a dataset's storage has served so far: bytes and read requests (memory-mapped reads
 * included, which the operating system's own I/O counters miss). A snapshot value; see
 * {@link Dataset#storageStats()}.
 *
 * @param bytesRead bytes read from storage
 * @param readRequests read requests served
 */
public record StorageStats(long bytesRead, long readRequests) {
  /** No reads. */
  public static final StorageStats NONE = new StorageStats(0, 0);

  /** What was read between {@code earlier} and this snapshot. */
  public StorageStats minus(StorageStats earlier) {
    return new StorageStats(bytesRead - earlier.bytesRead, readRequests - earlier.readRequests);
  }
}
