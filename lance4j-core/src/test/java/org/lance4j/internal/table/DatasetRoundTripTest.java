package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;

/**
 * The distributed-write guide: two workers write fragments, a coordinator commits their JSON
 * metadata as an Overwrite, then an Append. Read back by lance4j and by lance-core.
 */
class DatasetRoundTripTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("a", FieldType.nullable(new ArrowType.Int(32, true)), null),
      new Field("b", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  /** A worker: writes 3 rows and returns its fragments as JSON strings. */
  static List<String> worker(String uri, int firstA, String[] bs, WriteOptions.Mode mode) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a)) {
      IntVector av = (IntVector) root.getVector("a");
      VarCharVector bv = (VarCharVector) root.getVector("b");
      for (int i = 0; i < bs.length; i++) {
        av.setSafe(i, firstA + i);
        bv.setSafe(i, bs[i].getBytes());
      }
      root.setRowCount(bs.length);
      List<String> json = new ArrayList<>();
      for (FragmentMetadata f : Fragments.write(uri, root,
          WriteOptions.builder().mode(mode).build())) {
        json.add(f.toJson());
      }
      return json;
    }
  }

  static List<FragmentMetadata> parallel(String uri, WriteOptions.Mode mode, int a1, String[] b1,
      int a2, String[] b2) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<String>> w1 = pool.submit(() -> worker(uri, a1, b1, mode));
      Future<List<String>> w2 = pool.submit(() -> worker(uri, a2, b2, mode));
      List<FragmentMetadata> all = new ArrayList<>();
      for (String j : w1.get()) {
        all.add(FragmentMetadata.fromJson(j));
      }
      for (String j : w2.get()) {
        all.add(FragmentMetadata.fromJson(j));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoWorkersThenCommitThenAppend() throws Exception {
    String uri = tmp.resolve("guide").toString();
    List<FragmentMetadata> first = parallel(uri, WriteOptions.Mode.CREATE,
        1, new String[] {"x", "y", "z"}, 4, new String[] {"u", "v", "w"});
    assertThat(first).hasSize(2).allMatch(f -> f.id() == 0 && f.physicalRows() == 3);
    Dataset v1 = Dataset.commit(uri, new Operation.Overwrite(SCHEMA, first), 0);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.fragments()).extracting(org.lance4j.Fragment::id).containsExactly(0L, 1L);
    assertThat(v1.countRows()).isEqualTo(6);

    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> theirs = DataPathOracle.scanAll(a, uri);
      assertThat(theirs.get("a")).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(theirs.get("b")).containsExactly("x", "y", "z", "u", "v", "w");
      assertThat(DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults())).isEqualTo(theirs);
    }

    List<FragmentMetadata> more = parallel(uri, WriteOptions.Mode.APPEND,
        7, new String[] {"a", "b"}, 9, new String[] {"c", "d"});
    Dataset v2 = Dataset.commit(uri, new Operation.Append(more), 1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.fragments()).extracting(org.lance4j.Fragment::id)
        .containsExactly(0L, 1L, 2L, 3L);
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> theirs = DataPathOracle.scanAll(a, uri);
      assertThat(theirs.get("a")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(theirs.get("b"))
          .containsExactly("x", "y", "z", "u", "v", "w", "a", "b", "c", "d");
      assertThat(DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults())).isEqualTo(theirs);
      try (org.lance.Dataset official = org.lance.Dataset.open(uri, a)) {
        assertThat(official.version()).isEqualTo(2);
        assertThat(official.countRows()).isEqualTo(10);
      }
      // version 1 is still readable (time travel) and a single fragment scans alone
      try (Dataset old = Dataset.open(uri, 1);
          org.apache.arrow.vector.ipc.ArrowReader r = old.fragment(1).scan(a)) {
        assertThat(org.lance4j.testing.ArrowAssert.drain(r).get("b"))
            .containsExactly("u", "v", "w");
      }
    }
  }
}
