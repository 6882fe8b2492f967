package org.lance4j.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.storage.ObjectStore;

/**
 * Memory mappings of closed range readers are released (by the JDK once the mapping is
 * unreachable), so a process that opens and closes many data files does not accumulate them.
 */
class LocalObjectStoreMappingTest {
  @TempDir Path dir;

  @Test
  void openingAndClosingTenThousandFilesDoesNotGrowTheMappings() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    assumeTrue(Files.isReadable(maps), "needs Linux /proc/self/maps");
    byte[] data = new byte[16 * 1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    int files = 50;
    for (int i = 0; i < files; i++) {
      Files.write(dir.resolve("f" + i + ".lance"), data);
    }
    LocalObjectStore store = new LocalObjectStore(dir, false);
    long sum = 0;
    for (int round = 0; round < 10_000; round++) {
      try (ObjectStore.RangeReader r = store.openRangeReader("f" + (round % files) + ".lance")) {
        ByteBuffer b = r.read(1000, 8);
        sum += b.get(0);
      }
      if (round % 2_000 == 1_999) {
        System.gc();
      }
    }
    assertThat(sum).isEqualTo(10_000L * (byte) 1000);
    long left = 0;
    for (int attempt = 0; attempt < 50; attempt++) {
      System.gc();
      Thread.sleep(20);
      left = mappingsOf(maps);
      if (left < 100) {
        break;
      }
    }
    assertThat(left).as("mappings of the test's files still present").isLessThan(100);
    assertThat(store.stats().readRequests()).isEqualTo(10_000);
    assertThat(store.stats().bytesRead()).isEqualTo(80_000);
  }

  private long mappingsOf(Path maps) throws IOException {
    List<String> lines = Files.readAllLines(maps);
    String prefix = dir.toRealPath().toString();
    return lines.stream().filter(l -> l.contains(prefix)).count();
  }
}
