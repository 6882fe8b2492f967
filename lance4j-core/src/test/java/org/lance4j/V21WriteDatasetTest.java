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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/**
 * Datasets of file format 2.1 / 2.2 written by lance4j: created with the requested version, and
 * every later write (append with default options, add-columns, compaction, update) keeps it.
 */
class V21WriteDatasetTest {
  @TempDir
  Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static Schema schema() {
    List<Field> out = new ArrayList<>();
    for (Field f : TestData.allTypesSchema().getFields()) {
      if (!f.getName().contains("list") && !f.getName().equals("nested")) {
        out.add(f);
      }
    }
    return new Schema(out);
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
  @ValueSource(strings = {"2.1", "2.2"})
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
        Dataset updated = compacted.update(Map.of("utf8", "'changed'"), "i32 > 0")) {
      assertVersion(added, version);
      assertVersion(compacted, version);
      assertVersion(updated, version);
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
}
