package org.lance4j.internal.storage;

import java.util.concurrent.atomic.LongAdder;
import org.lance4j.StorageStats;

/**
 * Counters of what one store read: bytes and requests (memory-mapped reads included). Each
 * {@link LocalObjectStore} has its own; cheap enough to stay on.
 */
public final class IoStats {
  private final LongAdder bytes = new LongAdder();
  private final LongAdder requests = new LongAdder();

  void recordRead(long n) {
    bytes.add(n);
    requests.increment();
  }

  /** The counters now. */
  public StorageStats snapshot() {
    return new StorageStats(bytes.sum(), requests.sum());
  }
}
