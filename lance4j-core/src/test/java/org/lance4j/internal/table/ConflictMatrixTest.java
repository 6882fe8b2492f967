package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lance4j.internal.table.ProtocolFixtures.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;

/**
 * Every pair (committed concurrently first, mine second), both built on version 1: the outcome
 * of mine is compatible (OK), rebased (REBASED: two deletes on one fragment, rows merged),
 * retryable (RETRY) or incompatible (INCOMPATIBLE).
 */
class ConflictMatrixTest {
  @TempDir Path root;

  enum Expect { OK, REBASED, RETRY, INCOMPATIBLE }

  interface OpFactory {
    Operation make(Path dir, Snapshot v1, BufferAllocator a) throws Exception;
  }

  static final Map<String, OpFactory> OPS = new java.util.LinkedHashMap<>();

  static {
    OPS.put("Append", (d, s, a) -> new Operation.Append(fragments(d, a, 1000, 10)));
    OPS.put("Delete0even", (d, s, a) -> delete(s, 0, id -> id % 2 == 0));
    OPS.put("Delete0odd", (d, s, a) -> delete(s, 0, id -> id % 2 == 1));
    OPS.put("Delete0by4", (d, s, a) -> delete(s, 0, id -> id % 4 == 0));
    OPS.put("Delete1", (d, s, a) -> delete(s, 1, id -> id % 2 == 0));
    OPS.put("Delete2", (d, s, a) -> delete(s, 2, id -> id % 2 == 0));
    OPS.put("DeleteAll0", (d, s, a) -> new Operation.Delete(List.of(), List.of(0L), "id<100"));
    OPS.put("Overwrite", (d, s, a) ->
        new Operation.Overwrite(s.schema().toArrow(), fragments(d, a, 5000, 10)));
    OPS.put("Merge", (d, s, a) -> new Operation.Merge(s.fragments(), s.schema()));
    OPS.put("Project", (d, s, a) -> new Operation.Project(s.schema().project(List.of("id"))));
    OPS.put("Restore", (d, s, a) -> new Operation.Restore(1));
    OPS.put("ConfigA", (d, s, a) -> new Operation.UpdateConfig(Map.of("a", "1"), List.of()));
    OPS.put("ConfigA2", (d, s, a) -> new Operation.UpdateConfig(Map.of("a", "2"), List.of()));
    OPS.put("ConfigB", (d, s, a) -> new Operation.UpdateConfig(Map.of("b", "1"), List.of()));
    OPS.put("Reserve", (d, s, a) -> new Operation.ReserveFragments(3));
    OPS.put("Rewrite2", (d, s, a) -> {
      // fragment 2 (ids 200..299) rewritten as one new fragment with the same rows
      List<FragmentMetadata> news = fragments(d, a, 200, 100);
      return new Operation.Rewrite(List.of(new Operation.RewriteGroup(
          List.of(s.fragment(2)), news)));
    });
  }

  static Operation.Delete delete(Snapshot s, long frag, java.util.function.LongPredicate p)
      throws Exception {
    FragmentMetadata f = deleteWhere(s, frag, p);
    return new Operation.Delete(List.of(f), List.of(), "test");
  }

  /** {committed, mine, expected outcome of mine}. */
  static final Object[][] CASES = {
      {"Append", "Append", Expect.OK},
      {"Overwrite", "Append", Expect.INCOMPATIBLE},
      {"Restore", "Append", Expect.INCOMPATIBLE},
      {"Delete0even", "Append", Expect.OK},
      {"Merge", "Append", Expect.OK},
      {"Delete1", "Delete0even", Expect.OK},
      {"Delete0odd", "Delete0even", Expect.REBASED},
      {"Delete0by4", "Delete0even", Expect.RETRY},
      {"DeleteAll0", "Delete0even", Expect.RETRY},
      {"Append", "Delete0even", Expect.OK},
      {"Merge", "Delete0even", Expect.RETRY},
      {"Overwrite", "Delete0even", Expect.INCOMPATIBLE},
      {"Restore", "Delete0even", Expect.INCOMPATIBLE},
      {"Rewrite2", "Delete0even", Expect.OK},
      {"Rewrite2", "Delete2", Expect.RETRY},
      {"Project", "Delete0even", Expect.OK},
      {"ConfigA", "Delete0even", Expect.OK},
      {"Append", "Merge", Expect.RETRY},
      {"Delete0even", "Merge", Expect.RETRY},
      {"Merge", "Merge", Expect.RETRY},
      {"Rewrite2", "Merge", Expect.RETRY},
      {"ConfigA", "Merge", Expect.OK},
      {"Reserve", "Merge", Expect.OK},
      {"Project", "Merge", Expect.INCOMPATIBLE},
      {"Overwrite", "Merge", Expect.INCOMPATIBLE},
      {"Append", "Project", Expect.OK},
      {"Delete0even", "Project", Expect.OK},
      {"Merge", "Project", Expect.RETRY},
      {"Project", "Project", Expect.RETRY},
      {"Restore", "Project", Expect.INCOMPATIBLE},
      {"Append", "Restore", Expect.OK},
      {"Overwrite", "Restore", Expect.OK},
      {"Merge", "Restore", Expect.OK},
      {"ConfigA", "ConfigA2", Expect.INCOMPATIBLE},
      {"ConfigA", "ConfigB", Expect.OK},
      {"Overwrite", "ConfigA", Expect.OK},
      {"Append", "ConfigA", Expect.OK},
      {"Overwrite", "Reserve", Expect.INCOMPATIBLE},
      {"Append", "Reserve", Expect.OK},
      {"Append", "Rewrite2", Expect.OK},
      {"Delete2", "Rewrite2", Expect.RETRY},
      {"Delete0even", "Rewrite2", Expect.OK},
      {"Rewrite2", "Rewrite2", Expect.RETRY},
      {"Merge", "Rewrite2", Expect.RETRY},
      {"Restore", "Rewrite2", Expect.INCOMPATIBLE},
      {"Append", "Overwrite", Expect.OK},
      {"Merge", "Overwrite", Expect.OK},
      {"ConfigA", "Overwrite", Expect.OK},
  };

  @Test
  void everyPairGivesTheExpectedOutcome() throws Exception {
    List<String> failures = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator()) {
      int n = 0;
      for (Object[] c : CASES) {
        Path dir = root.resolve("case" + n++);
        String label = c[1] + " after concurrent " + c[0];
        Expect got = run(dir, a, (String) c[0], (String) c[1]);
        if (got != c[2]) {
          failures.add(label + ": expected " + c[2] + " got " + got);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  private Expect run(Path dir, BufferAllocator a, String first, String second) throws Exception {
    create(dir, a, 300, 100);
    Snapshot v1 = latest(dir);
    Operation opA = OPS.get(first).make(dir, v1, a);
    Operation opB = OPS.get(second).make(dir, v1, a);
    Committer.commit(v1.store(), v1.uri(), opA, 1);
    Snapshot result;
    try {
      result = Committer.commit(v1.store(), v1.uri(), opB, 1);
    } catch (CommitConflictException e) {
      assertThat(e.conflictingVersion()).isEqualTo(2);
      assertThat(e.getMessage()).contains("version 2");
      assertThat(Versions.latestVersion(v1.store())).isEqualTo(2);
      return e.retryable() ? Expect.RETRY : Expect.INCOMPATIBLE;
    }
    assertThat(result.version()).isEqualTo(3);
    // lance-core opens the result and counts what we count
    try (var ds = org.lance.Dataset.open(dir.toString(), a)) {
      assertThat(ds.countRows()).isEqualTo(result.countRows());
    }
    boolean rebased = false;
    if (opB instanceof Operation.Delete d && !d.updatedFragments().isEmpty()) {
      FragmentMetadata mine = d.updatedFragments().get(0);
      FragmentMetadata now = result.fragment(mine.id());
      rebased = now == null || !mine.deletionFile().equals(now.deletionFile());
    }
    return rebased ? Expect.REBASED : Expect.OK;
  }

  @Test
  void rebasedDeletesMergeTheirDeletionVectors() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      create(root, a, 300, 100);
      Snapshot v1 = latest(root);
      Operation.Delete even = delete(v1, 0, id -> id % 2 == 0);
      Operation.Delete odd = delete(v1, 0, id -> id % 2 == 1 && id < 50);
      Committer.commit(v1.store(), v1.uri(), odd, 1);
      Snapshot v3 = Committer.commit(v1.store(), v1.uri(), even, 1);
      assertThat(v3.fragment(0).deletionFile().numDeletedRows()).isEqualTo(75);
      assertThat(v3.fragment(0).deletionFile().readVersion()).isEqualTo(2);
      List<Long> expected = range(0, 300, id -> id >= 100 || (id % 2 == 1 && id >= 50));
      assertThat(lanceCoreIds(a, root)).isEqualTo(expected);
      assertThat(ourIds(a, root)).isEqualTo(expected);
      // a third delete of the whole remainder of fragment 0, also built on v1, removes it
      Operation.Delete rest = delete(v1, 0, id -> id % 2 == 1 && id >= 50);
      Snapshot v4 = Committer.commit(v1.store(), v1.uri(), rest, 1);
      assertThat(v4.fragment(0)).isNull();
      assertThat(lanceCoreIds(a, root)).isEqualTo(range(100, 300, id -> true));
    }
  }
}
