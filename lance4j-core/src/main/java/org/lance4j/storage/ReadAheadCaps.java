package org.lance4j.storage;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two caps every background request of one reader shares: requests in flight, and bytes
 * fetched (or being fetched) ahead and not yet read.
 */
final class ReadAheadCaps {
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicLong aheadBytes = new AtomicLong();
  private final int maxInFlight;
  private final long maxAheadBytes;

  ReadAheadCaps(int maxInFlight, long maxAheadBytes) {
    this.maxInFlight = maxInFlight;
    this.maxAheadBytes = maxAheadBytes;
  }

  /** Takes a request slot and {@code n} bytes, or nothing and false when either is used up. */
  boolean reserve(int n) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return false;
    }
    if (aheadBytes.addAndGet(n) > maxAheadBytes) {
      aheadBytes.addAndGet(-n);
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void requestDone() {
    inFlight.decrementAndGet();
  }

  void bytesDone(long n) {
    aheadBytes.addAndGet(-n);
  }
}
