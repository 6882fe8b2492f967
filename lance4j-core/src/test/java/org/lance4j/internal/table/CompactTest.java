package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CompactionOptions;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.testing.ArrowAssert;

/** Compaction: the plan, the rewrite, lance-core reading the result and vice versa. */
class CompactTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private static FragmentMetadata frag(long id, long rows, long deleted) {
    DeletionFile d = deleted == 0 ? null
        : new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, id, deleted, null);
    return new FragmentMetadata(id, List.of(new DataFile("f" + id, List.of(0), List.of(0), 2, 0,
        0, null)), rows, d);
  }

  private static List<List<Long>> plan(List<FragmentMetadata> fs, CompactionOptions o) {
    List<List<Long>> out = new ArrayList<>();
    for (List<FragmentMetadata> g : CompactionPlanner.plan(fs, o)) {
      out.add(g.stream().map(FragmentMetadata::id).toList());
    }
    return out;
  }

  @Test
  void planGroupsConsecutiveCandidatesLikeLance() {
    CompactionOptions o = new CompactionOptions(100, true, 0.1);
    assertThat(plan(List.of(frag(0, 50, 0), frag(1, 50, 0), frag(2, 200, 0), frag(3, 50, 0),
        frag(4, 200, 0), frag(5, 200, 60), frag(6, 200, 20)), o))
        .containsExactly(List.of(0L, 1L), List.of(5L));
    // a small fragment next to one with many deletions joins it
    assertThat(plan(List.of(frag(3, 50, 0), frag(4, 200, 60), frag(5, 50, 0)), o))
        .containsExactly(List.of(3L, 4L, 5L));
    // exactly at the threshold is not enough; above it a lone fragment is rewritten
    assertThat(plan(List.of(frag(0, 200, 20), frag(1, 200, 0)), o)).isEmpty();
    assertThat(plan(List.of(frag(0, 200, 21), frag(1, 200, 0)), o))
        .containsExactly(List.of(0L));
    assertThat(plan(List.of(frag(0, 200, 21)), new CompactionOptions(100, false, 0.1)))
        .isEmpty();
    // long runs are split into bins of at least the target; the remainder joins the last one
    List<FragmentMetadata> five = new ArrayList<>();
    List<FragmentMetadata> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      if (i < 5) {
        five.add(frag(i, 40, 0));
      }
      six.add(frag(i, 40, 0));
    }
    assertThat(plan(five, o)).containsExactly(List.of(0L, 1L, 2L, 3L, 4L));
    assertThat(plan(six, o)).containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L));
    assertThat(plan(List.of(frag(0, 50, 0)), o)).isEmpty();
  }

  /** 10 fragments of 1000 rows, then lance-core deletes every 4th row and all of fragment 9. */
  private String create(BufferAllocator a, String name) throws Exception {
    String uri = tmp.resolve(name).toString();
    try (ArrowReader r = new BatchSource(a, SCHEMA, 10_000, 700, (root, start, n) -> {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector s = (VarCharVector) root.getVector(1);
      for (int i = 0; i < n; i++) {
        long row = start + i;
        id.setSafe(i, row);
        if (row % 13 == 0) {
          s.setNull(i);
        } else {
          s.setSafe(i, ("s" + row).getBytes(StandardCharsets.UTF_8));
        }
      }
      id.setValueCount(n);
      s.setValueCount(n);
    })) {
      DataPathOracle.createWithLance4j(uri, r, 1000).close();
    }
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      ds.delete("id % 4 = 1 OR id >= 9000");
    }
    return uri;
  }

  private static final CompactionOptions OPTIONS = new CompactionOptions(2500, true, 0.1);

  private static void checkCompacted(BufferAllocator a, String uri,
      Map<String, List<Object>> before) throws Exception {
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.fragments().size()).isLessThan(9);
      for (org.lance4j.Fragment f : ds.fragments()) {
        assertThat(f.metadata().deletionFile()).isNull();
      }
      assertThat(ds.countRows()).isEqualTo(9000 - 2250);
    }
    Map<String, List<Object>> theirs = DataOpsSupport.lanceCoreScan(a, uri);
    ArrowAssert.assertSameColumns(before, theirs);
    ArrowAssert.assertSameColumns(before, DataOpsSupport.ourScan(a, uri));
  }

  @Test
  void compactRewritesSmallFragmentsWithoutDeletedRows() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "ours");
      Map<String, List<Object>> before = DataOpsSupport.lanceCoreScan(a, uri);
      try (Dataset ds = Dataset.open(uri); Dataset after = ds.compact(OPTIONS)) {
        assertThat(after.version()).isEqualTo(ds.version() + 1);
        try (Dataset again = after.compact(new CompactionOptions(2500, true, 0.1))) {
          assertThat(again.version()).isEqualTo(after.version()); // nothing left to do
        }
      }
      checkCompacted(a, uri, before);
    }
  }

  /** Our rewritten fragments committed by lance-core's own Rewrite operation. */
  @Test
  void rewrittenFragmentsCommittedByLanceCore() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "oracle");
      Map<String, List<Object>> before = DataOpsSupport.lanceCoreScan(a, uri);
      List<org.lance.operation.RewriteGroup> groups = new ArrayList<>();
      long version;
      try (Dataset ds = Dataset.open(uri)) {
        version = ds.version();
        List<List<FragmentMetadata>> plan = CompactionPlanner.plan(TestSnapshots.of(ds).fragments(),
            OPTIONS);
        assertThat(plan).isNotEmpty();
        for (List<FragmentMetadata> g : plan) {
          List<FragmentMetadata> fresh = Compactor.rewrite(TestSnapshots.of(ds), g, OPTIONS, a);
          for (FragmentMetadata f : fresh) {
            assertThat(f.files().get(0).fields()).containsExactly(0, 1);
          }
          groups.add(org.lance.operation.RewriteGroup.builder()
              .oldFragments(DataOpsSupport.theirs(g))
              .newFragments(DataOpsSupport.theirs(fresh)).build());
        }
      }
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        try (org.lance.SourcedTransaction t = ds.newTransactionBuilder().readVersion(version)
            .operation(org.lance.operation.Rewrite.builder().groups(groups).build()).build()) {
          ds.commitTransaction(t.transaction()).close();
        }
      }
      checkCompacted(a, uri, before);
    }
  }

  @Test
  void weReadWhatLanceCoreCompacted() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "theirs");
      Map<String, List<Object>> before = DataOpsSupport.lanceCoreScan(a, uri);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.compact(org.lance.compaction.CompactionOptions.builder()
            .withTargetRowsPerFragment(2500).build());
      }
      checkCompacted(a, uri, before);
    }
  }
}
