package org.lance4j.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The planned part of a {@link ReadAhead}: byte ranges a reader announced it will read
 * ({@link ObjectStore.RangeReader#prefetch}), coalesced into few large requests that are kept in
 * flight in the background, in the order the ranges were announced in, within the owning
 * reader's caps (requests in flight, bytes fetched and not yet read). Reads that fall wholly in
 * planned segments are served from them; every other read goes its own way. A segment is dropped
 * once as many of its planned bytes were read as it holds (memory stays bounded by the caps);
 * bytes read again after that are requested again.
 *
 * <p>Thread-safe (one lock for the plan; waits for data happen outside it).
 */
final class PlannedReads {
  /** Planned ranges this close to each other are fetched in one request, gap included. */
  static final int GAP = 256 << 10;

  /** A coalesced request of the plan: bytes {@code [start, end)}. */
  private static final class Segment {
    final long start;
    final long end;
    /** Announcement rank (smaller = needed earlier). */
    final int rank;
    /** Planned bytes not yet read (gaps do not count). */
    long unread;
    CompletableFuture<ByteBuffer> data; // null until requested
    boolean counted; // holds a slot and bytes of the caps

    Segment(long start, long end, int rank, long planned) {
      this.start = start;
      this.end = end;
      this.rank = rank;
      this.unread = planned;
    }
  }

  private final ObjectStore.RangeReader inner;
  private final Executor pool;
  private final ReadAheadCaps caps;
  private final int maxSegment;
  /** Segments by start (they do not overlap). */
  private final TreeMap<Long, Segment> byStart = new TreeMap<>();
  /** Segments not yet requested, by rank. */
  private final java.util.PriorityQueue<Segment> waiting =
      new java.util.PriorityQueue<>(Comparator.comparingInt((Segment s) -> s.rank));
  private volatile boolean closed;

  PlannedReads(ObjectStore.RangeReader inner, Executor pool, ReadAheadCaps caps,
      int maxSegment) {
    this.inner = inner;
    this.pool = pool;
    this.caps = caps;
    this.maxSegment = maxSegment;
  }

  /**
   * Adds ranges to the plan (in the order they will be needed) and starts requesting them.
   * Ranges overlapping what is already planned are left out.
   */
  void plan(List<ObjectStore.Range> ranges, long objectSize) {
    List<long[]> items = new ArrayList<>(ranges.size()); // start, end, rank
    for (int i = 0; i < ranges.size(); i++) {
      ObjectStore.Range r = ranges.get(i);
      long s = r.offset();
      long e = s + r.length();
      if (r.length() <= 0 || s < 0 || (objectSize >= 0 && e > objectSize)) {
        continue; // not ours to judge: such a read fails the store's own way
      }
      items.add(new long[] {s, e, i});
    }
    items.sort(Comparator.comparingLong((long[] a) -> a[0]));
    synchronized (this) {
      if (closed) {
        return;
      }
      long curStart = -1;
      long curEnd = -1;
      long planned = 0;
      int rank = Integer.MAX_VALUE;
      for (long[] it : items) {
        if (overlapsPlan(it[0], it[1])) {
          continue;
        }
        boolean joins = curStart >= 0 && it[0] <= curEnd + GAP
            && Math.max(curEnd, it[1]) - curStart <= maxSegment;
        if (!joins) {
          if (curStart >= 0) {
            add(new Segment(curStart, curEnd, rank, planned));
          }
          curStart = it[0];
          curEnd = it[1];
          planned = it[1] - it[0];
          rank = (int) it[2];
          continue;
        }
        planned += Math.max(0, it[1] - Math.max(curEnd, it[0]));
        curEnd = Math.max(curEnd, it[1]);
        rank = Math.min(rank, (int) it[2]);
      }
      if (curStart >= 0) {
        add(new Segment(curStart, curEnd, rank, planned));
      }
    }
    pump();
  }

  private boolean overlapsPlan(long s, long e) {
    Map.Entry<Long, Segment> before = byStart.floorEntry(e - 1);
    return before != null && before.getValue().end > s;
  }

  private void add(Segment g) {
    if (g.end - g.start > Integer.MAX_VALUE) {
      return; // one planned range beyond a buffer's size: read it the ordinary way
    }
    byStart.put(g.start, g);
    waiting.add(g);
  }

  /** Requests waiting segments, by rank, while the caps allow. */
  private void pump() {
    while (true) {
      Segment g;
      synchronized (this) {
        g = waiting.peek();
        if (closed || g == null || !caps.reserve((int) (g.end - g.start))) {
          return;
        }
        waiting.poll();
        g.counted = true;
        request(g);
      }
    }
  }

  /** Starts the request of a segment (holding the lock). */
  private void request(Segment g) {
    long start = g.start;
    int n = (int) (g.end - g.start);
    boolean counted = g.counted;
    try {
      g.data = CompletableFuture.supplyAsync(() -> {
        try {
          if (closed) { // dropped before it ran: no request
            throw new IOException("read-ahead closed");
          }
          return inner.read(start, n).slice();
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, pool);
    } catch (RuntimeException rejected) { // the executor is shutting down
      g.data = CompletableFuture.failedFuture(rejected);
    }
    if (counted) {
      g.data.whenComplete((b, t) -> caps.requestDone());
    }
  }

  /**
   * Bytes {@code [offset, offset + length)} from the plan, or null when they are not wholly in
   * planned segments (or a segment's request failed: then the caller reads them itself and the
   * error, if any, is the store's own).
   */
  ByteBuffer read(long offset, int length) {
    long end = offset + length;
    List<Segment> parts = new ArrayList<>(2);
    synchronized (this) {
      if (closed || byStart.isEmpty() || length == 0) {
        return null;
      }
      long at = offset;
      while (at < end) {
        Map.Entry<Long, Segment> e = byStart.floorEntry(at);
        if (e == null || e.getValue().end <= at) {
          return null;
        }
        parts.add(e.getValue());
        at = e.getValue().end;
      }
      for (Segment g : parts) {
        if (g.data == null) { // needed now, before its turn: request it without the caps
          waiting.remove(g);
          request(g);
        }
      }
    }
    ByteBuffer single = null;
    ByteBuffer copy = parts.size() > 1 ? ByteBuffer.allocate(length) : null;
    for (Segment g : parts) {
      ByteBuffer data;
      try {
        data = g.data.join();
      } catch (RuntimeException failed) {
        drop(g);
        return null;
      }
      long lo = Math.max(offset, g.start);
      long hi = Math.min(end, g.end);
      ByteBuffer part = data.duplicate().clear().position((int) (lo - g.start))
          .limit((int) (hi - g.start)).slice();
      if (copy == null) {
        single = part;
      } else {
        copy.position((int) (lo - offset));
        copy.put(part);
      }
    }
    synchronized (this) {
      for (Segment g : parts) {
        g.unread -= Math.min(end, g.end) - Math.max(offset, g.start);
        if (g.unread <= 0) {
          dropLocked(g);
        }
      }
    }
    pump();
    return copy == null ? single : copy.clear();
  }

  private void drop(Segment g) {
    synchronized (this) {
      dropLocked(g);
    }
    pump();
  }

  private void dropLocked(Segment g) {
    if (byStart.get(g.start) != g) {
      return; // already dropped
    }
    byStart.remove(g.start);
    waiting.remove(g);
    if (g.counted) {
      caps.bytesDone((int) (g.end - g.start));
      g.counted = false;
    }
  }

  /** Segments planned and not yet dropped (for tests). */
  synchronized int segments() {
    return byStart.size();
  }

  /** Drops the plan (a running request finishes and is dropped; waiting ones never start). */
  void close() {
    List<Segment> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(byStart.values());
      for (Segment g : all) {
        dropLocked(g);
      }
      waiting.clear();
    }
  }
}
