package org.lance4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;
import org.lance4j.testing.AllocatorTestBase;

/**
 * Datasets of file format 2.0 / 2.1 / 2.2 written by lance4j: created with the requested version
 * (2.2 by default, "stable" = 2.2), and every later write (append with default options,
 * merge-columns, add-columns, compaction, update, delete) keeps it; commits mixing versions are
 * refused naming the file and both versions.
 */
class V21WriteDatasetTest extends AllocatorTestBase {
  /** Every type of TestData's schema, lists and structs included. */
  static Schema schema() {
    return TestData.allTypesSchema();
  }

  private static void assertVersion(Dataset ds, String version) {
    assertThat(ds.info().dataStorageVersion()).isEqualTo(version);
    for (Fragment f : ds.fragments()) {
      for (DataFile d : f.metadata().files()) {
        assertThat(d.fileVersion()).as(d.path()).isEqualTo(version);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0", "2.1", "2.2"})
  void createAppendAddColumnsCompactUpdate(String version) throws Exception {
    String uri = dir.resolve("ds").toString();
    Schema schema = schema();
    Map<String, List<Object>> expected;
    try (VectorSchemaRoot a = TestData.random(schema, 1500, 1, 0.2, allocator);
        VectorSchemaRoot b = TestData.random(schema, 700, 2, 0.2, allocator)) {
      List<FragmentMetadata> first = Fragments.write(uri, a, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).dataStorageVersion(version).build());
      Dataset.commit(uri, new Operation.Overwrite(schema, first), 0).close();
      // an append with default options writes the dataset's version
      List<FragmentMetadata> more = Fragments.write(uri, b, WriteOptions.defaults());
      Dataset.commit(uri, new Operation.Append(more), 1).close();
      expected = ArrowAssert.columns(a);
      ArrowAssert.columns(b).forEach((k, v) -> expected.get(k).addAll(v));
    }
    try (Dataset ds = Dataset.open(uri); ArrowReader r = ds.scan(allocator)) {
      assertVersion(ds, version);
      ArrowAssert.assertSameColumns(expected, ArrowAssert.drain(r));
    }
    try (Dataset ds = Dataset.open(uri);
        Dataset added = ds.addColumns(Map.of("i32x2", "i32 * 2"));
        Dataset compacted = added.compact(CompactionOptions.defaults());
        Dataset updated = compacted.update(Map.of("utf8", "'changed'"), "i32 > 0");
        Dataset deleted = updated.delete("i32 < -1000000000")) {
      assertVersion(added, version);
      assertVersion(compacted, version);
      assertVersion(updated, version);
      assertVersion(deleted, version);
      assertThat(compacted.fragments()).hasSize(1);
      try (ArrowReader r = updated.scan(allocator)) {
        Map<String, List<Object>> got = ArrowAssert.drain(r);
        assertThat(got.get("i32x2")).hasSize(2200);
        long changed = got.get("utf8").stream().filter("changed"::equals).count();
        long positive = expected.get("i32").stream()
            .filter(x -> x != null && ((Number) x).intValue() > 0).count();
        assertThat(changed).isEqualTo(positive);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0", "2.1", "2.2"})
  void mergeColumnsWritesTheDatasetsVersion(String version) throws Exception {
    String uri = dir.resolve("m").toString();
    Schema schema = schema();
    try (VectorSchemaRoot a = TestData.random(schema, 900, 4, 0.2, allocator)) {
      List<FragmentMetadata> first = Fragments.write(uri, a, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).dataStorageVersion(version).maxRowsPerFile(400)
          .build());
      Dataset.commit(uri, new Operation.Overwrite(schema, first), 0).close();
    }
    List<FragmentMetadata> merged = new ArrayList<>();
    LanceSchema after = null;
    try (Dataset ds = Dataset.open(uri); BufferAllocator wa = new RootAllocator()) {
      for (Fragment f : ds.fragments()) {
        MergeResult m = f.mergeColumns(Map.of("i64x3", "i64 * 3"), wa);
        merged.add(m.fragment());
        after = m.schema();
      }
    }
    try (Dataset ds = Dataset.commit(uri, new Operation.Merge(merged, after), 1);
        ArrowReader r = ds.scan(allocator)) {
      assertVersion(ds, version);
      Map<String, List<Object>> got = ArrowAssert.drain(r);
      for (int i = 0; i < got.get("i64").size(); i++) {
        Object v = got.get("i64").get(i);
        assertThat(got.get("i64x3").get(i)).isEqualTo(v == null ? null : ((Long) v) * 3);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aNewDatasetIs22UnlessAskedAndStableIs22() throws Exception {
    // this module's build sets the JVM default to 2.0 (its 0.39 oracle reads only 2.0)
    String jvmDefault = System.clearProperty(WriteOptions.DEFAULT_VERSION_PROPERTY);
    try {
      newDatasetDefaults();
      System.setProperty(WriteOptions.DEFAULT_VERSION_PROPERTY, "2.1");
      assertThat(WriteOptions.defaults().dataStorageVersion()).isEqualTo("2.1");
      System.setProperty(WriteOptions.DEFAULT_VERSION_PROPERTY, "2.9");
      org.assertj.core.api.Assertions.assertThatThrownBy(WriteOptions::defaults)
          .isInstanceOf(org.lance4j.InvalidInputException.class)
          .hasMessageContaining(WriteOptions.DEFAULT_VERSION_PROPERTY).hasMessageContaining("2.9");
    } finally {
      if (jvmDefault == null) {
        System.clearProperty(WriteOptions.DEFAULT_VERSION_PROPERTY);
      } else {
        System.setProperty(WriteOptions.DEFAULT_VERSION_PROPERTY, jvmDefault);
      }
    }
  }

  private void newDatasetDefaults() throws Exception {
    assertThat(WriteOptions.defaults().dataStorageVersion()).isEqualTo("2.2");
    assertThat(WriteOptions.builder().dataStorageVersion("stable").build()
        .dataStorageVersion()).isEqualTo("2.2");
    assertThat(WriteOptions.builder().dataStorageVersion(null).build()
        .dataStorageVersion()).isEqualTo("2.2");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> WriteOptions.builder().dataStorageVersion("2.5"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("2.5");
    Schema schema = schema();
    try (VectorSchemaRoot a = TestData.random(schema, 300, 7, 0.2, allocator)) {
      // workers writing before the dataset exists (mode APPEND) use the default
      String uri = dir.resolve("new").toString();
      List<FragmentMetadata> frags = Fragments.write(uri, a, WriteOptions.defaults());
      try (Dataset ds = Dataset.commit(uri, new Operation.Append(frags), 0)) {
        assertVersion(ds, "2.2");
      }
      // ... or the requested version
      String uri21 = dir.resolve("new21").toString();
      List<FragmentMetadata> f21 = Fragments.write(uri21, a, WriteOptions.builder()
          .dataStorageVersion("2.1").build());
      try (Dataset ds = Dataset.commit(uri21, new Operation.Overwrite(schema, f21), 0)) {
        assertVersion(ds, "2.1");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void commitsMixingVersionsAreRefusedNamingFileAndVersions() throws Exception {
    Schema schema = schema();
    String uri = dir.resolve("mix").toString();
    try (VectorSchemaRoot a = TestData.random(schema, 200, 8, 0.2, allocator)) {
      List<FragmentMetadata> v22 = Fragments.write(uri, a, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).dataStorageVersion("2.2").build());
      List<FragmentMetadata> v20 = Fragments.write(uri, a, WriteOptions.builder()
          .mode(WriteOptions.Mode.CREATE).dataStorageVersion("2.0").build());
      List<FragmentMetadata> both = new ArrayList<>(v22);
      both.addAll(v20);
      String file20 = v20.get(0).files().get(0).path();
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> Dataset.commit(uri, new Operation.Overwrite(schema, both), 0))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining(file20)
          .hasMessageContaining("2.0").hasMessageContaining("2.2");
      Dataset.commit(uri, new Operation.Overwrite(schema, v22), 0).close();
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> Dataset.commit(uri, new Operation.Append(v20), 1))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining(file20)
          .hasMessageContaining("2.0").hasMessageContaining("2.2");
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(1);
        assertVersion(ds, "2.2");
      }
    }
  }
}
