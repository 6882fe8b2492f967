package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceIOException;
import org.lance4j.Operation;
import org.lance4j.internal.storage.FaultInjectingObjectStore;
import org.lance4j.internal.storage.LocalObjectStore;

/** The commit loop under injected storage faults and lost races. */
class CommitFaultTest {
  @TempDir Path dir;

  private FragmentMetadata frag(String name, long rows) {
    return RealFragments.write(dir, name, rows);
  }

  static Schema schema() {
    return ManifestReadInteropTest.simpleSchema();
  }

  private FaultInjectingObjectStore storeWithVersion1() {
    LocalObjectStore local = new LocalObjectStore(dir);
    Committer.commit(local, "ds", new Operation.Overwrite(schema(), List.of(frag("a", 10))), 0,
        org.lance4j.CommitOptions.builder().enableV2ManifestPaths(false).build());
    return new FaultInjectingObjectStore(local);
  }

  @Test
  void lostRaceRetriesAndNumbersAfterTheWinner() {
    FaultInjectingObjectStore store = storeWithVersion1();
    store.beforePutIfAbsent(path -> {
      store.beforePutIfAbsent(null); // the competitor wins exactly once
      Committer.commit(store.inner(), "ds", new Operation.Append(List.of(frag("winner", 5))), 1);
    });
    Snapshot mine = Committer.commit(store, "ds", new Operation.Append(List.of(frag("mine", 7))),
        1);
    assertThat(mine.version()).isEqualTo(3);
    assertThat(store.putIfAbsentCalls()).isEqualTo(2);
    Snapshot winner = Versions.load(store, "ds", 2);
    assertThat(winner.fragments()).extracting(f -> f.files().get(0).path())
        .containsExactly("a.lance", "winner.lance");
    assertThat(Versions.loadLatest(store, "ds").fragments())
        .extracting(FragmentMetadata::id, f -> f.files().get(0).path())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, "a.lance"),
            org.assertj.core.groups.Tuple.tuple(1L, "winner.lance"),
            org.assertj.core.groups.Tuple.tuple(2L, "mine.lance"));
    assertThat(mine.countRows()).isEqualTo(22);
  }

  @Test
  void alwaysLosingGivesUpWithRetryableConflict() {
    FaultInjectingObjectStore store = storeWithVersion1();
    int[] n = {0}; // a new file each time: committing one data file twice is refused
    store.beforePutIfAbsent(path -> Committer.commit(store.inner(), "ds",
        new Operation.Append(List.of(frag("other" + n[0]++, 1))),
        Versions.latestVersion(store.inner())));
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.Append(List.of(frag("mine", 1))), 1, org.lance4j.CommitOptions.builder().maxAttempts(3).build()))
        .isInstanceOfSatisfying(CommitConflictException.class,
            e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("3 attempts");
    store.beforePutIfAbsent(null);
    assertThat(Versions.latestVersion(store)).isEqualTo(4);
    assertThat(Versions.loadLatest(store, "ds").fragments())
        .noneMatch(f -> f.files().get(0).path().equals("mine.lance"));
  }

  @Test
  void failedManifestWriteLeavesPreviousVersionIntact() {
    FaultInjectingObjectStore store = storeWithVersion1();
    Snapshot before = Versions.loadLatest(store, "ds");
    store.failNextPutIfAbsent(1);
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.Append(List.of(frag("lost", 3))), 1))
        .isInstanceOf(LanceIOException.class).hasMessageContaining("_versions/2.manifest");
    assertThat(Versions.latestVersion(store)).isEqualTo(1);
    assertThat(Versions.loadLatest(store, "ds")).isEqualTo(before);
    // and the next commit works normally
    assertThat(Committer.commit(store, "ds", new Operation.Append(List.of(frag("ok", 3))), 1)
        .version()).isEqualTo(2);
  }

  @Test
  void failedTransactionWriteCommitsNothing() {
    FaultInjectingObjectStore store = storeWithVersion1();
    store.failCreate("_transactions/");
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.Overwrite(schema(), List.of(frag("b", 3))), 1))
        .isInstanceOf(LanceIOException.class).hasMessageContaining("_transactions/1-");
    assertThat(store.putIfAbsentCalls()).isZero();
    assertThat(Versions.latestVersion(store)).isEqualTo(1);
    assertThat(Versions.loadLatest(store, "ds").fragments()).hasSize(1);
  }
}
