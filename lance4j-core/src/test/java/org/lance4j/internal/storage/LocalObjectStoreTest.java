package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreContractTest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContractTest {
  @TempDir Path dir;
  private int n;

  @Override
  protected ObjectStore newStore() {
    return new LocalObjectStore(dir.resolve("store" + (n++)));
  }

  @Test
  void listWithInfoReportsFileTimes() throws Exception {
    ObjectStore s = newStore();
    try (java.io.OutputStream out = s.create("_deletions/1-2-3.arrow")) {
      out.write(1);
    }
    java.nio.file.Path file = ((LocalObjectStore) s).rootPath().resolve("_deletions/1-2-3.arrow");
    java.time.Instant old = java.time.Instant.parse("2020-01-02T03:04:05Z");
    java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(old));
    org.assertj.core.api.Assertions.assertThat(s.listWithInfo("_deletions"))
        .containsExactly(new ObjectStore.ObjectInfo("1-2-3.arrow", 1, old));
  }

  @Test
  void pathsCannotEscapeTheRoot() {
    ObjectStore s = newStore();
    assertThatThrownBy(() -> s.exists("../outside")).isInstanceOf(org.lance4j.InvalidInputException.class)
        .hasMessageContaining("escapes the dataset root").hasMessageContaining("../outside");
  }
}
