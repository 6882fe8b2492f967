package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HintWritesTest {
  @Test
  void writesOfOnePathLandInCallOrderWithoutHoldingUpTheCaller() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch gate = new CountDownLatch(1);
    ConcurrentHashMap<String, String> objects = new ConcurrentHashMap<>();
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    HintWrites w = new HintWrites(pool, (path, data) -> {
      try {
        gate.await(5, TimeUnit.SECONDS); // a slow server
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      String v = new String(data, StandardCharsets.UTF_8);
      order.add(path + "=" + v);
      objects.put(path, v);
    });
    try {
      for (int v = 1; v <= 5; v++) {
        w.submit("hint", ("" + v).getBytes(StandardCharsets.UTF_8));
      }
      w.submit("other", "x".getBytes(StandardCharsets.UTF_8));
      assertThat(objects).as("the caller did not wait").isEmpty();
      assertThat(w.pending()).isGreaterThan(0);
      gate.countDown();
      w.awaitAll(5_000);
      assertThat(objects).containsEntry("hint", "5").containsEntry("other", "x");
      assertThat(order.stream().filter(s -> s.startsWith("hint=")).toList())
          .containsExactly("hint=1", "hint=2", "hint=3", "hint=4", "hint=5");
      assertThat(w.pending()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedWriteIsDroppedAndTheNextOneStillRuns() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    ConcurrentHashMap<String, String> objects = new ConcurrentHashMap<>();
    int[] calls = {0};
    HintWrites w = new HintWrites(pool, (path, data) -> {
      if (calls[0]++ == 0) {
        throw new IOException("503");
      }
      objects.put(path, new String(data, StandardCharsets.UTF_8));
    });
    try {
      w.submit("hint", "1".getBytes(StandardCharsets.UTF_8));
      w.submit("hint", "2".getBytes(StandardCharsets.UTF_8));
      w.awaitAll(5_000);
      assertThat(objects).containsEntry("hint", "2");
    } finally {
      pool.shutdownNow();
    }
  }
}
