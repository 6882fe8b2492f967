package org.lance4j.io;

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
  void pathsCannotEscapeTheRoot() {
    ObjectStore s = newStore();
    assertThatThrownBy(() -> s.exists("../outside")).isInstanceOf(IllegalArgumentException.class);
  }
}
