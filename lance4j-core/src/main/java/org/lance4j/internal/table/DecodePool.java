package org.lance4j.internal.table;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The shared, bounded pool that decodes the fields of one row range in parallel (daemon threads,
 * one per core less the caller's; {@code -Dlance4j.decode.threads=N} overrides, 1 turns parallel
 * decoding off). Callers wait for their tasks, so at most one range per caller is in flight.
 */
final class DecodePool {
  private DecodePool() {}

  private static final int THREADS = Integer.getInteger("lance4j.decode.threads",
      Runtime.getRuntime().availableProcessors());
  private static volatile ExecutorService pool;

  static int threads() {
    return THREADS;
  }

  private static ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (DecodePool.class) {
        p = pool;
        if (p == null) {
          AtomicInteger n = new AtomicInteger();
          ThreadPoolExecutor e = new ThreadPoolExecutor(THREADS - 1, THREADS - 1, 30,
              TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "lance4j-decode-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
          e.allowCoreThreadTimeOut(true);
          pool = p = e;
        }
      }
    }
    return p;
  }

  static <T> Future<T> submit(Supplier<T> task) {
    return pool().submit(task::get);
  }

  /**
   * Runs a task of {@link #submit} on the calling thread if no pool thread has started it yet
   * (a caller with nothing else to do takes queued work instead of waiting; the pool thread then
   * finds it done). Its result or exception stays in the future for {@link #await}.
   */
  static void runIfQueued(Future<?> f) {
    if (f instanceof java.util.concurrent.RunnableFuture<?> r && !f.isDone()) {
      r.run(); // a no-op when the task already runs or ran
    }
  }

  /** The task's result; its exception rethrown as is. */
  static <T> T await(Future<T> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) {
            throw re;
          }
          if (c instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(c);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
