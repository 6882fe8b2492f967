package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectStoreListDefaultsTest {

  /** Implements everything abstract, neither list method. */
  static class Bare implements ObjectStore {
    @Override
    public String root() {
      return "bare://";
    }

    @Override
    public long size(String path) {
      return 7;
    }

    @Override
    public boolean exists(String path) {
      return true;
    }

    @Override
    public ByteBuffer read(String path, long offset, int length) {
      return ByteBuffer.allocate(length);
    }

    @Override
    public OutputStream create(String path) {
      return OutputStream.nullOutputStream();
    }

    @Override
    public PutResult putIfAbsent(String path, byte[] data) {
      return PutResult.CREATED;
    }

    @Override
    public void delete(String path) {}
  }

  @Test
  void aStoreOverridingNeitherListMethodFailsInsteadOfRecursing() {
    Bare s = new Bare();
    assertThatThrownBy(() -> s.list("_versions"))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Bare");
    assertThatThrownBy(() -> s.listWithInfo("_versions"))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Bare");
    assertThatThrownBy(() -> s.listFrom("_versions", null, 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void eitherOverrideMakesTheOtherWork() throws IOException {
    ObjectStore names = new Bare() {
      @Override
      public List<String> list(String dir) {
        return List.of("1.manifest", "2.manifest");
      }
    };
    assertThat(names.listWithInfo("_versions")).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("1.manifest", "2.manifest");
    assertThat(names.listWithInfo("_versions")).allMatch(i -> i.size() == 7);
    ObjectStore infos = new Bare() {
      @Override
      public List<ObjectInfo> listWithInfo(String dir) {
        return List.of(new ObjectInfo("3.manifest", 1, null));
      }
    };
    assertThat(infos.list("_versions")).containsExactly("3.manifest");
    // a store whose listWithInfo lists another store through its default list is not refused
    ObjectStore outer = new Bare() {
      @Override
      public List<String> list(String dir) throws IOException {
        return infos.list(dir);
      }
    };
    assertThat(outer.listWithInfo("x")).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("3.manifest");
  }
}
