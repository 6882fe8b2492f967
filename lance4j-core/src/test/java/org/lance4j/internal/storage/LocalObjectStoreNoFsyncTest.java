package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreContractTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract (putIfAbsent atomicity included) also holds with the fsync switched off
 * (storage option {@link StorageOptions#LOCAL_FSYNC}), and {@link ObjectStore#put} writes and replaces.
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
  void storageOptionPicksTheFsyncAndTheSystemPropertyIsOnlyTheDefault() {
    String before = System.getProperty(StorageOptions.LOCAL_FSYNC);
    String uri = dir.resolve("p").toString();
    StorageOptions off = StorageOptions.of(Map.of(StorageOptions.LOCAL_FSYNC, "false"));
    StorageOptions on = StorageOptions.of(Map.of(StorageOptions.LOCAL_FSYNC, "TRUE"));
    try {
      System.clearProperty(StorageOptions.LOCAL_FSYNC);
      assertThat(local(uri, StorageOptions.empty()).fsyncs()).isTrue();
      assertThat(local(uri, off).fsyncs()).isFalse();
      System.setProperty(StorageOptions.LOCAL_FSYNC, "false");
      assertThat(local(uri, StorageOptions.empty()).fsyncs()).isFalse();
      assertThat(local(uri, on).fsyncs()).isTrue();
      assertThatThrownBy(() -> local(uri, StorageOptions.of(Map.of(StorageOptions.LOCAL_FSYNC,
          "yes")))).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("lance4j.local.fsync").hasMessageContaining("'yes'");
    } finally {
      if (before == null) {
        System.clearProperty(StorageOptions.LOCAL_FSYNC);
      } else {
        System.setProperty(StorageOptions.LOCAL_FSYNC, before);
      }
    }
  }

  private static LocalObjectStore local(String uri, StorageOptions options) {
    return (LocalObjectStore) ObjectStores.forUri(uri, options);
  }
}
