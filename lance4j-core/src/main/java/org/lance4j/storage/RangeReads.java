package org.lance4j.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * {@link ObjectStore#readRanges} for stores whose reads are requests (object stores): ranges
 * closer than {@code mergeGap} are fetched in one request of at most {@code maxMerged} bytes, and
 * the requests run in parallel, at most {@code concurrency} at once. Results come back in the
 * order of the ranges asked for, each a slice of its request's buffer.
 */
public final class RangeReads {
  private RangeReads() {}

  /** One ranged request: {@code length} bytes at {@code offset} of the object. */
  @FunctionalInterface
  public interface Fetch {
    ByteBuffer read(long offset, int length) throws IOException;
  }

  public static List<ByteBuffer> read(List<ObjectStore.Range> ranges, long mergeGap,
      long maxMerged, int concurrency, Executor pool, String what, Fetch fetch)
      throws IOException {
    int n = ranges.size();
    ByteBuffer[] out = new ByteBuffer[n];
    if (n == 0) {
      return new ArrayList<>();
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> ranges.get(i).offset()));
    List<long[]> spans = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int idx : order) {
      ObjectStore.Range r = ranges.get(idx);
      long start = r.offset();
      long end = r.offset() + r.length();
      long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
      if (last != null && start <= last[1] + mergeGap
          && Math.max(end, last[1]) - last[0] <= maxMerged) {
        last[1] = Math.max(last[1], end);
        members.get(members.size() - 1).add(idx);
      } else {
        spans.add(new long[] {start, end});
        List<Integer> m = new ArrayList<>();
        m.add(idx);
        members.add(m);
      }
    }
    if (spans.size() == 1) {
      fill(fetch, spans.get(0), members.get(0), ranges, out);
      return new ArrayList<>(Arrays.asList(out));
    }
    List<Future<?>> inFlight = new ArrayList<>();
    try {
      for (int s = 0; s < spans.size(); s++) {
        if (inFlight.size() >= Math.max(1, concurrency)) {
          await(inFlight.remove(0), what);
        }
        long[] span = spans.get(s);
        List<Integer> m = members.get(s);
        inFlight.add(CompletableFuture.runAsync(() -> {
          try {
            fill(fetch, span, m, ranges, out);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        }, pool));
      }
      for (Future<?> f : inFlight) {
        await(f, what);
      }
    } finally {
      for (Future<?> f : inFlight) {
        f.cancel(true);
      }
    }
    return new ArrayList<>(Arrays.asList(out));
  }

  private static void fill(Fetch fetch, long[] span, List<Integer> members,
      List<ObjectStore.Range> ranges, ByteBuffer[] out) throws IOException {
    ByteBuffer whole = fetch.read(span[0], (int) (span[1] - span[0]));
    for (int idx : members) {
      ObjectStore.Range r = ranges.get(idx);
      out[idx] = whole.slice((int) (r.offset() - span[0]), r.length());
    }
  }

  /** The future's value; its I/O or runtime failure rethrown as is. */
  public static <T> T await(Future<T> f, String what) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + what);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null
          ? ce.getCause() : e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(c);
    }
  }
}
