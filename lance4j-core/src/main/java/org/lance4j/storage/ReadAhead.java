package org.lance4j.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link ObjectStore.RangeReader} for stores whose reads are requests (object stores) that
 * turns runs of small sequential reads into few large ones, as an operating system's read-ahead
 * does for files. A scan of a Lance 2.1/2.2 file reads each column chunk by chunk (a few KiB to a
 * few hundred KiB each, in file order per column, the columns interleaved); without read-ahead
 * every chunk is one request.
 *
 * <p>Up to {@value #STREAMS} sequential streams are tracked (one per column being scanned). A read
 * that starts where a stream's last read ended (or within {@value #GAP} bytes after it) continues
 * the stream; once a stream has {@value #START_AFTER} continuations, its window doubles with each
 * fetch, from {@value #FIRST_WINDOW} bytes up to the maximum
 * given (the read is fetched with that much more after it, clamped to the object's size, and the
 * next reads of the stream are served from that buffer). Any other read is passed through
 * unchanged and starts a new stream, so random access (take) costs exactly the bytes it asks for.
 * The object's size is asked for once, the first time a window would be fetched.
 *
 * <p>Thread-safe; memory per reader is at most {@value #STREAMS} windows. Returned buffers are
 * slices of the fetched ones (big-endian, as every read returns them); callers do not write them.
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

  /** The object's size, asked for lazily (one request). */
  @FunctionalInterface
  public interface Size {
    long get() throws IOException;
  }

  private final ObjectStore.RangeReader inner;
  private final Size size;
  private final int maxWindow;
  private final Stream[] streams = new Stream[STREAMS];
  private long objectSize = -1;
  private long tick;

  private static final class Stream {
    long end; // where the last read of the stream ended
    int window;
    long bufStart = -1;
    ByteBuffer buf;
    long used;
    int hits; // sequential continuations seen without a window yet
  }

  /**
   * @param inner the store's plain reader (one request per read)
   * @param size the object's size, asked for at most once
   * @param maxWindow the largest read-ahead window in bytes (e.g. 8 MiB)
   */
  public ReadAhead(ObjectStore.RangeReader inner, Size size, int maxWindow) {
    this.inner = inner;
    this.size = size;
    this.maxWindow = Math.max(FIRST_WINDOW, maxWindow);
  }

  @Override
  public synchronized ByteBuffer read(long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      return inner.read(offset, length); // the store's own error
    }
    long end = offset + length;
    Stream s = find(offset, end);
    tick++;
    if (s == null) { // not sequential: pass through, remember as a possible new stream
      ByteBuffer got = inner.read(offset, length);
      Stream fresh = victim();
      fresh.end = end;
      fresh.window = 0;
      fresh.buf = null;
      fresh.bufStart = -1;
      fresh.used = tick;
      fresh.hits = 0;
      return got;
    }
    s.used = tick;
    if (s.buf != null && offset >= s.bufStart && end <= s.bufStart + s.buf.capacity()) {
      s.end = Math.max(s.end, end);
      return slice(s.buf, (int) (offset - s.bufStart), length);
    }
    if (s.window == 0 && ++s.hits < START_AFTER) { // not yet a run: pass through
      s.end = end;
      return inner.read(offset, length);
    }
    // continues the stream beyond its buffer: fetch this read plus the next window
    s.window = s.window == 0 ? FIRST_WINDOW : Math.min(maxWindow, s.window * 2);
    if (objectSize < 0) {
      objectSize = size.get();
    }
    long fetchEnd = Math.min(objectSize, end + s.window);
    if (fetchEnd <= end || fetchEnd - offset > Integer.MAX_VALUE) {
      s.end = end;
      s.buf = null;
      s.bufStart = -1;
      return inner.read(offset, length); // at the end of the object, or too large to widen
    }
    long bufEnd = s.buf == null ? -1 : s.bufStart + s.buf.capacity();
    ByteBuffer next;
    if (s.buf != null && offset >= s.bufStart && offset < bufEnd) {
      // the read starts in the buffer: keep its tail, fetch only what follows
      next = ByteBuffer.allocate((int) (fetchEnd - offset));
      next.put(slice(s.buf, (int) (offset - s.bufStart), (int) (bufEnd - offset)));
      next.put(inner.read(bufEnd, (int) (fetchEnd - bufEnd)));
      next.flip();
    } else {
      next = inner.read(offset, (int) (fetchEnd - offset)).slice(); // position 0, exact size
    }
    s.buf = next;
    s.bufStart = offset;
    s.end = end;
    return slice(s.buf, 0, length);
  }

  /** The stream this read continues, or null. */
  private Stream find(long offset, long end) {
    for (Stream s : streams) {
      if (s == null) {
        continue;
      }
      boolean inBuffer = s.buf != null && offset >= s.bufStart
          && end <= s.bufStart + s.buf.capacity();
      if (inBuffer || (offset >= s.end && offset - s.end <= GAP)) {
        return s;
      }
    }
    return null;
  }

  /** An empty slot or the least recently used stream. */
  private Stream victim() {
    Stream lru = null;
    for (int i = 0; i < streams.length; i++) {
      if (streams[i] == null) {
        streams[i] = new Stream();
        return streams[i];
      }
      if (lru == null || streams[i].used < lru.used) {
        lru = streams[i];
      }
    }
    return lru;
  }

  private static ByteBuffer slice(ByteBuffer buf, int at, int length) {
    return buf.duplicate().clear().position(at).limit(at + length).slice();
  }

  /** Several ranges at once go to the store's own merging reader unchanged. */
  @Override
  public List<ByteBuffer> readRanges(List<ObjectStore.Range> ranges) throws IOException {
    return inner.readRanges(ranges);
  }

  @Override
  public synchronized void close() throws IOException {
    for (int i = 0; i < streams.length; i++) {
      streams[i] = null;
    }
    inner.close();
  }
}
