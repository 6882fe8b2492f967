package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ranged-read handle random access (take) uses: same bytes as read(), same errors. */
class RangeReaderTakeTest {
  @TempDir Path tmp;

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void mappedReadsEqualPlainReadsAndCheckBounds() throws Exception {
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    Files.createDirectories(tmp.resolve("data"));
    Files.write(tmp.resolve("data/f.lance"), data);
    LocalObjectStore store = new LocalObjectStore(tmp);
    ObjectStore defaults = new ObjectStore() { // only the default handle: reads via read()
      public String root() { return store.root(); }
      public long size(String p) throws java.io.IOException { return store.size(p); }
      public boolean exists(String p) throws java.io.IOException { return store.exists(p); }
      public ByteBuffer read(String p, long o, int l) throws java.io.IOException {
        return store.read(p, o, l);
      }
      public java.io.OutputStream create(String p) { throw new UnsupportedOperationException(); }
      public PutResult putIfAbsent(String p, byte[] d) { throw new UnsupportedOperationException(); }
      public java.util.List<String> list(String d) { throw new UnsupportedOperationException(); }
      public void delete(String p) { throw new UnsupportedOperationException(); }
    };
    for (ObjectStore s : new ObjectStore[] {store, defaults}) {
      try (ObjectStore.RangeReader in = s.openRangeReader("data/f.lance")) {
        for (long[] r : new long[][] {{0, 10}, {99_990, 10}, {12_345, 4096}, {500, 0}}) {
          assertThat(bytes(in.read(r[0], (int) r[1])))
              .isEqualTo(bytes(store.read("data/f.lance", r[0], (int) r[1])));
        }
        assertThat(in.read(3, 2).get(1)).isEqualTo(data[4]);
        assertThatThrownBy(() -> in.read(99_995, 10)).isInstanceOf(EOFException.class)
            .hasMessageContaining("f.lance");
      }
    }
    assertThatThrownBy(() -> store.openRangeReader("data/missing.lance"))
        .isInstanceOf(FileNotFoundException.class).hasMessageContaining("missing.lance");
  }
}
