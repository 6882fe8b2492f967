package org.lance4j.storage;

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

/**
 * The {@link ObjectStore} contract; subclasses supply a fresh, empty store. Shipped in
 * lance4j-core's test jar so that every storage module runs it against its own store.
 */
public abstract class ObjectStoreContractTest {

  /** A fresh, empty store (a new root each call). */
  protected abstract ObjectStore newStore() throws Exception;

  /** Writers racing on one putIfAbsent in {@link #racingPutIfAbsentHasExactlyOneCompleteWinner}. */
  protected int racingWriters() {
    return 8;
  }

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
  public void createSizeExistsAndRangeReads() throws Exception {
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
  public void missingObjectsAreNotFound() throws Exception {
    ObjectStore s = newStore();
    assertThatThrownBy(() -> s.size("nope")).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> s.read("nope", 0, 1)).isInstanceOf(FileNotFoundException.class);
    assertThat(s.list("no_dir")).isEmpty();
    s.delete("nope"); // no error
  }

  @Test
  public void listAndDelete() throws Exception {
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
    // list and listWithInfo agree (a store that overrode neither would not get here: the
    // defaults, each in terms of the other, refuse instead of recursing)
    List<String> infoNames = s.listWithInfo("_versions").stream()
        .map(ObjectStore.ObjectInfo::name).toList();
    assertThat(infoNames).contains("2.manifest")
        .doesNotContain("1.manifest", "x", "3.manifest");
    assertThat(s.list("_versions")).containsAll(infoNames);
  }

  @Test
  public void listWithInfoGivesSizesAndTimes() throws Exception {
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
  public void putIfAbsentWritesOnceOnly() throws Exception {
    ObjectStore s = newStore();
    assertThat(s.putIfAbsent("_versions/1.manifest", bytes("first")))
        .isEqualTo(ObjectStore.PutResult.CREATED);
    assertThat(s.putIfAbsent("_versions/1.manifest", bytes("second")))
        .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
    assertThat(toArray(s.readAll("_versions/1.manifest"))).isEqualTo(bytes("first"));
    assertThat(s.list("_versions")).containsExactly("1.manifest");
    // an object written by create() counts as existing too
    write(s, "_versions/2.manifest", bytes("plain"));
    assertThat(s.putIfAbsent("_versions/2.manifest", bytes("x")))
        .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
    assertThat(toArray(s.readAll("_versions/2.manifest"))).isEqualTo(bytes("plain"));
    assertThat(s.putIfAbsent("_versions/3.manifest", new byte[0]))
        .isEqualTo(ObjectStore.PutResult.CREATED);
    assertThat(s.size("_versions/3.manifest")).isZero();
  }

  @Test
  public void readRangesReturnsEachRangeInOrder() throws Exception {
    ObjectStore s = newStore();
    byte[] data = new byte[300_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7 + i / 256);
    }
    write(s, "data/r.lance", data);
    List<ObjectStore.Range> ranges = List.of(new ObjectStore.Range(250_000, 50_000),
        new ObjectStore.Range(0, 10), new ObjectStore.Range(5, 20), // overlapping
        new ObjectStore.Range(100_000, 0), new ObjectStore.Range(12, 4_000),
        new ObjectStore.Range(299_999, 1));
    List<ByteBuffer> got = s.readRanges("data/r.lance", ranges);
    assertThat(got).hasSize(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      ObjectStore.Range r = ranges.get(i);
      assertThat(toArray(got.get(i))).as("range %s", r).isEqualTo(
          Arrays.copyOfRange(data, (int) r.offset(), (int) r.offset() + r.length()));
    }
    assertThat(s.readRanges("data/r.lance", List.of())).isEmpty();
    assertThatThrownBy(() -> s.readRanges("data/r.lance",
        List.of(new ObjectStore.Range(299_990, 20)))).isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> s.readRanges("data/none.lance",
        List.of(new ObjectStore.Range(0, 1)))).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  public void listFromGoesInOrderAfterTheStartAndStopsAtTheLimit() throws Exception {
    ObjectStore s = newStore();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      names.add(String.format("%03d.manifest", i));
    }
    java.util.Collections.shuffle(names, new java.util.Random(1));
    for (String n : names) {
      write(s, "_versions/" + n, bytes(n));
    }
    write(s, "_versions/sub/000.manifest", bytes("nested"));
    write(s, "_versions0/x", bytes("sibling prefix"));
    java.util.Collections.sort(names);
    assertThat(s.listFrom("_versions", null, 100)).extracting(ObjectStore.ObjectInfo::name)
        .containsExactlyElementsOf(names);
    assertThat(s.listFrom("_versions", "", 3)).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("000.manifest", "001.manifest", "002.manifest");
    assertThat(s.listFrom("_versions", "010.manifest", 2))
        .extracting(ObjectStore.ObjectInfo::name, ObjectStore.ObjectInfo::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("011.manifest", 12L),
            org.assertj.core.groups.Tuple.tuple("012.manifest", 12L));
    assertThat(s.listFrom("_versions", "0105", 1)).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("011.manifest");
    assertThat(s.listFrom("_versions", "024.manifest", 10)).isEmpty();
    assertThat(s.listFrom("_versions", null, 0)).isEmpty();
    assertThat(s.listFrom("nothing_here", null, 10)).isEmpty();
  }

  @Test
  public void largeStreamedWritesRoundTrip() throws Exception {
    ObjectStore s = newStore();
    int size = largeObjectBytes();
    byte[] chunk = new byte[65_537];
    java.security.MessageDigest written = java.security.MessageDigest.getInstance("SHA-256");
    try (OutputStream out = s.create("data/big.lance")) {
      int left = size;
      int k = 0;
      while (left > 0) {
        Arrays.fill(chunk, (byte) k++);
        int n = Math.min(left, chunk.length);
        out.write(chunk, 0, n);
        written.update(chunk, 0, n);
        left -= n;
        out.write(new byte[0]); // no-op writes are fine
      }
    }
    assertThat(s.size("data/big.lance")).isEqualTo(size);
    java.security.MessageDigest read = java.security.MessageDigest.getInstance("SHA-256");
    long off = 0;
    while (off < size) {
      int n = (int) Math.min(4 << 20, size - off);
      read.update(s.read("data/big.lance", off, n));
      off += n;
    }
    assertThat(read.digest()).isEqualTo(written.digest());
  }

  /** Size of the object {@link #largeStreamedWritesRoundTrip} writes (stores with multipart
   * uploads make it span several parts). */
  protected int largeObjectBytes() {
    return 12 << 20;
  }

  @Test
  public void closeIsIdempotent() throws Exception {
    ObjectStore s = newStore();
    s.close();
    s.close();
  }

  @Test
  public void racingPutIfAbsentHasExactlyOneCompleteWinner() throws Exception {
    ObjectStore s = newStore();
    int threads = racingWriters();
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
            ObjectStore.PutResult r = s.putIfAbsent(path, payload);
            assertThat(r).isNotEqualTo(ObjectStore.PutResult.UNKNOWN);
            return r == ObjectStore.PutResult.CREATED;
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
