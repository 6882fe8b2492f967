package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The {@link ObjectStore} contract; subclasses supply a fresh, empty store. */
public abstract class ObjectStoreContractTest {

  protected abstract ObjectStore newStore() throws Exception;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static void write(ObjectStore s, String path, byte[] data) throws Exception {
    try (OutputStream out = s.create(path)) {
      out.write(data);
    }
  }

  @Test
  void createSizeExistsAndRangeReads() throws Exception {
    ObjectStore s = newStore();
    assertThat(s.exists("data/a.bin")).isFalse();
    byte[] data = new byte[10_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    write(s, "data/a.bin", data);
    assertThat(s.exists("data/a.bin")).isTrue();
    assertThat(s.size("data/a.bin")).isEqualTo(10_000);
    assertThat(toArray(s.read("data/a.bin", 0, 10))).isEqualTo(Arrays.copyOfRange(data, 0, 10));
    assertThat(toArray(s.read("data/a.bin", 9_990, 10)))
        .isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
    assertThat(toArray(s.read("data/a.bin", 4_321, 0))).isEmpty();
    assertThat(toArray(s.readAll("data/a.bin"))).isEqualTo(data);
    assertThatThrownBy(() -> s.read("data/a.bin", 9_995, 10))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("a.bin");
    // create replaces
    write(s, "data/a.bin", bytes("short"));
    assertThat(toArray(s.readAll("data/a.bin"))).isEqualTo(bytes("short"));
  }

  @Test
  void missingObjectsAreNotFound() throws Exception {
    ObjectStore s = newStore();
    assertThatThrownBy(() -> s.size("nope")).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> s.read("nope", 0, 1)).isInstanceOf(FileNotFoundException.class);
    assertThat(s.list("no_dir")).isEmpty();
    s.delete("nope"); // no error
  }

  @Test
  void listAndDelete() throws Exception {
    ObjectStore s = newStore();
    write(s, "_versions/1.manifest", bytes("1"));
    write(s, "_versions/2.manifest", bytes("2"));
    write(s, "_versions/sub/x", bytes("x"));
    write(s, "other/3.manifest", bytes("3"));
    assertThat(s.list("_versions")).contains("1.manifest", "2.manifest")
        .doesNotContain("x", "3.manifest");
    s.delete("_versions/1.manifest");
    assertThat(s.exists("_versions/1.manifest")).isFalse();
    assertThat(s.list("_versions")).contains("2.manifest").doesNotContain("1.manifest");
  }

  @Test
  void listWithInfoGivesSizesAndTimes() throws Exception {
    ObjectStore s = newStore();
    java.time.Instant before = java.time.Instant.now().minusSeconds(3600);
    write(s, "data/a.lance", new byte[123]);
    write(s, "data/b.lance", bytes("xy"));
    write(s, "data/sub/c.lance", bytes("z"));
    assertThat(s.listWithInfo("nope")).isEmpty();
    List<ObjectStore.ObjectInfo> infos = new ArrayList<>(s.listWithInfo("data"));
    infos.removeIf(i -> i.name().equals("sub")); // stores without directories do not list it
    infos.sort(java.util.Comparator.comparing(ObjectStore.ObjectInfo::name));
    assertThat(infos).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("a.lance", "b.lance");
    assertThat(infos).extracting(ObjectStore.ObjectInfo::size).containsExactly(123L, 2L);
    for (ObjectStore.ObjectInfo i : infos) {
      if (i.lastModified() != null) {
        assertThat(i.lastModified()).isAfter(before)
            .isBefore(java.time.Instant.now().plusSeconds(3600));
      }
    }
  }

  @Test
  void putIfAbsentWritesOnceOnly() throws Exception {
    ObjectStore s = newStore();
    s.putIfAbsent("_versions/1.manifest", bytes("first"));
    assertThatThrownBy(() -> s.putIfAbsent("_versions/1.manifest", bytes("second")))
        .isInstanceOf(ObjectStore.AlreadyExistsException.class)
        .hasMessageContaining("_versions/1.manifest");
    assertThat(toArray(s.readAll("_versions/1.manifest"))).isEqualTo(bytes("first"));
    assertThat(s.list("_versions")).containsExactly("1.manifest");
  }

  @Test
  void racingPutIfAbsentHasExactlyOneCompleteWinner() throws Exception {
    ObjectStore s = newStore();
    int threads = 8;
    for (int round = 0; round < 5; round++) {
      String path = "_versions/" + (round + 1) + ".manifest";
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] payload = new byte[200_000];
          Arrays.fill(payload, (byte) t);
          results.add(pool.submit((Callable<Boolean>) () -> {
            start.await();
            try {
              s.putIfAbsent(path, payload);
              return true;
            } catch (ObjectStore.AlreadyExistsException e) {
              return false;
            }
          }));
        }
        start.countDown();
        int winner = -1;
        for (int t = 0; t < threads; t++) {
          if (results.get(t).get()) {
            assertThat(winner).as("second winner %d in round %d", t, round).isEqualTo(-1);
            winner = t;
          }
        }
        assertThat(winner).isNotNegative();
        byte[] expected = new byte[200_000];
        Arrays.fill(expected, (byte) winner);
        assertThat(toArray(s.readAll(path))).isEqualTo(expected);
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(s.list("_versions")).hasSize(5);
  }
}
