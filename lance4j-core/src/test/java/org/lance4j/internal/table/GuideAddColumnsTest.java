package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceField;
import org.lance4j.MergeResult;
import org.lance4j.Operation;
import org.lance4j.testing.ArrowAssert;

/**
 * The distributed-write guide's "Add New Columns" scenario, exactly: two workers each add a
 * name_len column to one fragment, one Merge commit, lance-core reads the result.
 */
class GuideAddColumnsTest {
  @TempDir Path tmp;

  /** Worker side: each fragment on its own thread, with its own Dataset and allocator. */
  private List<MergeResult> twoWorkers(String uri, BufferAllocator root,
      java.util.function.BiFunction<org.lance4j.Fragment, BufferAllocator, MergeResult> work)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<MergeResult>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int frag = i;
        futures.add(pool.submit((Callable<MergeResult>) () -> {
          try (Dataset ds = Dataset.open(uri);
              BufferAllocator mine = root.newChildAllocator("worker" + frag, 0, Long.MAX_VALUE)) {
            assertThat(ds.fragments()).hasSize(2);
            return work.apply(ds.fragments().get(frag), mine);
          }
        }));
      }
      List<MergeResult> out = new ArrayList<>();
      for (Future<MergeResult> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<FragmentMetadata> fragments(List<MergeResult> results) {
    return results.stream().map(MergeResult::fragment).toList();
  }

  private void checkResults(List<MergeResult> results) {
    assertThat(results.get(0).schema()).isEqualTo(results.get(1).schema());
    assertThat(results.get(0).schema().fields()).extracting(LanceField::name)
        .containsExactly("name", "age", "name_len");
    assertThat(results.get(0).schema().field("name_len").id()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      FragmentMetadata f = results.get(i).fragment();
      assertThat(f.id()).isEqualTo(i);
      assertThat(f.physicalRows()).isEqualTo(3);
      assertThat(f.files()).hasSize(2);
      assertThat(f.files().get(1).fields()).containsExactly(2);
      assertThat(f.files().get(1).columnIndices()).containsExactly(0);
    }
  }

  @Test
  void guideScenarioWithColumnTransform() throws Exception {
    String uri = tmp.resolve("add_columns_example").toString();
    try (BufferAllocator a = new RootAllocator()) {
      DataOpsSupport.createPeople(uri, a);
      List<MergeResult> results = twoWorkers(uri, a,
          (frag, alloc) -> frag.mergeColumns(DataOpsSupport.NAME_LEN, List.of("name"), alloc));
      checkResults(results);
      // worker 3: one Merge commit with the schema from the results
      Dataset merged = Dataset.commit(uri,
          new Operation.Merge(fragments(results), results.get(0).schema()), 1);
      assertThat(merged.version()).isEqualTo(2);
      ArrowAssert.assertSameColumns(DataOpsSupport.guideExpected(),
          DataOpsSupport.lanceCoreScan(a, uri));
      ArrowAssert.assertSameColumns(DataOpsSupport.guideExpected(),
          DataOpsSupport.ourScan(a, uri));
    }
  }

  @Test
  void guideScenarioWithSqlExpression() throws Exception {
    String uri = tmp.resolve("add_columns_sql").toString();
    try (BufferAllocator a = new RootAllocator()) {
      DataOpsSupport.createPeople(uri, a);
      Map<String, String> exprs = new LinkedHashMap<>();
      exprs.put("name_len", "length(name)");
      List<MergeResult> results = twoWorkers(uri, a, (frag, alloc) ->
          frag.mergeColumns(exprs, alloc));
      assertThat(results.get(0).schema()).isEqualTo(results.get(1).schema());
      assertThat(results.get(0).schema().field("name_len").id()).isEqualTo(2);
      Dataset.commit(uri, new Operation.Merge(fragments(results), results.get(0).schema()), 1);
      Map<String, List<Object>> theirs = DataOpsSupport.lanceCoreScan(a, uri);
      assertThat(theirs.get("name_len")).extracting(o -> ((Number) o).longValue())
          .containsExactly(5L, 3L, 7L, 5L, 4L, 3L);
      assertThat(theirs.get("name"))
          .containsExactly("alice", "bob", "charlie", "craig", "dave", "eve");
      ArrowAssert.assertSameColumns(theirs, DataOpsSupport.ourScan(a, uri));
    }
  }

  /**
   * The workers' output committed by lance-core's own Merge: proves the data files and field ids
   * independently of lance4j's committer.
   */
  @Test
  void guideResultsCommittedByLanceCore() throws Exception {
    String uri = tmp.resolve("add_columns_oracle").toString();
    try (BufferAllocator a = new RootAllocator()) {
      DataOpsSupport.createPeople(uri, a);
      List<MergeResult> results = twoWorkers(uri, a,
          (frag, alloc) -> frag.mergeColumns(DataOpsSupport.NAME_LEN, List.of("name"), alloc));
      checkResults(results);
      DataOpsSupport.lanceCoreMerge(uri, a, fragments(results),
          results.get(0).schema().toArrow(), 1);
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(2);
        assertThat(ds.lanceSchema()).isEqualTo(results.get(0).schema());
      }
      ArrowAssert.assertSameColumns(DataOpsSupport.guideExpected(),
          DataOpsSupport.lanceCoreScan(a, uri));
      ArrowAssert.assertSameColumns(DataOpsSupport.guideExpected(),
          DataOpsSupport.ourScan(a, uri));
    }
  }
}
