package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;
import org.lance4j.proto.TableProtos;

/**
 * DataReplacement: one column's files swapped in place; 7.0.0's conflict rules. The replacement
 * files are written as a new dataset's field 0 and re-tagged with the dataset's field id, so the
 * reader must follow the DataFile's fields / column_indices, not the file's own schema ids (file
 * formats 2.0 and 2.2).
 */
class DataReplacementTest {
  @TempDir Path dir;

  /** A data file holding column v = 100 * id for fragment rows [from, to), with v's field id. */
  static DataFile vFile(String uri, long from, long to, String version) {
    Schema vOnly = new Schema(List.of(StableRowIdsTest.SCHEMA.getFields().get(1)));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(vOnly, a)) {
      root.allocateNew();
      for (int i = 0; i < to - from; i++) {
        ((BigIntVector) root.getVector(0)).setSafe(i, 100 * (from + i));
      }
      root.setRowCount((int) (to - from));
      List<FragmentMetadata> f = Fragments.write(uri, root, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).maxRowsPerFile(1000).dataStorageVersion(version)
          .build());
      DataFile df = f.get(0).files().get(0);
      // written as a new dataset's field 0: give it the dataset's id of v (1)
      return new DataFile(df.path(), List.of(1), df.columnIndices(), df.fileMajorVersion(),
          df.fileMinorVersion(), df.fileSizeBytes(), null);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "file version {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2.0", "2.2"})
  void replacesOneColumnOfSomeFragmentsAndFollowsTheConflictRules(String version)
      throws Exception {
    String uri = dir.resolve("dr.lance").toString();
    Dataset.commit(uri, new Operation.Overwrite(StableRowIdsTest.SCHEMA, StableRowIdsTest.write(
        uri, 0, 300, WriteOptions.Mode.CREATE, version)), 0).close(); // fragments of 100 rows
    // the fragment files store both fields [0, 1]: a v-only file matches none, so it is added
    // (later file wins) -- as 7.0.0 adds a file for columns the fragment has no file for only
    // when it stores none of them, this must be refused instead
    DataFile v0 = vFile(uri, 0, 100, version);
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.DataReplacement(List.of(
        new Operation.DataReplacementGroup(0, v0))), 1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("matches no data file");
    // drop then re-add v as a column of its own files, then replace those
    try (Dataset ds = Dataset.open(uri)) {
      ds.addColumns(Map.of("w", "v + 1")).close();
    }
    TableProtos.Manifest m = Versions.loadLatest(new org.lance4j.internal.storage
        .LocalObjectStore(Path.of(uri)), uri).manifest();
    int wId = m.getFields(m.getFieldsCount() - 1).getId();
    DataFile w1 = retag(vFile(uri, 100, 200, version), wId);
    DataFile w2 = retag(vFile(uri, 200, 300, version), wId);
    try (Dataset r = Dataset.commit(uri, new Operation.DataReplacement(List.of(
        new Operation.DataReplacementGroup(1, w1), new Operation.DataReplacementGroup(2, w2))),
        2)) {
      assertThat(r.version()).isEqualTo(3);
    }
    Map<Long, long[]> rows = StableRowIdsTest.rowIds(uri);
    try (BufferAllocator a = new RootAllocator(); Dataset ds = Dataset.open(uri);
        org.apache.arrow.vector.ipc.ArrowReader rd = ds.scan(a)) {
      while (rd.loadNextBatch()) {
        VectorSchemaRoot root = rd.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          long id = ((BigIntVector) root.getVector("id")).get(i);
          long w = ((BigIntVector) root.getVector("w")).get(i);
          assertThat(w).as("w of %s", id).isEqualTo(id < 100 ? 10 * id + 1 : 100 * id);
        }
      }
    }
    assertThat(rows).hasSize(300);
    try (BufferAllocator a = new RootAllocator(); Dataset ds = Dataset.open(uri);
        VectorSchemaRoot t = ds.take(new long[] {5, 150, 299}, List.of("id", "w"), a)) {
      assertThat(((BigIntVector) t.getVector("w")).get(0)).isEqualTo(51);
      assertThat(((BigIntVector) t.getVector("w")).get(1)).isEqualTo(15_000);
      assertThat(((BigIntVector) t.getVector("w")).get(2)).isEqualTo(29_900);
    }
    // a concurrent DataReplacement of the same column of fragment 1 is retryable; of another
    // fragment it rebases; a concurrent Rewrite of fragment 1 is retryable
    DataFile w1b = retag(vFile(uri, 100, 200, version), wId);
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.DataReplacement(List.of(
        new Operation.DataReplacementGroup(1, w1b))), 2))
        .isInstanceOfSatisfying(CommitConflictException.class,
            e -> assertThat(e.retryable()).isTrue());
    DataFile w0 = retag(vFile(uri, 0, 100, version), wId);
    try (Dataset r = Dataset.commit(uri, new Operation.DataReplacement(List.of(
        new Operation.DataReplacementGroup(0, w0))), 2)) {
      assertThat(r.version()).isEqualTo(4);
    }
    assertThat(StableRowIdsTest.rowIds(uri).get(50L)[1]).isEqualTo(500);
    TableProtos.Transaction txn = Transactions.of(new org.lance4j.internal.storage
        .LocalObjectStore(Path.of(uri)), Versions.loadLatest(new org.lance4j.internal.storage
        .LocalObjectStore(Path.of(uri)), uri).manifestPath(), Versions.loadLatest(
        new org.lance4j.internal.storage.LocalObjectStore(Path.of(uri)), uri).manifest());
    assertThat(txn.getDataReplacement().getReplacements(0).getFragmentId()).isZero();
  }

  static DataFile retag(DataFile f, int id) {
    return new DataFile(f.path(), List.of(id), f.columnIndices(), f.fileMajorVersion(),
        f.fileMinorVersion(), f.fileSizeBytes(), null);
  }
}
