package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.Dataset;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.VersionInfo;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.TableProtos;

/** Dataset.update: rows rewritten into new fragments, old copies deleted, one Update commit. */
class UpdateTest {
  @TempDir Path dir;

  /** id -> [name, val] of a scan (lance4j's or lance-core's normalised columns). */
  private static Map<Long, List<Object>> byId(Map<String, List<Object>> cols) {
    Map<Long, List<Object>> out = new HashMap<>();
    List<Object> ids = cols.get("id");
    for (int i = 0; i < ids.size(); i++) {
      out.put(((Number) ids.get(i)).longValue(),
          java.util.Arrays.asList(cols.get("name").get(i), cols.get("val").get(i)));
    }
    return out;
  }

  @Test
  void updatedRowsHaveTheirNewValuesForLanceCoreAndTheRestIsUnchanged() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = dir.toString();
      ProtocolFixtures.create(dir, a, 3000, 1000).close();
      Map<Long, List<Object>> before = byId(DataOpsSupport.ourScan(a, uri));
      try (Dataset ds = Dataset.open(uri);
          Dataset after = ds.update(Map.of("val", "val * 2", "name", "'x' || name"),
              "id % 10 = 0")) {
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.countRows()).isEqualTo(3000);
        assertThat(after.versions()).extracting(VersionInfo::operation)
            .containsExactly("Overwrite", "Update");
        TableProtos.Transaction t = Transactions.of(TestSnapshots.of(after));
        assertThat(t.hasUpdate()).isTrue();
        assertThat(t.getUpdate().getUpdatedFragmentsCount()).isEqualTo(3);
        assertThat(t.getUpdate().getNewFragmentsCount()).isEqualTo(1);
      }
      Map<Long, List<Object>> theirs = byId(DataOpsSupport.lanceCoreScan(a, uri));
      assertThat(theirs).hasSize(3000);
      for (Map.Entry<Long, List<Object>> e : before.entrySet()) {
        long id = e.getKey();
        List<Object> old = e.getValue();
        List<Object> now = theirs.get(id);
        if (id % 10 == 0) {
          assertThat(now.get(1)).isEqualTo(((Number) old.get(1)).doubleValue() * 2);
          assertThat(now.get(0)).isEqualTo(old.get(0) == null ? null : "x" + old.get(0));
        } else {
          assertThat(now).isEqualTo(old);
        }
      }
      assertThat(byId(DataOpsSupport.ourScan(a, uri))).isEqualTo(theirs);
    }
  }

  @Test
  void wholeFragmentsGoAndNumericResultsAreCastToTheColumnType() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = dir.toString();
      ProtocolFixtures.create(dir, a, 300, 100).close();
      try (Dataset ds = Dataset.open(uri);
          // id is int64; val is float64 and "id + 1" is int64: cast to double
          Dataset after = ds.update(Map.of("val", "id + 1"), "id < 100")) {
        TableProtos.Transaction t = Transactions.of(TestSnapshots.of(after));
        assertThat(t.getUpdate().getRemovedFragmentIdsList()).containsExactly(0L);
        assertThat(after.fragments()).hasSize(3);
        Map<Long, List<Object>> rows = byId(DataOpsSupport.lanceCoreScan(a, uri));
        assertThat(rows.get(42L).get(1)).isEqualTo(43.0);
        assertThat(rows.get(142L).get(1)).isEqualTo(71.0);
        // nothing matches: no new version
        try (Dataset same = after.update(Map.of("val", "0"), "id > 100000")) {
          assertThat(same.version()).isEqualTo(after.version());
        }
      }
    }
  }

  @Test
  void badUpdatesAreRefusedBeforeWriting() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = dir.toString();
      ProtocolFixtures.create(dir, a, 100, 100).close();
      try (Dataset ds = Dataset.open(uri)) {
        assertThatThrownBy(() -> ds.update(Map.of("nope", "1"), null))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> ds.update(Map.of("id", "name"), null))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("column 'id'");
        assertThatThrownBy(() -> ds.update(Map.of(), null))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("sets no column");
        assertThatThrownBy(() -> ds.update(Map.of("val", "val +"), null))
            .isInstanceOf(InvalidInputException.class);
      }
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(1);
      }
    }
  }

  @Test
  void concurrentDeleteOfTheSameFragmentIsARetryableConflictAnAppendIsNot() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = dir.toString();
      ProtocolFixtures.create(dir, a, 200, 100).close();
      LocalObjectStore store = new LocalObjectStore(dir);
      Snapshot v1 = Versions.load(store, uri, 1);
      // build an Update on v1 by hand through the updater's parts: commit a concurrent Delete
      // of fragment 0 first, then the Update touching fragment 0 must be refused (retryable)
      try (Dataset ds = Dataset.open(uri)) {
        ds.delete("id = 5").close();
      }
      assertThatThrownBy(() -> Updater.update(v1, Map.of("val", "0"), "id = 7"))
          .isInstanceOfSatisfying(CommitConflictException.class,
              e -> assertThat(e.retryable()).isTrue());
      // an Append committed concurrently does not stop an Update
      Snapshot v2 = Versions.load(store, uri, 2);
      Committer.commit(store, uri, new Operation.Append(
          ProtocolFixtures.fragments(dir, a, 1000, 10)), 2);
      Snapshot v4 = Updater.update(v2, Map.of("val", "-1"), "id = 150");
      assertThat(v4.version()).isEqualTo(4);
      assertThat(v4.countRows()).isEqualTo(209);
      Map<Long, List<Object>> rows = byId(DataOpsSupport.lanceCoreScan(a, uri));
      assertThat(rows.get(150L).get(1)).isEqualTo(-1.0);
      assertThat(rows).doesNotContainKey(5L).containsKey(1005L);
    }
  }
}
