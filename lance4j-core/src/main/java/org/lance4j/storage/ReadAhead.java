package org.lance4j.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ObjectStore.RangeReader} for stores whose reads are requests (object stores) that
 * turns runs of small sequential reads into few large ones, as an operating system's read-ahead
 * does for files, and (given an executor) fetches the next windows of each run in the background
 * while the caller decodes what it has. A scan of a Lance 2.1/2.2 file reads each column chunk by
 * chunk (a few KiB to a few hundred KiB each, in file order per column, the columns interleaved
 * or on several threads); without read-ahead every chunk is one request, waited for in turn.
 *
 * <p>Up to {@value #STREAMS} sequential streams are tracked (one per column being scanned). A read
 * that starts where a stream's last read ended (or within {@value #GAP} bytes after it) continues
 * the stream; once a stream has {@value #START_AFTER} continuations, its window doubles with each
 * fetch, from {@value #FIRST_WINDOW} bytes up to the maximum given (the read is fetched with that
 * much more after it, clamped to the object's size, and the next reads of the stream are served
 * from that buffer). With an executor, each stream then keeps further windows requested ahead of
 * its reads: as many bytes as it has read so far, at most {@value #AHEAD} largest windows, and
 * within two caps shared by every stream of this reader:
 * requests in flight and bytes fetched ahead but not yet read. Any other read is passed through
 * unchanged and starts a new stream, so random access (take) costs exactly the bytes it asks
 * for. The object's size is asked for once, the first time a window would be fetched.
 *
 * <p>Thread-safe, with one lock per stream: reads of different columns on different threads
 * proceed in parallel (they wait only for their own stream's data). The inner reader must allow
 * concurrent reads (the stores' request-per-read handles do). A failed read-ahead request is
 * dropped and the read it would have served goes to the inner reader, so errors are the store's
 * own. Returned buffers are slices of the fetched ones (big-endian, as every read returns them);
 * callers do not write them.
 */
public final class ReadAhead implements ObjectStore.RangeReader {
  /** Sequential streams tracked at once. */
  public static final int STREAMS = 8;
  /** A read this close after a stream's end still continues it (skips a small gap). */
  public static final int GAP = 64 << 10;
  /** The first window of a stream. */
  public static final int FIRST_WINDOW = 256 << 10;
  /** Reads in a row that make a sequential run (the first ones are passed through). */
  public static final int START_AFTER = 2;
  /** Windows a stream keeps requested ahead of its reads (with an executor). */
  public static final int AHEAD = 2;
  /** Default cap of the bytes fetched ahead and not yet read, per reader. */
  public static final long DEFAULT_AHEAD_BYTES = 64L << 20;

  /** The object's size, asked for lazily (one request). */
  @FunctionalInterface
  public interface Size {
    long get() throws IOException;
  }

  private final ObjectStore.RangeReader inner;
  private final Size size;
  private final int maxWindow;
  private final Executor pool;
  private final Stream[] streams = new Stream[STREAMS];
  private final ReadAheadCaps caps;
  /** Requests in flight in the background (shared with the plan). */
  private final AtomicInteger inFlight;
  /** Bytes of background windows requested and not yet dropped (read past or discarded). */
  private final AtomicLong aheadBytes;
  /** Ranges announced by {@link #prefetch} (null without an executor). */
  private final PlannedReads planned;
  private long objectSize = -1;
  private long tick;
  private volatile boolean closed;

  /** A fetched (or requested) window of a stream: bytes {@code [start, start + length)}. */
  private static final class Segment {
    final long start;
    final int length;
    final CompletableFuture<ByteBuffer> data;
    /** Bytes counted in {@link #aheadBytes} (0 for a window fetched by the reading thread). */
    final int reserved;
    /**
     * Set once the request's slot in {@link #inFlight} is given back: by the request when it
     * ends, or by {@link #release} when the request is cancelled before it ran (a cancelled
     * {@code supplyAsync} never runs its supplier, so its own {@code finally} would not).
     */
    final AtomicBoolean slotFreed;

    Segment(long start, int length, CompletableFuture<ByteBuffer> data, int reserved,
        AtomicBoolean slotFreed) {
      this.start = start;
      this.length = length;
      this.data = data;
      this.reserved = reserved;
      this.slotFreed = slotFreed;
    }

    long end() {
      return start + length;
    }
  }

  private static final class Stream {
    final ReentrantLock lock = new ReentrantLock();
    /** Where the stream's first read started. */
    long start;
    /** Where the last read of the stream ended (read without the lock by {@link #find}). */
    volatile long end;
    /** The contiguous range the segments cover, or -1/-1 (read without the lock). */
    volatile long coverStart = -1;
    volatile long coverEnd = -1;
    int window;
    int hits; // sequential continuations seen without a window yet
    long used;
    volatile boolean retired;
    final ArrayDeque<Segment> segments = new ArrayDeque<>();
  }

  /**
   * A read-ahead without background fetches: every window is fetched by the read that needs it.
   *
   * @param inner the store's plain reader (one request per read)
   * @param size the object's size, asked for at most once
   * @param maxWindow the largest read-ahead window in bytes (e.g. 8 MiB)
   */
  public ReadAhead(ObjectStore.RangeReader inner, Size size, int maxWindow) {
    this(inner, size, maxWindow, null, 0, 0);
  }

  /**
   * A read-ahead that requests the next windows of each sequential run in the background.
   *
   * @param inner the store's plain reader (one request per read, safe for concurrent use)
   * @param size the object's size, asked for at most once
   * @param maxWindow the largest read-ahead window in bytes (e.g. 8 MiB)
   * @param pool runs the background requests; null for none
   * @param maxInFlight background requests in flight at once for this reader (e.g. 8)
   * @param maxAheadBytes bytes fetched ahead and not yet read, at most, for this reader
   */
  public ReadAhead(ObjectStore.RangeReader inner, Size size, int maxWindow, Executor pool,
      int maxInFlight, long maxAheadBytes) {
    this.inner = inner;
    this.size = size;
    this.maxWindow = Math.max(FIRST_WINDOW, maxWindow);
    this.pool = maxInFlight > 0 && maxAheadBytes > 0 ? pool : null;
    this.caps = new ReadAheadCaps(maxInFlight, maxAheadBytes);
    this.inFlight = caps.inFlight;
    this.aheadBytes = caps.aheadBytes;
    this.planned = this.pool == null ? null
        : new PlannedReads(inner, this.pool, caps, (int) Math.max(FIRST_WINDOW,
            Math.min(Math.max(this.maxWindow, PLAN_SEGMENT), maxAheadBytes / 4)));
  }

  /**
   * Largest coalesced request of a prefetch plan (or the largest window if larger, and at most a
   * quarter of the bytes-ahead cap, so that several are in flight at once).
   */
  public static final int PLAN_SEGMENT = 8 << 20;

  /**
   * Fetches the announced ranges in the background: neighbours (at most
   * {@value PlannedReads#GAP} bytes apart) are coalesced into requests of up to
   * {@link #PLAN_SEGMENT} bytes, requested in the order the ranges are
   * given, within this reader's caps (requests in flight and bytes ahead); reads that fall in
   * them are served from them. Without an executor this does nothing.
   */
  @Override
  public void prefetch(List<ObjectStore.Range> ranges) {
    if (planned == null || closed || ranges.isEmpty()) {
      return;
    }
    long objectEnd;
    try {
      objectEnd = objectSize();
    } catch (IOException e) {
      return; // the reads themselves will report it
    }
    planned.plan(ranges, objectEnd);
  }

  /**
   * The read-ahead reader an object store opens for {@code path}: reads go to the store one
   * request each (ranges through its merging {@code readRanges}), sequential runs are widened and
   * their next windows requested on {@code pool}, at most {@code maxInFlight} at once and
   * {@link #DEFAULT_AHEAD_BYTES} ahead.
   *
   * @param knownSize the object's size when the caller knows it (saves the size request), else -1
   */
  public static ReadAhead open(ObjectStore store, String path, long knownSize, int maxWindow,
      Executor pool, int maxInFlight) {
    return new ReadAhead(new PerRequestReader(store, path),
        () -> knownSize >= 0 ? knownSize : store.size(path), maxWindow, pool, maxInFlight,
        DEFAULT_AHEAD_BYTES);
  }

  /** Reads on different streams may run at once (see the class doc). */
  @Override
  public boolean concurrentReads() {
    return true;
  }

  @Override
  public ByteBuffer read(long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || closed) {
      return inner.read(offset, length); // the store's own error
    }
    if (planned != null) {
      ByteBuffer got = planned.read(offset, length);
      if (got != null) {
        return got;
      }
    }
    long end = offset + length;
    Stream s;
    Stream old = null;
    synchronized (streams) {
      tick++;
      s = find(offset, end);
      if (s == null) { // not sequential: pass through, remember as a possible new stream
        Stream fresh = new Stream();
        fresh.start = offset;
        fresh.end = end;
        fresh.used = tick;
        old = replaceVictim(fresh);
      } else {
        s.used = tick;
      }
    }
    if (s == null) {
      retire(old);
      return inner.read(offset, length);
    }
    s.lock.lock();
    try {
      return readStream(s, offset, length);
    } finally {
      s.lock.unlock();
      if (s.retired && s.lock.tryLock()) { // retired while this read held it: free its windows
        try {
          clear(s);
        } finally {
          s.lock.unlock();
        }
      }
    }
  }

  private ByteBuffer readStream(Stream s, long offset, int length) throws IOException {
    long end = offset + length;
    if (s.retired) {
      return inner.read(offset, length);
    }
    dropBefore(s, offset);
    if (covered(s, offset, end)) {
      ByteBuffer got = assemble(s, offset, length);
      if (got != null) {
        s.end = Math.max(s.end, end);
        topUp(s);
        return got;
      }
      // a background window failed and was dropped: go on as if it had not been requested
    }
    if (s.window == 0 && ++s.hits < START_AFTER) { // not yet a run: pass through
      s.end = end;
      return inner.read(offset, length);
    }
    // continues the stream beyond what it covers: fetch this read plus the next window
    s.window = s.window == 0 ? FIRST_WINDOW : Math.min(maxWindow, s.window * 2);
    long objectEnd = objectSize();
    long fetchEnd = Math.min(objectEnd, end + s.window);
    if (fetchEnd <= end || fetchEnd - offset > Integer.MAX_VALUE) {
      s.end = end;
      clear(s);
      return inner.read(offset, length); // at the end of the object, or too large to widen
    }
    // keep what is covered from the read's start on, fetch only what follows
    long from = s.coverStart >= 0 && offset >= s.coverStart && offset < s.coverEnd
        ? s.coverEnd : offset;
    if (from == offset) {
      clear(s);
    }
    int n = (int) (fetchEnd - from);
    ByteBuffer fetched;
    try {
      fetched = inner.read(from, n).slice(); // position 0, exact size
    } catch (java.io.EOFException shorter) { // the object is shorter than its size said
      clear(s);
      s.end = end;
      return inner.read(offset, length);
    }
    add(s, new Segment(from, n, CompletableFuture.completedFuture(fetched), 0, null));
    ByteBuffer got = assemble(s, offset, length);
    s.end = end;
    if (got == null) { // cannot happen: the covered part was awaited above
      got = inner.read(offset, length);
    }
    topUp(s);
    return got;
  }

  /** Requests the stream's next windows in the background, within the reader's caps. */
  private void topUp(Stream s) {
    if (pool == null || closed || s.coverEnd < 0) {
      return;
    }
    long objectEnd = objectSizeIfKnown();
    // ahead of the reads at most what the stream has read so far (as an OS read-ahead grows):
    // a short column's run does not fetch far into the next column's bytes
    long limit = Math.min((long) AHEAD * maxWindow, Math.max(FIRST_WINDOW, s.end - s.start));
    while (s.coverEnd < objectEnd && s.coverEnd - s.end < limit) {
      long start = s.coverEnd;
      int n = (int) Math.min(s.window, objectEnd - start);
      if (!reserve(n)) {
        return;
      }
      CompletableFuture<ByteBuffer> f;
      AtomicBoolean slotFreed = new AtomicBoolean();
      try {
        f = CompletableFuture.supplyAsync(() -> {
          try {
            return inner.read(start, n).slice();
          } catch (IOException e) {
            throw new CompletionException(e);
          } finally {
            freeSlot(slotFreed);
          }
        }, pool);
      } catch (RuntimeException rejected) { // the executor is shutting down
        inFlight.decrementAndGet();
        aheadBytes.addAndGet(-n);
        return;
      }
      add(s, new Segment(start, n, f, n, slotFreed));
      s.window = Math.min(maxWindow, s.window * 2);
    }
  }

  private boolean reserve(int n) {
    return caps.reserve(n);
  }

  private static boolean covered(Stream s, long offset, long end) {
    return s.coverStart >= 0 && offset >= s.coverStart && end <= s.coverEnd;
  }

  /**
   * Bytes {@code [offset, offset + length)} from the stream's segments (which cover them),
   * waiting for background windows; null when one of them failed (it and those after it are
   * dropped).
   */
  private ByteBuffer assemble(Stream s, long offset, int length) {
    long end = offset + length;
    ByteBuffer single = null;
    ByteBuffer copy = null;
    for (Iterator<Segment> it = s.segments.iterator(); it.hasNext(); ) {
      Segment g = it.next();
      if (g.end() <= offset) {
        continue;
      }
      if (g.start >= end) {
        break;
      }
      ByteBuffer data;
      try {
        data = g.data.join();
      } catch (RuntimeException failed) {
        dropFrom(s, g);
        return null;
      }
      long lo = Math.max(offset, g.start);
      long hi = Math.min(end, g.end());
      ByteBuffer part = slice(data, (int) (lo - g.start), (int) (hi - lo));
      if (lo == offset && hi == end) {
        single = part;
        break;
      }
      if (copy == null) {
        copy = ByteBuffer.allocate(length);
      }
      copy.position((int) (lo - offset));
      copy.put(part);
    }
    if (single != null) {
      return single;
    }
    return copy == null ? null : copy.clear();
  }

  private void add(Stream s, Segment g) {
    s.segments.addLast(g);
    if (s.coverStart < 0) {
      s.coverStart = g.start;
    }
    s.coverEnd = g.end();
  }

  /** Drops the segments wholly before {@code offset} (read past). */
  private void dropBefore(Stream s, long offset) {
    while (!s.segments.isEmpty() && s.segments.peekFirst().end() <= offset) {
      release(s.segments.pollFirst());
    }
    if (s.segments.isEmpty()) {
      s.coverStart = -1;
      s.coverEnd = -1;
    } else {
      s.coverStart = s.segments.peekFirst().start;
    }
  }

  /** Drops {@code from} and every segment after it. */
  private void dropFrom(Stream s, Segment from) {
    boolean dropping = false;
    for (Iterator<Segment> it = s.segments.iterator(); it.hasNext(); ) {
      Segment g = it.next();
      if (g == from) {
        dropping = true;
      }
      if (dropping) {
        it.remove();
        release(g);
      }
    }
    if (s.segments.isEmpty()) {
      s.coverStart = -1;
      s.coverEnd = -1;
    } else {
      s.coverEnd = s.segments.peekLast().end();
    }
  }

  private void clear(Stream s) {
    while (!s.segments.isEmpty()) {
      release(s.segments.pollFirst());
    }
    s.coverStart = -1;
    s.coverEnd = -1;
  }

  private void release(Segment g) {
    if (g.reserved > 0) {
      aheadBytes.addAndGet(-g.reserved);
      // no-op when done; a running request finishes and is dropped; one not yet started never
      // runs, so its in-flight slot is given back here
      if (g.data.cancel(false) && g.slotFreed != null) {
        freeSlot(g.slotFreed);
      }
    }
  }

  private void freeSlot(AtomicBoolean slotFreed) {
    if (slotFreed.compareAndSet(false, true)) {
      inFlight.decrementAndGet();
    }
  }

  /** A stream replaced in the table: its windows are dropped now or by the read using it. */
  private void retire(Stream old) {
    if (old == null) {
      return;
    }
    old.retired = true;
    if (old.lock.tryLock()) {
      try {
        clear(old);
      } finally {
        old.lock.unlock();
      }
    }
  }

  private synchronized long objectSize() throws IOException {
    if (objectSize < 0) {
      objectSize = size.get();
    }
    return objectSize;
  }

  private synchronized long objectSizeIfKnown() {
    return objectSize;
  }

  /** The stream this read continues, or null (called holding the table's lock). */
  private Stream find(long offset, long end) {
    for (Stream s : streams) {
      if (s == null) {
        continue;
      }
      long cs = s.coverStart;
      long ce = s.coverEnd;
      boolean inBuffer = cs >= 0 && offset >= cs && end <= ce;
      long e = s.end;
      if (inBuffer || (offset >= e && offset - e <= GAP)) {
        return s;
      }
    }
    return null;
  }

  /** Puts {@code fresh} in an empty slot or the least recently used one's; returns that one. */
  private Stream replaceVictim(Stream fresh) {
    int lru = -1;
    for (int i = 0; i < streams.length; i++) {
      if (streams[i] == null) {
        streams[i] = fresh;
        return null;
      }
      if (lru < 0 || streams[i].used < streams[lru].used) {
        lru = i;
      }
    }
    Stream old = streams[lru];
    streams[lru] = fresh;
    return old;
  }

  private static ByteBuffer slice(ByteBuffer buf, int at, int length) {
    return buf.duplicate().clear().position(at).limit(at + length).slice();
  }

  /**
   * Several ranges at once: those a prefetch plan holds are served from it, the others go to the
   * store's own merging reader in one call.
   */
  @Override
  public List<ByteBuffer> readRanges(List<ObjectStore.Range> ranges) throws IOException {
    if (planned == null || closed) {
      return inner.readRanges(ranges);
    }
    ByteBuffer[] out = new ByteBuffer[ranges.size()];
    List<ObjectStore.Range> rest = new java.util.ArrayList<>();
    List<Integer> restAt = new java.util.ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      ObjectStore.Range r = ranges.get(i);
      out[i] = r.offset() < 0 || r.length() < 0 ? null : planned.read(r.offset(), r.length());
      if (out[i] == null) {
        rest.add(r);
        restAt.add(i);
      }
    }
    if (!rest.isEmpty()) {
      List<ByteBuffer> got = inner.readRanges(rest);
      for (int k = 0; k < got.size(); k++) {
        out[restAt.get(k)] = got.get(k);
      }
    }
    return java.util.Arrays.asList(out);
  }

  /** Planned segments not yet dropped (for tests). */
  int plannedSegments() {
    return planned == null ? 0 : planned.segments();
  }

  /** Requests in flight in the background (for tests). */
  int inFlight() {
    return inFlight.get();
  }

  /** Bytes fetched (or being fetched) ahead and not yet read past (for tests). */
  long aheadBytes() {
    return aheadBytes.get();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (planned != null) {
      planned.close();
    }
    Stream[] all;
    synchronized (streams) {
      all = streams.clone();
      java.util.Arrays.fill(streams, null);
    }
    for (Stream s : all) {
      if (s != null) {
        s.lock.lock();
        try {
          s.retired = true;
          clear(s);
        } finally {
          s.lock.unlock();
        }
      }
    }
    inner.close();
  }
}
