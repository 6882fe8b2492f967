package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.WriteOptions;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.storage.ObjectStore;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/** FragmentWriter: file naming, rolling at maxRowsPerFile / maxBytesPerFile, cleanup on failure. */
class FragmentWriterTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  static BatchSource ids(BufferAllocator a, long rows, int batch) {
    return new BatchSource(a, SCHEMA, rows, batch, (root, start, n) -> {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector s = (VarCharVector) root.getVector(1);
      for (int i = 0; i < n; i++) {
        id.setSafe(i, start + i);
        if ((start + i) % 7 == 0) {
          s.setNull(i);
        } else {
          s.setSafe(i, ("s" + (start + i)).getBytes());
        }
      }
      id.setValueCount(n);
      s.setValueCount(n);
    });
  }

  @Test
  void fileNamesFollowLanceConvention() {
    UUID u = UUID.fromString("69d0255f-d4e7-41c9-87bf-70656fbe6e67");
    assertThat(DataFileNames.fromUuid(u))
        .isEqualTo("0110100111010000001001015fd4e741c987bf70656fbe6e67.lance");
    assertThat(DataFileNames.newName()).matches("[01]{24}[0-9a-f]{26}\\.lance");
  }

  @Test
  void splitsAtMaxRowsPerFileAcrossBatchBoundaries() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    LanceSchema schema = LanceSchema.fromArrow(SCHEMA);
    try (BufferAllocator a = new RootAllocator(); ArrowReader in = ids(a, 2500, 1000)) {
      List<FragmentMetadata> frags = FragmentWriter.write(store, schema, in,
          WriteOptions.builder().maxRowsPerFile(700).build());
      assertThat(frags).extracting(FragmentMetadata::physicalRows)
          .containsExactly(700L, 700L, 700L, 400L);
      long row = 0;
      for (FragmentMetadata f : frags) {
        assertThat(f.id()).isZero();
        assertThat(f.deletionFile()).isNull();
        DataFile df = f.files().get(0);
        assertThat(f.files()).hasSize(1);
        assertThat(df.path()).matches("[01]{24}[0-9a-f]{26}\\.lance");
        assertThat(df.fields()).containsExactly(0, 1);
        assertThat(df.columnIndices()).containsExactly(0, 1);
        // the default file version (2.2)
        assertThat(df.fileMajorVersion() + "." + df.fileMinorVersion())
            .isEqualTo(WriteOptions.defaultDataStorageVersion()).isEqualTo("2.2");
        assertThat(df.fileSizeBytes()).isEqualTo(Files.size(tmp.resolve("data/" + df.path())));
        try (LanceFileReader r = LanceFileReader.open(store, "data/" + df.path(),
            df.fileSizeBytes())) {
          assertThat(r.numRows()).isEqualTo(f.physicalRows());
          LanceField idField = schema.field("id");
          try (BigIntVector v = (BigIntVector) r.read(idField, df::columnOf, 0, r.numRows(), a)) {
            for (int i = 0; i < v.getValueCount(); i++) {
              assertThat(v.get(i)).isEqualTo(row + i);
            }
          }
        }
        row += f.physicalRows();
      }
    }
  }

  @Test
  void rollsOverOnBytes() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    try (BufferAllocator a = new RootAllocator(); ArrowReader in = ids(a, 3000, 100)) {
      List<FragmentMetadata> frags = FragmentWriter.write(store, LanceSchema.fromArrow(SCHEMA),
          in, WriteOptions.builder().maxBytesPerFile(1).build());
      assertThat(frags).hasSize(30).allMatch(f -> f.physicalRows() == 100);
    }
  }

  @Test
  void emptyInputWritesNothing() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    try (BufferAllocator a = new RootAllocator(); ArrowReader in = ids(a, 0, 100)) {
      assertThat(FragmentWriter.write(store, LanceSchema.fromArrow(SCHEMA), in,
          WriteOptions.defaults())).isEmpty();
      assertThat(store.list("data")).isEmpty();
    }
  }

  @Test
  void mismatchedBatchFailsNamingFieldAndDeletesWrittenFiles() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    Schema other = new Schema(List.of(
        new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
        new Field("s", FieldType.nullable(new ArrowType.Int(32, true)), null)));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot good = VectorSchemaRoot.create(SCHEMA, a);
        VectorSchemaRoot bad = VectorSchemaRoot.create(other, a)) {
      ((BigIntVector) good.getVector(0)).setSafe(0, 1);
      ((VarCharVector) good.getVector(1)).setSafe(0, "x".getBytes());
      good.setRowCount(1);
      ((BigIntVector) bad.getVector(0)).setSafe(0, 2);
      ((IntVector) bad.getVector(1)).setSafe(0, 3);
      bad.setRowCount(1);
      ArrowReader twoBatches = new TwoRoots(a, good, bad);
      assertThatThrownBy(() -> FragmentWriter.write(store, LanceSchema.fromArrow(SCHEMA),
          twoBatches, WriteOptions.builder().maxRowsPerFile(1).build()))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("'s'");
      assertThat(store.list("data")).isEmpty();
    }
  }

  @Test
  void nullsInNonNullableFieldAreRejected() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a)) {
      ((BigIntVector) root.getVector(0)).setNull(0);
      ((VarCharVector) root.getVector(1)).setSafe(0, "x".getBytes());
      root.setRowCount(1);
      assertThatThrownBy(() -> FragmentWriter.write(store, LanceSchema.fromArrow(SCHEMA),
          new TwoRoots(a, root, null), WriteOptions.defaults()))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("'id'");
      assertThat(store.list("data")).isEmpty();
    }
  }

  /** Field ids and column indices of the data files are those lance-core 7.0.0 writes. */
  @ParameterizedTest(name = "file version {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.1", OracleVersions.LEGACY})
  void fragmentsWriteSplitsAndRoundTripsAllTypes(String version) throws Exception {
    String uri = tmp.resolve("ds").toString();
    String lanceVersion = OracleVersions.DEFAULT.equals(version) ? "2.2" : version;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 1000, 3, 0.2, a);
        ArrowReader in = DataPathOracle.readerOf(root, 128, a)) {
      WriteOptions.Builder o = WriteOptions.builder().maxRowsPerFile(300);
      if (!OracleVersions.DEFAULT.equals(version)) {
        o.dataStorageVersion(version);
      }
      List<FragmentMetadata> frags = Fragments.write(uri, in, o.build());
      assertThat(frags).extracting(FragmentMetadata::physicalRows)
          .containsExactly(300L, 300L, 300L, 100L);
      List<FragmentMetadata> theirs = LanceCore.writeFragments(tmp.resolve("theirs").toString(),
          a, root, 300, lanceVersion);
      for (int i = 0; i < frags.size(); i++) {
        DataFile ours = frags.get(i).files().get(0);
        DataFile their = theirs.get(i).files().get(0);
        assertThat(ours.fileMajorVersion() + "." + ours.fileMinorVersion()).isEqualTo(lanceVersion);
        assertThat(ours.fields()).as("field ids, %s", lanceVersion).isEqualTo(their.fields());
        assertThat(ours.columnIndices()).as("column indices, %s", lanceVersion)
            .isEqualTo(their.columnIndices());
        assertThat(ours.fileMinorVersion()).isEqualTo(their.fileMinorVersion());
      }
      if (lanceVersion.equals("2.0")) {
        assertThat(frags.get(0).files().get(0).fields()).hasSize(46); // every field, in 2.0
      }
      org.lance4j.Dataset ds = org.lance4j.Dataset.commit(uri,
          new org.lance4j.Operation.Overwrite(root.getSchema(), frags), 0);
      assertThat(ds.fragments()).hasSize(4);
      Map<String, List<Object>> got = DataPathOracle.lance4jScan(a, uri,
          org.lance4j.ScanOptions.defaults());
      ArrowAssert.assertSameColumns(ArrowAssert.columns(root), got);
    }
  }

  /** Two roots (the second may be null) presented as a reader; roots are not closed. */
  static final class TwoRoots extends ArrowReader {
    private final VectorSchemaRoot first;
    private final VectorSchemaRoot second;
    private VectorSchemaRoot current;
    private int served;

    TwoRoots(BufferAllocator a, VectorSchemaRoot first, VectorSchemaRoot second) {
      super(a);
      this.first = first;
      this.second = second;
      this.current = first;
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
      return current;
    }

    @Override
    public boolean loadNextBatch() {
      if (served == 0) {
        served++;
        current = first;
        return true;
      }
      if (served == 1 && second != null) {
        served++;
        current = second;
        return true;
      }
      return false;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return first.getSchema();
    }
  }
}
