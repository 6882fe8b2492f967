package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lance4j.internal.table.ProtocolFixtures.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.Operation;
import org.lance4j.VersionInfo;
import org.lance4j.internal.storage.LocalObjectStore;

/** Versions listing, V2 manifest naming on create, migration of a V1 dataset. */
class VersionNamingTest {
  @TempDir Path dir;

  @Test
  void createWithV2NamesThenCommitAndListVersions() throws Exception {
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator()) {
      var frags = fragments(dir, a, 0, 50);
      try (var root = ManifestReadInteropTest.simpleRows(a, 0, 0)) {
        Dataset ds = Dataset.commit(uri, new Operation.Overwrite(root.getSchema(), frags), 0,
            org.lance4j.CommitOptions.builder().enableV2ManifestPaths(true).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dataset.commit(uri,
            new Operation.Overwrite(root.getSchema(), frags), 1,
            org.lance4j.CommitOptions.builder().failIfExists(true).build()))
            .isInstanceOf(org.lance4j.DatasetAlreadyExistsException.class)
            .hasMessageContaining("already exists");
        assertThat(TestSnapshots.of(ds).manifestPath())
            .isEqualTo("_versions/18446744073709551614.manifest");
        assertThat(ds.info().v2ManifestNames()).isTrue();
        ds = ds.updateConfig(Map.of("x", "y"));
        ds = ds.restore(1);
        assertThat(DataPathOracle.files(dir.resolve("_versions"), ".manifest"))
            .extracting(p -> p.getFileName().toString().length()).containsOnly(29);
        List<VersionInfo> versions = ds.versions();
        assertThat(versions).extracting(VersionInfo::version).containsExactly(1L, 2L, 3L);
        assertThat(versions).extracting(VersionInfo::operation)
            .containsExactly("Overwrite", "UpdateConfig", "Restore");
        assertThat(versions.get(2).timestamp()).isAfterOrEqualTo(versions.get(0).timestamp());
      }
      try (var lds = org.lance.Dataset.open(uri, a)) {
        assertThat(lds.version()).isEqualTo(3);
        assertThat(lds.countRows()).isEqualTo(50);
        assertThat(lds.listVersions()).hasSize(3);
        lds.delete("id < 10"); // lance-core continues with V2 names
      }
      assertThat(Dataset.open(uri).version()).isEqualTo(4);
      assertThat(Files.exists(dir.resolve(ManifestNaming.path(ManifestNaming.Scheme.V2, 4))))
          .isTrue();
    }
  }

  @Test
  void migrationRenamesEveryManifestAndStaysReadable() throws Exception {
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator()) {
      createV1(dir, a, 200, 100);
      deleteAll(dir, id -> id % 2 == 0, 1);
      Dataset.open(uri).updateConfig(Map.of("k", "v"));
      LocalObjectStore store = new LocalObjectStore(dir);
      // an interrupted migration (copy phase) still opens
      byte[] v1 = Files.readAllBytes(dir.resolve("_versions/1.manifest"));
      Files.write(dir.resolve(ManifestNaming.path(ManifestNaming.Scheme.V2, 1)), v1);
      assertThat(Dataset.open(uri).version()).isEqualTo(3);
      Dataset migrated = Dataset.open(uri).migrateManifestPathsV2();
      assertThat(migrated.version()).isEqualTo(3);
      assertThat(ManifestNaming.list(store).scheme()).isEqualTo(ManifestNaming.Scheme.V2);
      assertThat(DataPathOracle.files(dir.resolve("_versions"), ".manifest")).hasSize(3);
      assertThat(ManifestNaming.migrateToV2(store)).isZero(); // idempotent
      try (var lds = org.lance.Dataset.open(uri, a)) {
        assertThat(lds.version()).isEqualTo(3);
        assertThat(lds.getConfig()).containsEntry("k", "v");
        try (var old = lds.checkoutVersion(1)) {
          assertThat(old.countRows()).isEqualTo(200);
        }
      }
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(0, 200, id -> id % 2 == 1));
      Snapshot v4 = Committer.commit(store, uri, new Operation.Restore(1), 3);
      assertThat(v4.manifestPath()).isEqualTo(ManifestNaming.path(ManifestNaming.Scheme.V2, 4));
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(0, 200, id -> true));
      assertThat(Dataset.open(uri, 2).countRows()).isEqualTo(100);
    }
  }
}
