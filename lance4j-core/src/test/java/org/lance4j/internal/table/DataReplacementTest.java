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

  /** Rows [from, to) of a struct column st {a int64 = sign * id, b utf8 = tag + id}. */
  static VectorSchemaRoot structRows(BufferAllocator a, long from, long to, long sign, String tag) {
    Schema schema = new Schema(List.of(new org.apache.arrow.vector.types.pojo.Field("st",
        org.apache.arrow.vector.types.pojo.FieldType.nullable(
            org.apache.arrow.vector.types.pojo.ArrowType.Struct.INSTANCE), List.of(
            org.apache.arrow.vector.types.pojo.Field.nullable("a",
                new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
            org.apache.arrow.vector.types.pojo.Field.nullable("b",
                org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    org.apache.arrow.vector.complex.StructVector st =
        (org.apache.arrow.vector.complex.StructVector) root.getVector(0);
    BigIntVector av = (BigIntVector) st.getChild("a");
    org.apache.arrow.vector.VarCharVector bv =
        (org.apache.arrow.vector.VarCharVector) st.getChild("b");
    int n = (int) (to - from);
    for (int i = 0; i < n; i++) {
      long id = from + i;
      if (id % 7 == 3) {
        st.setNull(i); // a null struct
        continue;
      }
      st.setIndexDefined(i);
      av.setSafe(i, sign * id);
      bv.setSafe(i, (tag + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
    return root;
  }

  /**
   * A struct column replaced by files written on their own (the file's fields are 0, 1, 2; the
   * dataset's are the ids addColumns gave): the reader maps the nested field through the
   * DataFile's column indices, at 2.2, for a scan and a take.
   */
  @Test
  void replacesAStructColumnStoredUnderOtherIds() throws Exception {
    String uri = dir.resolve("drs.lance").toString();
    Dataset.commit(uri, new Operation.Overwrite(StableRowIdsTest.SCHEMA, StableRowIdsTest.write(
        uri, 0, 300, WriteOptions.Mode.CREATE, "2.2")), 0).close();
    try (BufferAllocator a = new RootAllocator(); Dataset ds = Dataset.open(uri)) {
      ds.addColumns((batch, alloc) -> {
        BigIntVector id = (BigIntVector) batch.getVector("id");
        return structRows(alloc, id.get(0), id.get(0) + batch.getRowCount(), 1, "s");
      }, List.of("id")).close();
    }
    TableProtos.Manifest m = Versions.loadLatest(new org.lance4j.internal.storage
        .LocalObjectStore(Path.of(uri)), uri).manifest();
    TableProtos.DataFile old = m.getFragments(1).getFiles(1);
    DataFile replacement;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = structRows(a, 100, 200, -1, "r")) {
      DataFile df = Fragments.write(uri, root, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).dataStorageVersion("2.2").build())
          .get(0).files().get(0);
      // 2.1+ DataFiles list leaf fields only: the new file's are 1, 2 (its struct is 0)
      assertThat(df.fields()).containsExactly(1, 2).isNotEqualTo(old.getFieldsList());
      replacement = new DataFile(df.path(), old.getFieldsList(), df.columnIndices(),
          df.fileMajorVersion(), df.fileMinorVersion(), df.fileSizeBytes(), null);
    }
    Dataset.commit(uri, new Operation.DataReplacement(List.of(
        new Operation.DataReplacementGroup(1, replacement))), 2).close();
    int seen = 0;
    try (BufferAllocator a = new RootAllocator(); Dataset ds = Dataset.open(uri);
        org.apache.arrow.vector.ipc.ArrowReader rd = ds.scan(a)) {
      while (rd.loadNextBatch()) {
        VectorSchemaRoot root = rd.getVectorSchemaRoot();
        org.apache.arrow.vector.complex.StructVector st =
            (org.apache.arrow.vector.complex.StructVector) root.getVector("st");
        for (int i = 0; i < root.getRowCount(); i++, seen++) {
          long id = ((BigIntVector) root.getVector("id")).get(i);
          boolean replaced = id >= 100 && id < 200;
          assertThat(st.isNull(i)).as("st of %s is null", id).isEqualTo(id % 7 == 3);
          if (id % 7 != 3) {
            assertThat(((BigIntVector) st.getChild("a")).get(i)).as("st.a of %s", id)
                .isEqualTo(replaced ? -id : id);
            assertThat(st.getChild("b").getObject(i).toString()).as("st.b of %s", id)
                .isEqualTo((replaced ? "r" : "s") + id);
          }
        }
      }
    }
    assertThat(seen).isEqualTo(300);
    try (BufferAllocator a = new RootAllocator(); Dataset ds = Dataset.open(uri);
        VectorSchemaRoot t = ds.take(new long[] {5, 152, 101, 299}, List.of("id", "st"), a)) {
      org.apache.arrow.vector.complex.StructVector st =
          (org.apache.arrow.vector.complex.StructVector) t.getVector("st");
      assertThat(((BigIntVector) st.getChild("a")).get(0)).isEqualTo(5);
      assertThat(((BigIntVector) st.getChild("a")).get(1)).isEqualTo(-152);
      assertThat(st.isNull(2)).isTrue(); // 101 % 7 == 3
      assertThat(st.getChild("b").getObject(3).toString()).isEqualTo("s299");
    }
  }

  /**
   * A mapping that does not fit the file (a field to a column of another type, a struct read
   * from a leaf's column) is a CorruptFileException naming the file, never a wrong value or a
   * decoder's internal exception.
   */
  @Test
  void aMappingThatDoesNotFitTheFileIsACorruptFileError() throws Exception {
    String uri = dir.resolve("drx.lance").toString();
    DataFile df;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = structRows(a, 0, 50, 1, "s")) {
      df = Fragments.write(uri, root, WriteOptions.builder().mode(WriteOptions.Mode.CREATE)
          .dataStorageVersion("2.2").build()).get(0).files().get(0);
    }
    org.lance4j.internal.storage.LocalObjectStore store =
        new org.lance4j.internal.storage.LocalObjectStore(Path.of(uri));
    org.lance4j.LanceField a = new org.lance4j.LanceField(7, 6, "a", "int64", true, null,
        Map.of(), List.of());
    org.lance4j.LanceField b = new org.lance4j.LanceField(8, 6, "b", "string", true, null,
        Map.of(), List.of());
    org.lance4j.LanceField st = new org.lance4j.LanceField(6, -1, "st", "struct", true, null,
        Map.of(), List.of(a, b));
    try (BufferAllocator al = new RootAllocator();
        org.lance4j.internal.file.LanceFileReader r = org.lance4j.internal.file.LanceFileReader
            .open(store, DataFileNames.path(df), df.fileSizeBytes())) {
      // a (int64) mapped to the column of b (string)
      assertThatThrownBy(() -> r.read(st, id -> id == 7 ? 1 : id == 8 ? 0 : -1, 0, 50, al))
          .isInstanceOf(org.lance4j.CorruptFileException.class)
          .hasMessageContaining(df.path()).hasMessageContaining("column 1")
          .hasMessageContaining("field a");
      // a struct under the file's id of its leaf b (2), read by the file's own ids
      org.lance4j.LanceField wrong = new org.lance4j.LanceField(2, -1, "st", "struct", true,
          null, Map.of(), List.of(new org.lance4j.LanceField(1, 2, "a", "int64", true, null,
              Map.of(), List.of()), new org.lance4j.LanceField(3, 2, "b", "string", true, null,
              Map.of(), List.of())));
      assertThatThrownBy(() -> r.read(wrong, null, 0, 50, al))
          .isInstanceOf(org.lance4j.LanceException.class)
          .hasMessageContaining(df.path());
    }
  }

  static DataFile retag(DataFile f, int id) {
    return new DataFile(f.path(), List.of(id), f.columnIndices(), f.fileMajorVersion(),
        f.fileMinorVersion(), f.fileSizeBytes(), null);
  }
}
