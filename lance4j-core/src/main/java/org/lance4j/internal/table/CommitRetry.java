package org.lance4j.internal.table;

import java.util.concurrent.ThreadLocalRandom;
import org.lance4j.LanceException;

/**
 * The bounded retry policy of the commit loop: how many times a writer that lost the race for a
 * version number tries again, and how long it backs off in between (jittered exponential: a
 * random wait in [0, min(cap, base * 2^attempt)) milliseconds, so racing writers spread out).
 *
 * @param maxAttempts attempts before giving up with a retryable CommitConflictException
 * @param baseMillis first backoff ceiling
 * @param capMillis largest backoff ceiling
 */
public record CommitRetry(int maxAttempts, long baseMillis, long capMillis) {
  /** Lance's default: 20 attempts; short waits since local commits take milliseconds. */
  public static final CommitRetry DEFAULT = new CommitRetry(20, 2, 200);

  /** {@code maxAttempts} attempts with the default back-off. */
  public static CommitRetry of(int maxAttempts) {
    return maxAttempts == DEFAULT.maxAttempts ? DEFAULT
        : new CommitRetry(maxAttempts, DEFAULT.baseMillis, DEFAULT.capMillis);
  }

  public CommitRetry {
    if (maxAttempts < 1 || baseMillis < 0 || capMillis < baseMillis) {
      throw new IllegalArgumentException("bad commit retry policy: " + maxAttempts + " attempts, "
          + baseMillis + ".." + capMillis + " ms");
    }
  }

  /** Sleeps before attempt {@code attempt + 1} ({@code attempt} counts from 1). */
  void backoff(int attempt) {
    long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
    if (ceiling <= 0) {
      Thread.yield();
      return;
    }
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LanceException("commit interrupted while backing off", e);
    }
  }
}
