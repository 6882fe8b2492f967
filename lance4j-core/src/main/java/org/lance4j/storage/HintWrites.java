package org.lance4j.storage;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Background writes of hint objects for a store's {@link ObjectStore#putHint}: each write runs on
 * the store's executor and the caller goes on at once; writes of one path run one after another
 * in call order (a later hint never lands before an earlier one of the same store); errors are
 * dropped (a hint is only a hint). {@link #awaitAll} lets the store's {@code close()} wait for
 * the writes still running, and a shutdown hook waits up to {@value #EXIT_WAIT_MILLIS} ms for
 * those of the whole process, so a command that exits right after its commit keeps its hint.
 */
public final class HintWrites {
  /** The store's plain write. */
  @FunctionalInterface
  public interface Put {
    void put(String path, byte[] data) throws IOException;
  }

  private final Executor pool;
  private final Put put;
  private final Map<String, CompletableFuture<Void>> last = new HashMap<>();

  /** How long the process's exit waits for background hint writes. */
  public static final long EXIT_WAIT_MILLIS = 5_000;
  /** How long {@link #awaitClose()} waits for this store's writes still running. */
  public static final long CLOSE_WAIT_MILLIS = 10_000;
  /** Every background write not yet done, in this process. */
  private static final java.util.Set<CompletableFuture<Void>> RUNNING =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitProcess(EXIT_WAIT_MILLIS),
          "lance4j-hint-writes-at-exit"));
    } catch (IllegalStateException | SecurityException e) {
      // already shutting down: nothing to wait for
    }
  }

  /** Waits up to {@code millis} for every background hint write of this process. */
  public static void awaitProcess(long millis) {
    await(RUNNING.toArray(new CompletableFuture<?>[0]), millis);
  }

  public HintWrites(Executor pool, Put put) {
    this.pool = pool;
    this.put = put;
  }

  /** Writes {@code data} to {@code path} in the background, after earlier writes of the path. */
  public void submit(String path, byte[] data) {
    Runnable write = () -> {
      try {
        put.put(path, data);
      } catch (IOException | RuntimeException e) {
        // only a hint: readers probe forward from a stale one and list when it is missing
      }
    };
    CompletableFuture<Void> f;
    synchronized (this) {
      CompletableFuture<Void> prev = last.get(path);
      try {
        f = prev == null ? CompletableFuture.runAsync(write, pool)
            : prev.thenRunAsync(write, pool);
      } catch (RejectedExecutionException e) { // the executor is shutting down: write it now
        f = null;
      }
      if (f != null) {
        last.put(path, f);
      }
    }
    if (f == null) {
      write.run();
      return;
    }
    CompletableFuture<Void> mine = f;
    RUNNING.add(mine);
    f.whenComplete((x, t) -> {
      RUNNING.remove(mine);
      synchronized (this) {
        last.remove(path, mine);
      }
    });
  }

  /** Writes not yet done (for tests). */
  public synchronized int pending() {
    return (int) last.values().stream().filter(f -> !f.isDone()).count();
  }

  /**
   * What a store's {@code close()} does for its hints: waits up to {@value #CLOSE_WAIT_MILLIS} ms
   * for the writes still running (see {@link #awaitAll}).
   */
  public void awaitClose() {
    awaitAll(CLOSE_WAIT_MILLIS);
  }

  /** Waits up to {@code millis} for the writes submitted so far. */
  public void awaitAll(long millis) {
    CompletableFuture<?>[] all;
    synchronized (this) {
      all = last.values().toArray(new CompletableFuture<?>[0]);
    }
    await(all, millis);
  }

  private static void await(CompletableFuture<?>[] all, long millis) {
    if (all.length == 0) {
      return;
    }
    try {
      CompletableFuture.allOf(all).get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // errors were dropped by the writes; a write still running past the wait is left to finish
    }
  }
}
