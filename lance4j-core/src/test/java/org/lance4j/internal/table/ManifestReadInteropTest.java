package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.TestData;

/** lance-core writes datasets; our Versions must read the same versions, schemas and fragments. */
class ManifestReadInteropTest {
  @TempDir Path dir;

  static Schema simpleSchema() {
    return new Schema(List.of(TestData.notNull("id", new ArrowType.Int(64, true)),
        TestData.field("name", ArrowType.Utf8.INSTANCE),
        TestData.field("val", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
  }

  static VectorSchemaRoot simpleRows(BufferAllocator a, long first, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(simpleSchema(), a);
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    Float8Vector val = (Float8Vector) root.getVector("val");
    for (int i = 0; i < n; i++) {
      long v = first + i;
      id.setSafe(i, v);
      if (v % 5 == 0) {
        name.setNull(i);
      } else {
        name.setSafe(i, ("n" + v).getBytes());
      }
      val.setSafe(i, v * 0.5);
    }
    root.setRowCount(n);
    return root;
  }

  /** Every version of the dataset: ours vs lance-core's view. */
  static void assertSameAsLanceCore(Path dir, BufferAllocator a) {
    LocalObjectStore store = new LocalObjectStore(dir);
    String uri = dir.toString();
    try (org.lance.Dataset latest = org.lance.Dataset.open(uri, a)) {
      assertThat(Versions.latestVersion(store)).isEqualTo(latest.latestVersion());
      assertThat(Versions.loadLatest(store, uri).version()).isEqualTo(latest.version());
      for (long v = 1; v <= latest.latestVersion(); v++) {
        Snapshot ours = Versions.load(store, uri, v);
        try (org.lance.Dataset theirs = org.lance.Dataset.open(a, uri,
            new org.lance.ReadOptions.Builder().setVersion((int) v).build())) {
          assertThat(ours.version()).isEqualTo(v).isEqualTo(theirs.version());
          assertThat(ours.schema().toArrow()).as("schema of version %d", v)
              .isEqualTo(theirs.getSchema());
          List<FragmentMetadata> expected = new ArrayList<>();
          for (org.lance.Fragment f : theirs.getFragments()) {
            expected.add(LanceCore.toOurs(f.metadata()));
          }
          assertThat(ours.fragments()).as("fragments of version %d", v)
              .containsExactlyElementsOf(expected);
          assertThat(ours.countRows()).isEqualTo(theirs.countRows());
        }
      }
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void readsAllTypesDatasetWrittenByLanceCore(String version) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 250, 3, 0.2, a)) {
      LanceCore.create(dir, a, root, 100, version);
      Snapshot s = Versions.loadLatest(new LocalObjectStore(dir), dir.toString());
      assertThat(s.fragments()).extracting(FragmentMetadata::id).containsExactly(0L, 1L, 2L);
      assertThat(s.fragments()).extracting(FragmentMetadata::physicalRows)
          .containsExactly(100L, 100L, 50L);
      assertThat(s.schema().maxFieldId()).isEqualTo(45);
      assertThat(s.manifestPath()).isEqualTo("_versions/1.manifest");
      assertSameAsLanceCore(dir, a);
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void readsDeletionsAndMultiFileFragments(String version) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = simpleRows(a, 0, 12000)) {
      LanceCore.create(dir, a, root, 6000, version);
      try (org.lance.Dataset ds = org.lance.Dataset.open(dir.toString(), a)) {
        ds.delete("id < 6000 AND id % 10 != 0"); // 5400 rows: bitmap
        ds.delete("id >= 6000 AND id % 7 = 0"); // array
        ds.addColumns(new org.lance.schema.SqlExpressions.Builder()
            .withExpression("double_id", "id * 2").build(), Optional.empty());
      }
      Snapshot s = Versions.loadLatest(new LocalObjectStore(dir), dir.toString());
      assertThat(s.version()).isEqualTo(4);
      assertThat(s.fragment(0).deletionFile().fileType()).isEqualTo(DeletionFile.Type.BITMAP);
      assertThat(s.fragment(0).deletionFile().numDeletedRows()).isEqualTo(5400);
      assertThat(s.fragment(1).deletionFile().fileType())
          .isEqualTo(DeletionFile.Type.ARROW_ARRAY);
      assertThat(s.fragment(1).files()).hasSize(2);
      assertThat(s.schema().field("double_id").id()).isEqualTo(3);
      assertThat(s.manifest().getReaderFeatureFlags() & 1).isEqualTo(1);
      assertThat(Transactions.kind(Transactions.of(s))).isEqualTo(Transactions.Kind.MERGE);
      assertThat(Transactions.kind(Transactions.of(Versions.load(new LocalObjectStore(dir),
          dir.toString(), 2)))).isEqualTo(Transactions.Kind.DELETE);
      assertSameAsLanceCore(dir, a);
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void readsV2ManifestNames(String version) throws Exception {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = simpleRows(a, 0, 500)) {
      LanceCore.create(dir, a, root, 200, version);
      try (org.lance.Dataset ds = org.lance.Dataset.open(dir.toString(), a)) {
        ds.delete("id < 10");
      }
      renameToV2(dir);
      Snapshot s = Versions.loadLatest(new LocalObjectStore(dir), dir.toString());
      assertThat(s.version()).isEqualTo(2);
      assertThat(s.manifestPath()).isEqualTo("_versions/18446744073709551613.manifest");
      assertThat(ManifestNaming.schemeOf(s.manifestPath())).isEqualTo(ManifestNaming.Scheme.V2);
      assertSameAsLanceCore(dir, a);
    }
  }

  /** Renames every V1 manifest to its V2 name (what lance's migration does). */
  static void renameToV2(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("_versions"))) {
      for (Path p : s.toList()) {
        long v = ManifestNaming.parse(p.getFileName().toString());
        if (v > 0) {
          Files.move(p, dir.resolve(ManifestNaming.path(ManifestNaming.Scheme.V2, v)));
        }
      }
    }
  }
}
