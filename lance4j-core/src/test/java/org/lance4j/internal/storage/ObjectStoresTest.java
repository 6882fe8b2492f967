package org.lance4j.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;

/** URI resolution: local paths, and providers found through ServiceLoader for other schemes. */
class ObjectStoresTest {
  @TempDir Path dir;

  /** Registered in this module's test resources (META-INF/services): {@code testdir://path}. */
  public static final class TestDirProvider implements ObjectStoreProvider {
    @Override
    public Set<String> schemes() {
      return Set.of("testdir");
    }

    @Override
    public ObjectStore open(String uri, StorageOptions options) {
      return new LocalObjectStore(Path.of(uri.substring("testdir://".length())),
          options.getBoolean(StorageOptions.LOCAL_FSYNC, false));
    }
  }

  @Test
  void missingProviderNamesTheSchemeAndTheModule() {
    assertThatThrownBy(() -> ObjectStores.forUri("s3://bucket/ds"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'s3'").hasMessageContaining("s3://bucket/ds")
        .hasMessageContaining("org.lance4j:lance4j-s3");
    assertThatThrownBy(() -> ObjectStores.forUri("gs://bucket/ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("lance4j-gcs");
    assertThatThrownBy(() -> ObjectStores.forUri("az://container/ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("lance4j-azure");
    assertThatThrownBy(() -> ObjectStores.forUri("weird+x://a/b"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'weird+x'")
        .hasMessageContaining("no storage module");
  }

  @Test
  void providersServeTheirSchemeCaseInsensitively() throws Exception {
    try (ObjectStore s = ObjectStores.forUri("TESTDIR://" + dir.resolve("ds"))) {
      assertThat(s).isInstanceOf(LocalObjectStore.class);
      assertThat(s.putIfAbsent("_versions/1.manifest", new byte[] {1}))
          .isEqualTo(ObjectStore.PutResult.CREATED);
    }
    assertThat(dir.resolve("ds/_versions/1.manifest")).exists();
  }

  @Test
  void localPathsAndFileUrisNeedNoProvider() {
    assertThat(ObjectStores.forUri(dir.toString())).isInstanceOf(LocalObjectStore.class);
    assertThat(ObjectStores.forUri(dir.toUri().toString()).root()).isEqualTo(dir.toString());
  }
}
