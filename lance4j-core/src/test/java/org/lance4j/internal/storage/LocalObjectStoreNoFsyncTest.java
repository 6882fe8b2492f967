package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract (putIfAbsent atomicity included) also holds with the fsync switched off
 * ({@link LocalObjectStore#FSYNC_PROPERTY}), and {@link ObjectStore#put} writes and replaces.
 */
class LocalObjectStoreNoFsyncTest extends ObjectStoreContractTest {
  @TempDir Path dir;
  private int n;

  @Override
  protected ObjectStore newStore() {
    return new LocalObjectStore(dir.resolve("store" + (n++)), false);
  }

  @Test
  void putWritesAndReplacesSmallObjects() throws Exception {
    LocalObjectStore s = (LocalObjectStore) newStore();
    s.put("_transactions/a.txn", "first".getBytes(StandardCharsets.UTF_8));
    s.put("_transactions/a.txn", "second!".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(s.rootPath().resolve("_transactions/a.txn")))
        .isEqualTo("second!");
    assertThat(s.size("_transactions/a.txn")).isEqualTo(7);
  }

  @Test
  void propertyFalseTurnsTheFsyncOffForNewStoresOnly() throws Exception {
    String before = System.getProperty(LocalObjectStore.FSYNC_PROPERTY);
    try {
      System.setProperty(LocalObjectStore.FSYNC_PROPERTY, "false");
      LocalObjectStore s = new LocalObjectStore(dir.resolve("p"));
      s.putIfAbsent("_versions/1.manifest", new byte[] {1, 2, 3});
      assertThat(Files.readAllBytes(s.rootPath().resolve("_versions/1.manifest")))
          .containsExactly(1, 2, 3);
    } finally {
      if (before == null) {
        System.clearProperty(LocalObjectStore.FSYNC_PROPERTY);
      } else {
        System.setProperty(LocalObjectStore.FSYNC_PROPERTY, before);
      }
    }
  }
}
