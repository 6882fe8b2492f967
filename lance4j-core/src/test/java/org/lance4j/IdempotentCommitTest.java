package org.lance4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.internal.storage.FaultInjectingObjectStore;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.internal.table.Committer;
import org.lance4j.internal.table.IdempotencyKeys;
import org.lance4j.internal.table.Snapshot;
import org.lance4j.internal.table.Transactions;

/**
 * Issue 14: a commit with an idempotency key lands once; its retry returns the version it
 * landed as (committing the same worker JSON twice used to give two versions and duplicate rows).
 */
class IdempotentCommitTest {
  @TempDir Path dir;

  CommitValidationTest data() {
    CommitValidationTest t = new CommitValidationTest();
    t.dir = dir;
    t.setUp();
    return t;
  }

  static CommitOptions key(String k) {
    return CommitOptions.builder().idempotencyKey(k).build();
  }

  @Test
  void retryOfALandedCommitReturnsItsVersion() {
    CommitValidationTest t = data();
    String json = FragmentMetadata.toJsonArray(List.of(t.frag));
    Operation op = new Operation.Append(FragmentMetadata.fromJsonArray(json));
    try (Dataset first = Dataset.commit(t.uri, op, 1, key("job-42"))) {
      assertThat(first.version()).isEqualTo(2);
    }
    // another writer commits in between; the retry (same key, same read version) finds version 2
    Dataset.commit(t.uri, new Operation.Append(t.write(9000)), 2).close();
    try (Dataset retry = Dataset.commit(t.uri,
        new Operation.Append(FragmentMetadata.fromJsonArray(json)), 1, key("job-42"))) {
      assertThat(retry.version()).isEqualTo(2);
      assertThat(retry.countRows()).isEqualTo(2 * CommitValidationTest.ROWS);
    }
    try (Dataset ds = Dataset.open(t.uri)) {
      assertThat(ds.version()).isEqualTo(3);
      assertThat(ds.countRows()).isEqualTo(3 * CommitValidationTest.ROWS);
    }
    assertThat(Dataset.findIdempotentCommit(t.uri, "job-42", 1)).isEqualTo(OptionalLong.of(2));
    assertThat(Dataset.findIdempotentCommit(t.uri, "job-42", 2)).isEmpty();
    assertThat(Dataset.findIdempotentCommit(t.uri, "job-43", 0)).isEmpty();
    // another key is another commit (and the file check refuses to add the rows twice)
    assertThatThrownBy(() -> Dataset.commit(t.uri,
        new Operation.Append(FragmentMetadata.fromJsonArray(json)), 1, key("job-43")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("already committed");
  }

  @Test
  void keyIsStoredInTheTransactionAsLanceReadsIt() {
    CommitValidationTest t = data();
    LocalObjectStore store = new LocalObjectStore(dir.resolve("ds"));
    Snapshot s = Committer.commit(store, t.uri, new Operation.Append(List.of(t.frag)), 1,
        key("spark-query-7/batch-3"));
    assertThat(Transactions.of(s).getTransactionPropertiesMap())
        .containsEntry(IdempotencyKeys.PROPERTY, "spark-query-7/batch-3");
    assertThat(s.manifest().getTransactionFile()).isNotEmpty();
  }

  @Test
  void overwriteAndConfigCommitsAreIdempotentToo() {
    CommitValidationTest t = data();
    LanceSchema schema = LanceSchema.fromArrow(CommitValidationTest.AB);
    List<FragmentMetadata> fr = t.write(500);
    Dataset.commit(t.uri, new Operation.Overwrite(schema, fr), 1, key("ow")).close();
    try (Dataset again = Dataset.commit(t.uri, new Operation.Overwrite(schema, fr), 1,
        key("ow"))) {
      assertThat(again.version()).isEqualTo(2);
    }
    Operation cfg = new Operation.UpdateConfig(java.util.Map.of("k", "v"), List.of());
    Dataset.commit(t.uri, cfg, 2, key("cfg")).close();
    Dataset.commit(t.uri, cfg, 2, key("cfg")).close();
    try (Dataset ds = Dataset.open(t.uri)) {
      assertThat(ds.version()).isEqualTo(3);
    }
  }

  @Test
  void aCommitWhoseManifestLandedButReportedAnErrorIsNotRepeated() {
    CommitValidationTest t = data();
    LocalObjectStore local = new LocalObjectStore(dir.resolve("ds"));
    FaultInjectingObjectStore store = new FaultInjectingObjectStore(local);
    AtomicInteger calls = new AtomicInteger();
    // the manifest is written, then the store reports a lost race (as a timed-out request can)
    store.beforePutIfAbsent(path -> {
      if (calls.getAndIncrement() == 0) {
        try {
          Committer.commit(local, t.uri, new Operation.Append(List.of(t.frag)), 1, key("k1"));
        } finally {
          store.beforePutIfAbsent(null);
        }
      }
    });
    Snapshot s = Committer.commit(store, t.uri, new Operation.Append(List.of(t.frag)), 1,
        key("k1"));
    assertThat(s.version()).isEqualTo(2);
    try (Dataset ds = Dataset.open(t.uri)) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(2 * CommitValidationTest.ROWS);
    }
  }

  @Test
  void lookupReadsOnlyTheVersionsAfterTheReadVersion() {
    CommitValidationTest t = data();
    for (int i = 0; i < 30; i++) {
      Dataset.commit(t.uri, new Operation.UpdateConfig(java.util.Map.of("i", "" + i), List.of()),
          i + 1).close();
    }
    LocalObjectStore local = new LocalObjectStore(dir.resolve("ds"));
    AtomicInteger reads = new AtomicInteger();
    org.lance4j.internal.storage.ForwardingObjectStore counting =
        new org.lance4j.internal.storage.ForwardingObjectStore(local) {
          @Override
          public java.nio.ByteBuffer read(String path, long offset, int len)
              throws java.io.IOException {
            if (path.startsWith("_versions/") || path.startsWith("_transactions/")) {
              reads.incrementAndGet();
            }
            return super.read(path, offset, len);
          }
        };
    Snapshot s = Committer.commit(counting, t.uri, new Operation.Append(List.of(t.frag)), 29,
        key("late"));
    assertThat(s.version()).isEqualTo(32);
    int commitReads = reads.getAndSet(0);
    assertThat(IdempotencyKeys.landedAfter(counting, "late", 29)).isEqualTo(OptionalLong.of(32));
    // versions 30..32 only (manifest plus transaction each), not the 32 versions of history
    assertThat(reads.get()).isLessThanOrEqualTo(3 * 3);
    assertThat(commitReads).isLessThan(30);
  }

  /** Counts reads of manifests and transactions (what a history scan would pay per version). */
  static final class CountingStore extends org.lance4j.internal.storage.ForwardingObjectStore {
    final AtomicInteger reads = new AtomicInteger();

    CountingStore(org.lance4j.storage.ObjectStore inner) {
      super(inner);
    }

    @Override
    public java.nio.ByteBuffer read(String path, long offset, int len) throws java.io.IOException {
      if (path.startsWith("_versions/") || path.startsWith("_transactions/")) {
        reads.incrementAndGet();
      }
      return super.read(path, offset, len);
    }
  }

  @Test
  void aKeyFromLongAgoIsFoundWithoutScanningHistoryWhateverTheReadVersion() {
    CommitValidationTest t = data();
    Committer.commit(new LocalObjectStore(dir.resolve("ds")), t.uri,
        new Operation.Append(List.of(t.frag)), 1, key("query-q/epoch-0"));
    for (int i = 0; i < 60; i++) {
      Dataset.commit(t.uri, new Operation.UpdateConfig(java.util.Map.of("i", "" + i), List.of()),
          i + 2).close();
    }
    CountingStore counting = new CountingStore(new LocalObjectStore(dir.resolve("ds")));
    // a streaming epoch replayed after a restart plans on the latest version (62), long after
    // the version (2) its first attempt landed as: found through the key's marker
    Snapshot again = Committer.commit(counting, t.uri, new Operation.Append(List.of(t.frag)), 62,
        key("query-q/epoch-0"));
    assertThat(again.version()).isEqualTo(2);
    assertThat(counting.reads.get()).isLessThanOrEqualTo(4);
    counting.reads.set(0);
    assertThat(IdempotencyKeys.landedAfter(counting, "query-q/epoch-0", 0))
        .isEqualTo(OptionalLong.of(2));
    assertThat(IdempotencyKeys.landedAfter(counting, "query-q/epoch-0", 2)).isEmpty();
    assertThat(IdempotencyKeys.landedAfter(counting, "query-q/epoch-1", 0)).isEmpty();
    assertThat(counting.reads.get()).isLessThanOrEqualTo(4);
    try (Dataset ds = Dataset.open(t.uri)) {
      assertThat(ds.version()).isEqualTo(62);
      assertThat(ds.countRows()).isEqualTo(2 * CommitValidationTest.ROWS);
    }
  }

  @Test
  void aMarkerOfAnAttemptThatNeverLandedIsIgnored() throws Exception {
    CommitValidationTest t = data();
    LocalObjectStore local = new LocalObjectStore(dir.resolve("ds"));
    FaultInjectingObjectStore store = new FaultInjectingObjectStore(local);
    // the first attempt marks version 2, then a concurrent writer takes version 2 first
    AtomicInteger calls = new AtomicInteger();
    store.beforePutIfAbsent(path -> {
      if (calls.getAndIncrement() == 0) {
        Dataset.commit(t.uri, new Operation.Append(t.write(100)), 1).close();
      }
    });
    Snapshot s = Committer.commit(store, t.uri, new Operation.Append(List.of(t.frag)), 1,
        key("raced"));
    assertThat(s.version()).isEqualTo(3);
    assertThat(local.list(IdempotencyKeys.DIR)).hasSize(2); // one marker per attempt (v2, v3)
    assertThat(Dataset.findIdempotentCommit(t.uri, "raced", 0)).isEqualTo(OptionalLong.of(3));
    // a marker whose version holds another commit (or no manifest) is not a hit
    Committer.commit(local, t.uri, new Operation.UpdateConfig(java.util.Map.of("a", "b"),
        List.of()), 3, key("other"));
    assertThat(Dataset.findIdempotentCommit(t.uri, "raced", 3)).isEmpty();
  }

  @Test
  void cleanupRemovesTheMarkersOfRemovedVersions() throws Exception {
    CommitValidationTest t = data();
    Dataset.commit(t.uri, new Operation.Append(List.of(t.frag)), 1, key("old")).close();
    for (int i = 0; i < 3; i++) {
      Dataset.commit(t.uri, new Operation.UpdateConfig(java.util.Map.of("i", "" + i), List.of()),
          i + 2).close();
    }
    Dataset.commit(t.uri, new Operation.UpdateConfig(java.util.Map.of("j", "1"), List.of()), 5,
        key("new")).close();
    LocalObjectStore local = new LocalObjectStore(dir.resolve("ds"));
    assertThat(local.list(IdempotencyKeys.DIR)).hasSize(2);
    Thread.sleep(20);
    try (Dataset ds = Dataset.open(t.uri)) {
      ds.cleanupOldVersions(java.time.Duration.ZERO); // keeps only the latest version (6)
    }
    assertThat(Dataset.findIdempotentCommit(t.uri, "new", 0)).isEqualTo(OptionalLong.of(6));
    assertThat(Dataset.findIdempotentCommit(t.uri, "old", 0)).isEmpty();
    assertThat(local.list(IdempotencyKeys.DIR)).hasSize(1);
  }

  @Test
  void keysAreChecked() {
    assertThatThrownBy(() -> CommitOptions.builder().idempotencyKey(""))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> CommitOptions.builder().idempotencyKey("x".repeat(2000)))
        .isInstanceOf(InvalidInputException.class);
    assertThat(CommitOptions.builder().idempotencyKey("a").build().toBuilder().build()
        .idempotencyKey()).isEqualTo("a");
    assertThat(CommitOptions.defaults().idempotencyKey()).isNull();
  }
}
