package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counters of what lance4j read from storage: bytes and requests served by the
 * {@link ObjectStore} implementations of this package (memory-mapped reads included, which the
 * operating system's own I/O counters miss). For monitoring and for tests that prove a scan read
 * less; cheap enough to stay on.
 */
public final class IoStats {
  private static final LongAdder BYTES = new LongAdder();
  private static final LongAdder REQUESTS = new LongAdder();

  private IoStats() {}

  /** Bytes read from storage by this process so far. */
  public static long bytesRead() {
    return BYTES.sum();
  }

  /** Read requests served by storage so far. */
  public static long readRequests() {
    return REQUESTS.sum();
  }

  static void recordRead(long bytes) {
    BYTES.add(bytes);
    REQUESTS.increment();
  }
}
