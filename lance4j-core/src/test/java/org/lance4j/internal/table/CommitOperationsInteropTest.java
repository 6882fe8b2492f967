package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lance4j.internal.table.ProtocolFixtures.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.internal.storage.LocalObjectStore;

/** Every operation committed by lance4j, read back by lance-core (the oracle) and by us. */
class CommitOperationsInteropTest {
  @TempDir Path dir;

  @Test
  void deleteWritesArrowAndBinFilesLanceCoreHonoursAndExtends() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      create(dir, a, 12000, 6000);
      // fragment 0: 5400 rows -> .bin, fragment 1: ~857 rows -> .arrow
      Snapshot s = latest(dir);
      FragmentMetadata f0 = deleteWhere(s, 0, id -> id % 10 != 0);
      FragmentMetadata f1 = deleteWhere(s, 1, id -> id % 7 == 0);
      assertThat(f0.deletionFile().fileType()).isEqualTo(DeletionFile.Type.BITMAP);
      assertThat(f0.deletionFile().numDeletedRows()).isEqualTo(5400);
      assertThat(f1.deletionFile().fileType()).isEqualTo(DeletionFile.Type.ARROW_ARRAY);
      assertThat(f0.deletionFile().path(0)).matches("_deletions/0-1-\\d+\\.bin");
      assertThat(Files.exists(dir.resolve(f1.deletionFile().path(1)))).isTrue();
      Snapshot v2 = Committer.commit(s.store(), s.uri(),
          new Operation.Delete(List.of(f0, f1), List.of(), "x"), 1);
      assertThat(v2.manifest().getReaderFeatureFlags() & 1).isEqualTo(1);
      List<Long> expected = range(0, 12000,
          id -> id < 6000 ? id % 10 == 0 : id % 7 != 0);
      assertThat(lanceCoreIds(a, dir)).isEqualTo(expected);
      assertThat(ourIds(a, dir)).isEqualTo(expected);
      try (var ds = org.lance.Dataset.open(dir.toString(), a)) {
        assertThat(ds.countRows()).isEqualTo(expected.size());
        ds.delete("id = 10 OR id = 6001"); // lance-core extends our deletion files
      }
      expected.remove(Long.valueOf(10));
      expected.remove(Long.valueOf(6001));
      assertThat(ourIds(a, dir)).isEqualTo(expected);
      // and we extend lance-core's in turn
      deleteAll(dir, id -> id == 20 || id == 6002, 3);
      expected.remove(Long.valueOf(20));
      expected.remove(Long.valueOf(6002));
      assertThat(lanceCoreIds(a, dir)).isEqualTo(expected);
      // deleting every row of a fragment removes it
      Snapshot last = deleteAll(dir, id -> id < 6000, 4);
      assertThat(last.fragments()).extracting(FragmentMetadata::id).containsExactly(1L);
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(6000, 12000,
          id -> id % 7 != 0 && id != 6001 && id != 6002));
    }
  }

  @Test
  void updateConfigProjectRestoreReserveAreReadByLanceCore() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      create(dir, a, 300, 100);
      LocalObjectStore store = new LocalObjectStore(dir);
      String uri = dir.toString();
      Snapshot v2 = Committer.commit(store, uri,
          new Operation.UpdateConfig(Map.of("k1", "v1", "k2", "v2"), List.of()), 1);
      assertThat(v2.manifest().getWriterFeatureFlags() & 8).isEqualTo(8);
      Snapshot v3 = Committer.commit(store, uri,
          new Operation.UpdateConfig(Map.of("k3", "v3"), List.of("k1")), 2);
      try (var ds = org.lance.Dataset.open(uri, a)) {
        assertThat(ds.getConfig()).containsEntry("k2", "v2").containsEntry("k3", "v3")
            .doesNotContainKey("k1");
      }
      assertThat(v3.manifest().getConfigMap()).containsOnlyKeys("k2", "k3");

      LanceSchema dropped = v3.schema().project(List.of("id", "name"));
      Committer.commit(store, uri, new Operation.Project(dropped), 3);
      try (var ds = org.lance.Dataset.open(uri, a)) {
        assertThat(ds.getSchema().getFields()).extracting(f -> f.getName())
            .containsExactly("id", "name");
        assertThat(ds.countRows()).isEqualTo(300);
      }
      assertThat(DataPathOracle.scanAll(a, uri)).containsOnlyKeys("id", "name");

      Snapshot v5 = Committer.commit(store, uri, new Operation.ReserveFragments(5), 4);
      assertThat(v5.manifest().getMaxFragmentId()).isEqualTo(2 + 5);
      Snapshot v6 = Committer.commit(store, uri, new Operation.Restore(1), 5);
      assertThat(v6.version()).isEqualTo(6);
      assertThat(v6.manifest().getMaxFragmentId()).isEqualTo(7); // high-water mark kept
      assertThat(v6.manifest().getConfigMap()).isEmpty();
      try (var ds = org.lance.Dataset.open(uri, a)) {
        assertThat(ds.version()).isEqualTo(6);
        assertThat(ds.getSchema().getFields()).hasSize(3);
        assertThat(ds.getConfig()).doesNotContainKey("k2");
      }
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(0, 300, id -> true));
      // an append after the reservation gets id 8
      Snapshot v7 = Committer.commit(store, uri,
          new Operation.Append(fragments(dir, a, 300, 10)), 6);
      assertThat(v7.fragments()).extracting(FragmentMetadata::id).containsExactly(0L, 1L, 2L, 8L);
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(0, 310, id -> true));
      assertThat(Versions.list(store, uri)).extracting(org.lance4j.VersionInfo::operation)
          .containsExactly("Overwrite", "UpdateConfig", "UpdateConfig", "Project",
              "ReserveFragments", "Restore", "Append");
    }
  }

  @Test
  void rewriteReplacesFragmentsInPlaceAndLanceCoreReadsIt() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      create(dir, a, 300, 100);
      Snapshot v2 = deleteAll(dir, id -> id % 3 == 0 && id < 200, 1);
      // compact fragments 0 and 1 (with their deletions) into one new fragment
      List<FragmentMetadata> compacted = new ArrayList<>();
      try (var root = ManifestReadInteropTest.simpleRows(a, 0, 200)) {
        // keep only the surviving rows by writing them afresh
        List<Long> keep = range(0, 200, id -> id % 3 != 0);
        try (var kept = ManifestReadInteropTest.simpleRows(a, 0, 0)) {
          var id = (org.apache.arrow.vector.BigIntVector) kept.getVector("id");
          var name = (org.apache.arrow.vector.VarCharVector) kept.getVector("name");
          var val = (org.apache.arrow.vector.Float8Vector) kept.getVector("val");
          int i = 0;
          for (long k : keep) {
            id.setSafe(i, k);
            if (k % 5 == 0) {
              name.setNull(i);
            } else {
              name.setSafe(i, ("n" + k).getBytes());
            }
            val.setSafe(i, k * 0.5);
            i++;
          }
          kept.setRowCount(i);
          compacted.addAll(org.lance4j.Fragments.write(dir.toString(), kept,
              org.lance4j.WriteOptions.builder().mode(org.lance4j.WriteOptions.Mode.APPEND)
                  .build()));
        }
      }
      Operation.Rewrite rw = new Operation.Rewrite(List.of(new Operation.RewriteGroup(
          List.of(v2.fragment(0), v2.fragment(1)), compacted)));
      Snapshot v3 = Committer.commit(v2.store(), v2.uri(), rw, 2);
      // in place, as Lance does: the manifest lists the new fragment where the old ones were
      assertThat(v3.manifest().getFragmentsList()).extracting(f -> f.getId())
          .containsExactly(3L, 2L);
      assertThat(v3.fragment(3).deletionFile()).isNull();
      List<Long> expected = range(0, 300, id -> id >= 200 || id % 3 != 0);
      assertThat(lanceCoreIds(a, dir)).isEqualTo(expected);
      assertThat(ourIds(a, dir)).isEqualTo(expected);
      // a Rewrite of a fragment that no longer exists fails
      assertThatThrownBy(() -> Committer.commit(v3.store(), v3.uri(), rw, 3))
          .hasMessageContaining("fragment 0");
    }
  }

  @Test
  void mergeIsValidated() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = TestSnapshots.of(create(dir, a, 300, 100));
      LocalObjectStore store = new LocalObjectStore(dir);
      List<FragmentMetadata> missingOne = s.fragments().subList(0, 2);
      assertThatThrownBy(() -> Committer.commit(store, s.uri(),
          new Operation.Merge(missingOne, s.schema()), 1))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("fragment 2");
      List<FragmentMetadata> wrongRows = new ArrayList<>(s.fragments());
      FragmentMetadata f1 = wrongRows.get(1);
      wrongRows.set(1, new FragmentMetadata(1, f1.files(), 99, null));
      assertThatThrownBy(() -> Committer.commit(store, s.uri(),
          new Operation.Merge(wrongRows, s.schema()), 1))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("fragment 1")
          .hasMessageContaining("99");
      // an identity merge (same files, same schema) is valid and keeps ids
      Snapshot v2 = Committer.commit(store, s.uri(), new Operation.Merge(s.fragments(),
          s.schema()), 1);
      assertThat(v2.fragments()).extracting(FragmentMetadata::id).containsExactly(0L, 1L, 2L);
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(0, 300, id -> true));
    }
  }

  @Test
  void lance4jReadsWhatLanceCoreOperationsCommit() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      create(dir, a, 3000, 500);
      String uri = dir.toString();
      try (var ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id % 4 = 0");
        ds.updateConfig(Map.of("owner", "me"));
        ds.dropColumns(List.of("val"));
        ds.compact();
      }
      Snapshot s = latest(dir);
      assertThat(s.manifest().getConfigMap()).containsEntry("owner", "me");
      assertThat(s.schema().fieldNames()).containsExactly("id", "name");
      List<Long> expected = range(0, 3000, id -> id % 4 != 0);
      assertThat(ourIds(a, dir)).isEqualTo(expected);
      assertThat(Versions.list(s.store(), uri)).extracting(org.lance4j.VersionInfo::operation)
          .containsExactly("Overwrite", "Delete", "UpdateConfig", "Project", "ReserveFragments", "Rewrite");
      try (var ds = org.lance.Dataset.open(uri, a)) {
        try (var old = ds.checkoutVersion(1)) {
          old.restore();
        }
      }
      Snapshot r = latest(dir);
      assertThat(Versions.list(r.store(), uri).get((int) r.version() - 1).operation())
          .isEqualTo("Restore");
      assertThat(ourIds(a, dir)).isEqualTo(range(0, 3000, id -> true));
      // and we commit on top of lance-core's versions
      deleteAll(dir, id -> id < 10, r.version());
      assertThat(lanceCoreIds(a, dir)).isEqualTo(range(10, 3000, id -> true));
      Optional<String> none = Optional.empty();
      assertThat(none).isEmpty();
    }
  }
}
