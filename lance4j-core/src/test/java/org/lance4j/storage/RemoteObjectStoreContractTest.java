package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectStoreContractTest} plus what a store whose reads are requests must do: merge
 * nearby ranges of one {@link ObjectStore#readRanges} call into few requests (counted by the
 * store's {@link ObjectStore#stats()}). The S3 and Azure modules' contract tests extend it.
 */
public abstract class RemoteObjectStoreContractTest extends ObjectStoreContractTest {
  @Test
  public void readRangesMergesNearbyRangesAndFetchesFarOnesInParallel() throws Exception {
    ObjectStore s = newStore();
    byte[] data = new byte[3 << 20];
    new java.util.Random(7).nextBytes(data);
    s.put("data/f.lance", data);
    List<ObjectStore.Range> ranges = List.of(new ObjectStore.Range(2 << 20, 100),
        new ObjectStore.Range(10, 10), new ObjectStore.Range(1_000, 50_000), // one GET
        new ObjectStore.Range(1 << 20, 4096), new ObjectStore.Range((1 << 20) + 8192, 10),
        new ObjectStore.Range((3 << 20) - 1, 1));
    long before = s.stats().readRequests();
    List<java.nio.ByteBuffer> got = s.readRanges("data/f.lance", ranges);
    assertThat(s.stats().readRequests() - before).as("GETs for 4 groups of ranges")
        .isEqualTo(4);
    for (int i = 0; i < ranges.size(); i++) {
      ObjectStore.Range r = ranges.get(i);
      byte[] b = new byte[r.length()];
      got.get(i).duplicate().get(b);
      assertThat(b).isEqualTo(java.util.Arrays.copyOfRange(data, (int) r.offset(),
          (int) r.offset() + r.length()));
    }
  }
}
