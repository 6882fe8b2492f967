package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lance4j.internal.table.ProtocolFixtures.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.LanceIOException;
import org.lance4j.Operation;
import org.lance4j.internal.storage.FaultInjectingObjectStore;
import org.lance4j.internal.storage.LocalObjectStore;

/**
 * Failures at every step of each operation's commit (transaction file, deletion file, manifest
 * write, lost race) leave the dataset at its previous version, readable by lance-core; a lost race
 * against a compatible commit is retried and lands.
 */
class CommitOperationFaultTest {
  @TempDir Path root;

  private static final String[] OPS = {"Delete", "Project", "Restore", "UpdateConfig",
      "Reserve", "Rewrite", "Merge", "Append"};

  private Operation op(String name, Path dir, Snapshot s, BufferAllocator a) throws Exception {
    return switch (name) {
      case "Delete" -> ConflictMatrixTest.delete(s, 0, id -> id < 10);
      case "Project" -> new Operation.Project(s.schema().project(List.of("id")));
      case "Restore" -> new Operation.Restore(1);
      case "UpdateConfig" -> new Operation.UpdateConfig(Map.of("a", "b"), List.of());
      case "Reserve" -> new Operation.ReserveFragments(2);
      case "Rewrite" -> new Operation.Rewrite(List.of(new Operation.RewriteGroup(
          List.of(s.fragment(1)), fragments(dir, a, 100, 100))));
      case "Merge" -> new Operation.Merge(s.fragments(), s.schema());
      default -> new Operation.Append(fragments(dir, a, 500, 5));
    };
  }

  @Test
  void everyStepFailureLeavesThePreviousVersion() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      int n = 0;
      for (String name : OPS) {
        for (String fault : new String[] {"txn", "manifest"}) {
          Path dir = root.resolve("c" + n++);
          create(dir, a, 200, 100);
          FaultInjectingObjectStore store = new FaultInjectingObjectStore(new LocalObjectStore(dir));
          Snapshot v1 = Versions.loadLatest(store, dir.toString());
          Operation op = op(name, dir, v1, a);
          if (fault.equals("txn")) {
            store.failCreate("_transactions/");
          } else {
            store.failNextPutIfAbsent(1);
          }
          assertThatThrownBy(() -> Committer.commit(store, dir.toString(), op, 1))
              .as(name + " " + fault).isInstanceOf(LanceIOException.class);
          assertThat(Versions.latestVersion(store)).isEqualTo(1);
          try (var ds = org.lance.Dataset.open(dir.toString(), a)) {
            assertThat(ds.version()).isEqualTo(1);
            assertThat(ds.countRows()).isEqualTo(200);
          }
          store.failCreate(null);
          assertThat(Committer.commit(store, dir.toString(), op, 1).version())
              .as(name + " after " + fault).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void lostRaceAgainstConfigUpdateIsRetriedAndLands() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      int n = 0;
      for (String name : OPS) {
        Path dir = root.resolve("r" + n++);
        create(dir, a, 200, 100);
        FaultInjectingObjectStore store = new FaultInjectingObjectStore(new LocalObjectStore(dir));
        Snapshot v1 = Versions.loadLatest(store, dir.toString());
        Operation op = op(name, dir, v1, a);
        LocalObjectStore other = new LocalObjectStore(dir);
        store.beforePutIfAbsent(path -> {
          store.beforePutIfAbsent(null);
          Committer.commit(other, dir.toString(),
              new Operation.UpdateConfig(Map.of("other", "1"), List.of()), 1);
        });
        Snapshot done = Committer.commit(store, dir.toString(), op, 1);
        assertThat(done.version()).as(name).isEqualTo(3);
        assertThat(store.putIfAbsentCalls()).isEqualTo(2);
        try (var ds = org.lance.Dataset.open(dir.toString(), a)) {
          assertThat(ds.version()).isEqualTo(3);
          assertThat(ds.countRows()).isEqualTo(done.countRows());
          if (!name.equals("Restore")) {
            assertThat(ds.getConfig()).containsEntry("other", "1");
          }
        }
      }
    }
  }

  @Test
  void failedDeletionFileWriteDuringRebaseCommitsNothing() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      create(root, a, 200, 100);
      FaultInjectingObjectStore store = new FaultInjectingObjectStore(new LocalObjectStore(root));
      Snapshot v1 = Versions.loadLatest(store, root.toString());
      Operation.Delete even = ConflictMatrixTest.delete(v1, 0, id -> id % 2 == 0);
      Operation.Delete odd = ConflictMatrixTest.delete(v1, 0, id -> id % 2 == 1 && id < 50);
      Committer.commit(store, root.toString(), odd, 1);
      store.failCreate("_deletions/");
      assertThatThrownBy(() -> Committer.commit(store, root.toString(), even, 1))
          .isInstanceOf(LanceIOException.class).hasMessageContaining("_deletions/0-2-");
      assertThat(Versions.latestVersion(store)).isEqualTo(2);
      store.failCreate(null);
      Committer.commit(store, root.toString(), even, 1);
      assertThat(lanceCoreIds(a, root)).isEqualTo(range(0, 200,
          id -> id >= 100 || (id % 2 == 1 && id >= 50)));
    }
  }
}
