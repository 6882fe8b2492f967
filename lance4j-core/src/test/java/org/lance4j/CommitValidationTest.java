package org.lance4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: commits refuse fragment metadata that does not match the files (each case was
 * accepted before and then changed or lost rows), with an InvalidInputException naming the
 * fragment, the file and the field; the dataset is left as it was.
 */
class CommitValidationTest {
  static final Schema AB = new Schema(List.of(Field.nullable("a", new ArrowType.Int(64, true)),
      Field.nullable("b", new ArrowType.Int(64, true))));
  static final int ROWS = 100;

  @TempDir Path dir;
  String uri;
  /** A written, uncommitted fragment of ROWS rows (a = i, b = 1000 + i). */
  FragmentMetadata frag;

  @BeforeEach
  void setUp() {
    uri = dir.resolve("ds").toString();
    Dataset.commit(uri, new Operation.Overwrite(LanceSchema.fromArrow(AB), write(0)), 0).close();
    frag = write(ROWS).get(0);
  }

  List<FragmentMetadata> write(long base) {
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot r = VectorSchemaRoot.create(AB, a)) {
      for (int i = 0; i < ROWS; i++) {
        ((BigIntVector) r.getVector("a")).setSafe(i, base + i);
        ((BigIntVector) r.getVector("b")).setSafe(i, 1000 + base + i);
      }
      r.setRowCount(ROWS);
      // file format 2.0: the checks below rewrite the file's version fields around 2.0
      return Fragments.write(uri, r, WriteOptions.builder().dataStorageVersion("2.0").build());
    }
  }

  static FragmentMetadata withFile(FragmentMetadata f, DataFile df) {
    return new FragmentMetadata(f.id(), List.of(df), f.physicalRows(), f.deletionFile());
  }

  static DataFile file(FragmentMetadata f) {
    return f.files().get(0);
  }

  static DataFile with(DataFile d, String path, List<Integer> fields, List<Integer> cols,
      int major, int minor, Integer baseId) {
    return new DataFile(path, fields, cols, major, minor, d.fileSizeBytes(), baseId);
  }

  /** Appending {@code f} is refused naming {@code field}; version 1 stays the latest, intact. */
  void refused(FragmentMetadata f, String field) {
    refused(new Operation.Append(List.of(f)), field);
  }

  void refused(Operation op, String field) {
    assertThatThrownBy(() -> Dataset.commit(uri, op, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(field);
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(1);
      assertThat(ds.countRows()).isEqualTo(ROWS);
      assertThat(scanRows(ds)).isEqualTo(ROWS);
    }
  }

  static long scanRows(Dataset ds) {
    long n = 0;
    try (BufferAllocator a = new RootAllocator(); ArrowReader r = ds.scan(a)) {
      while (r.loadNextBatch()) {
        n += r.getVectorSchemaRoot().getRowCount();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  @Test
  void physicalRowsMustBeTheFilesRowCount() {
    for (long rows : new long[] {ROWS - 1, ROWS + 1, ROWS * 1000}) {
      refused(new FragmentMetadata(0, frag.files(), rows, null), "physical_rows");
    }
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(
        List.of(new FragmentMetadata(0, frag.files(), ROWS + 1, null))), 1))
        .hasMessageContaining(file(frag).path()).hasMessageContaining("holds " + ROWS);
  }

  @Test
  void physicalRowsZeroIsRefused() {
    refused(new FragmentMetadata(0, frag.files(), 0, null), "physical_rows");
  }

  @Test
  void columnIndicesAndFieldsMustMatchTheFile() {
    DataFile d = file(frag);
    assertThat(d.fields()).containsExactly(0, 1);
    refused(withFile(frag, with(d, d.path(), d.fields(), List.of(1, 0), 2, 0, null)),
        "column_indices");
    refused(withFile(frag, with(d, d.path(), List.of(1, 0), d.columnIndices(), 2, 0, null)),
        "column_indices");
    refused(withFile(frag, with(d, d.path(), d.fields(), List.of(0, -1), 2, 0, null)),
        "column_indices");
    refused(withFile(frag, with(d, d.path(), d.fields(), List.of(0, 7), 2, 0, null)),
        "column_indices");
    refused(withFile(frag, with(d, d.path(), d.fields(), List.of(0, 0), 2, 0, null)),
        "column_indices");
    refused(withFile(frag, with(d, d.path(), List.of(0, 0), d.columnIndices(), 2, 0, null)),
        "fields");
    // the unchanged fragment goes in, values in their columns
    try (Dataset ds = Dataset.commit(uri, new Operation.Append(List.of(frag)), 1);
        BufferAllocator a = new RootAllocator();
        VectorSchemaRoot r = ds.take(new long[] {ROWS + 5}, List.of("a", "b"), a)) {
      assertThat(((BigIntVector) r.getVector("a")).get(0)).isEqualTo(ROWS + 5);
      assertThat(((BigIntVector) r.getVector("b")).get(0)).isEqualTo(1000 + ROWS + 5);
    }
  }

  @Test
  void deletionFileMustExistAndDeleteFewerRowsThanTheFragmentHas() {
    FragmentMetadata missing = new FragmentMetadata(7, frag.files(), ROWS,
        new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, 42, 3, null));
    refused(missing, "deletion_file");
    FragmentMetadata all = new FragmentMetadata(7, frag.files(), ROWS,
        new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, 42, ROWS, null));
    refused(all, "num_deleted_rows");
    FragmentMetadata more = new FragmentMetadata(7, frag.files(), ROWS,
        new DeletionFile(DeletionFile.Type.BITMAP, 1, 42, ROWS + 5, null));
    refused(more, "num_deleted_rows");
  }

  @Test
  void aDataFileAlreadyCommittedOrTwiceInOneCommitIsRefused() {
    try (Dataset v2 = Dataset.commit(uri, new Operation.Append(List.of(frag)), 1)) {
      assertThat(v2.countRows()).isEqualTo(2 * ROWS);
    }
    // the same worker JSON committed again (from version 2 or from 1)
    FragmentMetadata again = FragmentMetadata.fromJson(frag.toJson());
    for (long read : new long[] {1, 2}) {
      assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(List.of(again)), read))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("already committed").hasMessageContaining(file(frag).path());
    }
    FragmentMetadata fresh = write(5 * ROWS).get(0);
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(List.of(fresh, fresh)), 2))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Overwrite(
        LanceSchema.fromArrow(AB), List.of(fresh, fresh)), 2))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(2 * ROWS);
    }
  }

  @Test
  void pathsMustBePlainNamesAndBaseIdsKnown() {
    DataFile d = file(frag);
    for (String bad : new String[] {"x\0.lance", "..", ".", "", "../ds/data/" + d.path(),
        "sub/" + d.path(), "a\\b.lance"}) {
      refused(withFile(frag, with(d, bad, d.fields(), d.columnIndices(), 2, 0, null)), "path");
    }
    refused(withFile(frag, with(d, d.path(), d.fields(), d.columnIndices(), 2, 0, 3)),
        "base_id");
    refused(new FragmentMetadata(0, frag.files(), ROWS,
        new DeletionFile(DeletionFile.Type.BITMAP, 1, 42, 1, 2)), "base_id");
    // Overwrite checks paths too, before anything is read
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Overwrite(LanceSchema.fromArrow(AB),
        List.of(withFile(frag, with(d, "x\0y", d.fields(), d.columnIndices(), 2, 0, null)))), 1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("NUL");
  }

  @Test
  void fileVersionMustBeTheFooters() {
    DataFile d = file(frag);
    for (int[] v : new int[][] {{0, 1}, {0, 2}, {99, 0}, {2, 1}, {2, 7}, {1, 0}}) {
      refused(withFile(frag, with(d, d.path(), d.fields(), d.columnIndices(), v[0], v[1], null)),
          "format");
    }
    // 0.3 is how Lance writes 2.0 files: accepted
    try (Dataset ds = Dataset.commit(uri, new Operation.Append(List.of(withFile(frag,
        with(d, d.path(), d.fields(), d.columnIndices(), 0, 3, null)))), 1)) {
      assertThat(ds.countRows()).isEqualTo(2 * ROWS);
    }
  }

  @Test
  void missingDataFileIsRefusedNamingIt() throws Exception {
    DataFile d = file(frag);
    Files.delete(dir.resolve("ds").resolve("data").resolve(d.path()));
    refused(frag, "does not exist");
  }

  @Test
  void validationCostsOneFooterReadPerNewFile() {
    List<FragmentMetadata> many = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      many.addAll(write(10_000L * (i + 2)));
    }
    try (Dataset ds = Dataset.commit(uri, new Operation.Append(many), 1)) {
      assertThat(ds.countRows()).isEqualTo(6 * ROWS);
      assertThat(scanRows(ds)).isEqualTo(6 * ROWS);
    }
  }
}
