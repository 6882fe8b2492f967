package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lance4j.storage.ReadAheadTest.POOL;
import static org.lance4j.storage.ReadAheadTest.SIZE;
import static org.lance4j.storage.ReadAheadTest.assertBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReadAhead#prefetch}: announced ranges fetched in few large background requests. */
class ReadAheadPrefetchTest {

  /** Pages of two columns, interleaved in the file: column A's 60 KiB, column B's 20 KiB. */
  private static List<ObjectStore.Range> pages(int count) {
    List<ObjectStore.Range> out = new ArrayList<>();
    long at = 0;
    for (int i = 0; i < count; i++) {
      out.add(new ObjectStore.Range(at, 60 << 10));
      out.add(new ObjectStore.Range(at + (60 << 10) + 100, 20 << 10)); // 100 bytes of padding
      at += 80 << 10 | 128;
    }
    return out;
  }

  @Test
  void announcedPagesAreFetchedInFewCoalescedRequestsAndServedFromThem() throws IOException {
    ReadAheadTest.Counting c = new ReadAheadTest.Counting();
    List<ObjectStore.Range> plan = pages(200); // ~16 MiB
    try (ReadAhead r = new ReadAhead(c, () -> SIZE, 8 << 20, POOL, 8, 64L << 20)) {
      r.prefetch(plan);
      // each column's pages read in pieces (as the 2.1 reader reads chunks), columns alternating
      for (ObjectStore.Range p : plan) {
        int half = p.length() / 2;
        assertBytes(r.read(p.offset(), half), p.offset(), half);
        assertBytes(r.read(p.offset() + half, p.length() - half), p.offset() + half,
            p.length() - half);
      }
      synchronized (c) {
        // 16 MiB in segments of at most 8 MiB: 3 requests instead of 800 reads
        assertThat(c.reads).hasSizeLessThanOrEqualTo(3);
        assertThat(c.reads.stream().mapToLong(x -> x[1]).max().orElse(0))
            .isLessThanOrEqualTo(ReadAhead.PLAN_SEGMENT);
      }
      assertThat(r.plannedSegments()).as("every segment dropped once read").isZero();
      assertThat(r.aheadBytes()).isZero();
      assertThat(r.inFlight()).isZero();
    }
  }

  @Test
  void bytesAheadStayWithinTheCapAndTheRestFollowsAsReadsConsume() throws IOException {
    ReadAheadTest.Counting c = new ReadAheadTest.Counting();
    List<ObjectStore.Range> plan = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      plan.add(new ObjectStore.Range((long) i << 20, 1 << 20)); // 16 x 1 MiB, contiguous
    }
    long cap = 4L << 20;
    try (ReadAhead r = new ReadAhead(c, () -> SIZE, 256 << 10, POOL, 8, cap)) {
      r.prefetch(plan); // segments of a quarter of the cap (1 MiB), at most 4 MiB ahead
      for (ObjectStore.Range p : plan) {
        assertThat(r.aheadBytes()).isLessThanOrEqualTo(cap);
        assertBytes(r.read(p.offset(), p.length()), p.offset(), p.length());
      }
      synchronized (c) {
        assertThat(c.reads).hasSize(16);
        assertThat(c.reads.stream().mapToLong(x -> x[1]).sum()).isEqualTo(16L << 20);
      }
      assertThat(r.aheadBytes()).isZero();
    }
  }

  @Test
  void readsOutsideThePlanAndAfterItsSegmentsWereDroppedStillReturnTheirBytes()
      throws IOException {
    ReadAheadTest.Counting c = new ReadAheadTest.Counting();
    try (ReadAhead r = new ReadAhead(c, () -> SIZE, 8 << 20, POOL, 8, 64L << 20)) {
      r.prefetch(List.of(new ObjectStore.Range(1000, 5000), new ObjectStore.Range(10 << 20, 100)));
      assertBytes(r.read(3 << 20, 777), 3 << 20, 777); // not planned
      assertBytes(r.read(1000, 5000), 1000, 5000); // planned: consumed, dropped
      assertBytes(r.read(1000, 5000), 1000, 5000); // again: its own request
      assertBytes(r.read(900, 200), 900, 200); // straddles the plan's edge
      assertBytes(r.read(10 << 20, 100), 10 << 20, 100);
      assertThat(r.plannedSegments()).isZero();
    }
  }

  /** A reader whose requests fail: the read that needed a failed segment gets the store's own error. */
  @Test
  void aFailedSegmentLeavesTheReadToTheStore() throws IOException {
    int[] calls = {0};
    ObjectStore.RangeReader failingOnce = new ObjectStore.RangeReader() {
      @Override
      public synchronized ByteBuffer read(long offset, int length) throws IOException {
        if (calls[0]++ == 0) {
          throw new IOException("503 slow down");
        }
        return ByteBuffer.wrap(ReadAheadTest.DATA, (int) offset, length).slice();
      }

      @Override
      public void close() {}
    };
    try (ReadAhead r = new ReadAhead(failingOnce, () -> SIZE, 8 << 20, POOL, 8, 64L << 20)) {
      r.prefetch(List.of(new ObjectStore.Range(0, 4096)));
      assertBytes(r.read(0, 4096), 0, 4096);
      assertThat(r.plannedSegments()).isZero();
      assertThat(r.aheadBytes()).isZero();
    }
  }

  @Test
  void readRangesTakesThePlannedRangesFromThePlanAndTheOthersFromTheStore() throws IOException {
    ReadAheadTest.Counting c = new ReadAheadTest.Counting();
    try (ReadAhead r = new ReadAhead(c, () -> SIZE, 8 << 20, POOL, 8, 64L << 20)) {
      r.prefetch(List.of(new ObjectStore.Range(0, 1000), new ObjectStore.Range(2000, 1000)));
      List<ByteBuffer> got = r.readRanges(List.of(new ObjectStore.Range(0, 1000),
          new ObjectStore.Range(5 << 20, 300), new ObjectStore.Range(2000, 1000)));
      assertBytes(got.get(0), 0, 1000);
      assertBytes(got.get(1), 5 << 20, 300);
      assertBytes(got.get(2), 2000, 1000);
      synchronized (c) {
        assertThat(c.reads).as("one planned request, one for the range outside the plan")
            .hasSize(2);
      }
      assertThat(r.plannedSegments()).isZero();
    }
  }

  @Test
  void closingDropsWhatWasPlannedAndNotRead() throws IOException {
    ReadAheadTest.Counting c = new ReadAheadTest.Counting();
    ReadAhead r = new ReadAhead(c, () -> SIZE, 1 << 20, POOL, 2, 64L << 20);
    r.prefetch(pages(100));
    r.close();
    assertThat(r.plannedSegments()).isZero();
    assertThat(r.aheadBytes()).isZero();
  }
}
