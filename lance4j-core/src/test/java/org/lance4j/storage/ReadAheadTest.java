package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  static final int SIZE = 20 << 20;
  static final byte[] DATA = new byte[SIZE];

  static {
    new Random(7).nextBytes(DATA);
  }

  /** One "request" per read, counted, over {@link #DATA}. */
  static final class Counting implements ObjectStore.RangeReader {
    final List<long[]> reads = new ArrayList<>();
    final AtomicInteger sizes = new AtomicInteger();

    @Override
    public synchronized ByteBuffer read(long offset, int length) throws IOException {
      if (offset + length > SIZE) {
        throw new EOFException("past the end: " + length + " at " + offset);
      }
      reads.add(new long[] {offset, length});
      return ByteBuffer.wrap(DATA, (int) offset, length).slice();
    }

    @Override
    public void close() {}
  }

  static ReadAhead reader(Counting c) {
    return new ReadAhead(c, () -> {
      c.sizes.incrementAndGet();
      return SIZE;
    }, 8 << 20);
  }

  static void assertBytes(ByteBuffer got, long offset, int length) {
    assertThat(got.remaining()).isEqualTo(length);
    byte[] b = new byte[length];
    got.duplicate().get(b);
    byte[] want = new byte[length];
    System.arraycopy(DATA, (int) offset, want, 0, length);
    assertThat(b).isEqualTo(want);
  }

  @Test
  void aSequentialRunOfSmallReadsBecomesFewLargeRequests() throws IOException {
    Counting c = new Counting();
    try (ReadAhead r = reader(c)) {
      long at = 0;
      int n = 0;
      while (at + (40 << 10) <= SIZE) {
        assertBytes(r.read(at, 40 << 10), at, 40 << 10);
        at += 40 << 10;
        n++;
      }
      assertThat(n).isEqualTo(512);
      // 2 reads passed through before the run counts, then windows of 256 KiB, 512 KiB, ...
      // 8 MiB, 8 MiB: 9 requests instead of 512
      assertThat(c.reads.size()).isLessThanOrEqualTo(9);
      assertThat(c.sizes.get()).isEqualTo(1);
      long fetched = c.reads.stream().mapToLong(x -> x[1]).sum();
      assertThat(fetched).as("no byte fetched twice, none past the end").isEqualTo(at);
    }
  }

  @Test
  void interleavedColumnsAreTrackedAsSeparateStreams() throws IOException {
    Counting c = new Counting();
    try (ReadAhead r = reader(c)) {
      long[] col = {0, 5 << 20, 10 << 20, 15 << 20};
      for (int step = 0; step < 100; step++) {
        for (int k = 0; k < col.length; k++) {
          int len = 8_000 + 13 * step + k; // chunk sizes vary
          assertBytes(r.read(col[k], len), col[k], len);
          col[k] += len + (step % 3 == 0 ? 100 : 0); // small gaps (padding) are skipped
        }
      }
      // per column (~0.9 MB): 2 passed through, then windows of 256 KiB, 512 KiB, 1 MiB
      assertThat(c.reads.size()).as("400 chunk reads of 4 interleaved columns")
          .isLessThanOrEqualTo(4 * 5);
    }
  }

  @Test
  void randomReadsPassThroughUnchanged() throws IOException {
    Counting c = new Counting();
    Random rnd = new Random(3);
    try (ReadAhead r = reader(c)) {
      for (int i = 0; i < 200; i++) {
        long at = (long) rnd.nextInt(SIZE - 4096) & ~4095L;
        assertBytes(r.read(at, 600), at, 600);
      }
      assertThat(c.reads).hasSize(200).allMatch(x -> x[1] == 600);
      assertThat(c.sizes.get()).as("no size asked without a sequential run").isZero();
    }
  }

  @Test
  void readAheadStopsAtTheEndAndErrorsStayTheStores() throws IOException {
    Counting c = new Counting();
    try (ReadAhead r = reader(c)) {
      long at = SIZE - (300 << 10);
      for (int i = 0; i < 3; i++) {
        assertBytes(r.read(at, 100 << 10), at, 100 << 10);
        at += 100 << 10;
      }
      assertThat(at).isEqualTo(SIZE);
      assertThat(c.reads.stream().mapToLong(x -> x[0] + x[1]).max().getAsLong())
          .isLessThanOrEqualTo(SIZE);
      assertThatThrownBy(() -> r.read(SIZE - 10, 20)).isInstanceOf(EOFException.class);
    }
  }

  /** Requests that take a little time, counted without serializing them. */
  static final class Slow implements ObjectStore.RangeReader {
    final java.util.Queue<long[]> reads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    volatile long failAt = -1;

    @Override
    public ByteBuffer read(long offset, int length) throws IOException {
      int now = active.incrementAndGet();
      maxActive.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(3);
        if (offset + length > SIZE) {
          throw new EOFException("past the end: " + length + " at " + offset);
        }
        if (failAt >= 0 && offset <= failAt && failAt < offset + length
            && Thread.currentThread().getName().equals("read-ahead-test")) {
          throw new IOException("injected failure of a background read at " + offset);
        }
        reads.add(new long[] {offset, length});
        return ByteBuffer.wrap(DATA, (int) offset, length).slice();
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      } finally {
        active.decrementAndGet();
      }
    }

    @Override
    public void close() {}
  }

  static final java.util.concurrent.ExecutorService POOL =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "read-ahead-test");
        t.setDaemon(true);
        return t;
      });

  @Test
  void withAnExecutorTheNextWindowsAreFetchedAheadWithinTheCaps() throws Exception {
    Slow c = new Slow();
    long cap = 3L << 20;
    ReadAhead r = new ReadAhead(c, () -> SIZE, 1 << 20, POOL, 2, cap);
    long at = 0;
    while (at + (40 << 10) <= SIZE) {
      assertBytes(r.read(at, 40 << 10), at, 40 << 10);
      assertThat(r.inFlight()).isLessThanOrEqualTo(2);
      assertThat(r.aheadBytes()).isLessThanOrEqualTo(cap);
      at += 40 << 10;
    }
    r.close();
    assertThat(r.aheadBytes()).as("every window released on close").isZero();
    long fetched = c.reads.stream().mapToLong(x -> x[1]).sum();
    assertThat(fetched).as("no byte fetched twice, none past the end").isEqualTo(SIZE);
    // 2 passed through, then windows of 256 KiB, 512 KiB and 1 MiB up to 20 MiB
    assertThat(c.reads.size()).isLessThanOrEqualTo(2 + 3 + 20);
  }

  @Test
  void columnsReadOnSeveralThreadsFetchInParallel() throws Exception {
    Slow c = new Slow();
    ReadAhead r = new ReadAhead(c, () -> SIZE, 1 << 20, POOL, 8, 64L << 20);
    int cols = 4;
    int colBytes = SIZE / cols;
    List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
    java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors
        .newFixedThreadPool(cols);
    try {
      for (int k = 0; k < cols; k++) {
        long start = (long) k * colBytes;
        jobs.add(readers.submit(() -> {
          long at = start;
          while (at + 30_000 <= start + colBytes) {
            assertBytes(r.read(at, 30_000), at, 30_000);
            at += 30_000;
          }
          return null;
        }));
      }
      for (var j : jobs) {
        j.get();
      }
    } finally {
      readers.shutdown();
      r.close();
    }
    assertThat(c.maxActive.get()).as("requests of different columns overlap")
        .isGreaterThan(1);
    assertThat(r.aheadBytes()).isZero();
  }

  @Test
  void aFailedWindowIsDroppedAndTheReadGoesToTheStore() throws Exception {
    Slow c = new Slow();
    c.failAt = 3 << 20;
    ReadAhead r = new ReadAhead(c, () -> SIZE, 1 << 20, POOL, 4, 16L << 20);
    long at = 0;
    while (at + (40 << 10) <= (6 << 20)) {
      assertBytes(r.read(at, 40 << 10), at, 40 << 10);
      at += 40 << 10;
    }
    r.close();
    assertThat(r.aheadBytes()).isZero();
    assertThat(c.reads).as("the failed range was read again by the reading thread")
        .anyMatch(x -> x[0] <= c.failAt && c.failAt < x[0] + x[1]);
  }

  @Test
  void aShortRunDoesNotFetchFarPastWhatItRead() throws Exception {
    Slow c = new Slow();
    ReadAhead r = new ReadAhead(c, () -> SIZE, 8 << 20, POOL, 8, 64L << 20);
    long at = 0;
    while (at < (1 << 20)) { // a 1 MiB column, then the next column's bytes follow
      assertBytes(r.read(at, 40 << 10), at, 40 << 10);
      at += 40 << 10;
    }
    Thread.sleep(50); // let the background requests finish
    r.close();
    long fetchedEnd = c.reads.stream().mapToLong(x -> x[0] + x[1]).max().getAsLong();
    assertThat(fetchedEnd).as("bytes fetched past a run of %d bytes", at)
        .isLessThanOrEqualTo(3 * at);
  }
  @Test
  void windowsCancelledBeforeTheyRanGiveTheirInFlightSlotsBack() throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      one.execute(() -> { // the only worker is busy: every background window stays queued
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Counting c = new Counting();
      ReadAhead r = new ReadAhead(c, () -> SIZE, 1 << 20, one, 4, 64L << 20);
      long at = 0;
      for (int i = 0; i < 8; i++) { // a sequential run: windows get requested ahead
        assertBytes(r.read(at, 40 << 10), at, 40 << 10);
        at += 40 << 10;
      }
      assertThat(r.inFlight()).as("windows queued behind the busy worker").isPositive();
      r.close(); // cancels them before they ran
      assertThat(r.inFlight()).as("slots of cancelled windows given back").isZero();
      assertThat(r.aheadBytes()).isZero();
    } finally {
      hold.countDown();
      one.shutdown();
    }
  }
}
