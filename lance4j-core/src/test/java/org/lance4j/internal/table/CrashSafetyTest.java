package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.internal.storage.LocalObjectStore;

/**
 * A child JVM commits in a loop and is killed with SIGKILL at random moments, many times. After
 * each kill the dataset opens at its last committed version (at least the last one the child
 * reported), every row of it is readable by lance4j and by lance-core, and they agree.
 */
class CrashSafetyTest {
  private static final int KILLS = 8;

  @TempDir Path dir;

  @Test
  void killedCommitterNeverCorruptsTheDataset() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      ProtocolFixtures.create(dir, a, 100, 100);
    }
    Random rnd = new Random(42);
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    long lastSeen = 1;
    for (int k = 0; k < KILLS; k++) {
      Process p = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
          dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      AtomicLong reported = new AtomicLong(-1);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.startsWith("committed ")) {
              reported.set(Long.parseLong(line.substring(10).trim()));
            }
          }
        } catch (Exception ignored) {
          // stream closed by the kill
        }
      });
      reader.start();
      // wait for the child to commit at least once, then kill it at a random moment
      while (reported.get() < 0 && p.isAlive()) {
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).as("child died on its own").isTrue();
      Thread.sleep(rnd.nextInt(400));
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join();
      check(reported.get());
      assertThat(reported.get()).isGreaterThan(lastSeen - 1);
      lastSeen = reported.get();
    }
  }

  private void check(long reported) throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir);
    Snapshot s = Versions.loadLatest(store, dir.toString());
    assertThat(s.version()).isGreaterThanOrEqualTo(reported);
    try (BufferAllocator a = new RootAllocator()) {
      List<Long> ours = ProtocolFixtures.ourIds(a, dir);
      assertThat(ours).hasSize((int) s.countRows());
      assertThat(ours).doesNotHaveDuplicates();
      try (var lds = org.lance.Dataset.open(dir.toString(), a)) {
        assertThat(lds.version()).isEqualTo(s.version());
        assertThat(lds.countRows()).isEqualTo(s.countRows());
      }
      assertThat(ProtocolFixtures.lanceCoreIds(a, dir)).isEqualTo(ours);
      // every earlier version still opens too
      for (long v = Math.max(1, s.version() - 3); v <= s.version(); v++) {
        Snapshot old = Versions.load(store, dir.toString(), v);
        assertThat(ProtocolFixtures.ids(DataPathOracle.lance4jScanAt(a, dir.toString(), v)))
            .hasSize((int) old.countRows());
      }
    }
  }
}
