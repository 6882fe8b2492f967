package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;
import org.lance4j.testing.ArrowAssert;

/** Datasets lance-core modified (deletes, added columns) scan the same with lance4j. */
class DeletionInteropTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("cat", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private String create(BufferAllocator a, String name, String version) {
    String uri = tmp.resolve(name).toString();
    DataPathOracle.create(a, new BatchSource(a, SCHEMA, 20_000, 4096, (root, start, n) -> {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector s = (VarCharVector) root.getVector(1);
      VarCharVector cat = (VarCharVector) root.getVector(2);
      for (int i = 0; i < n; i++) {
        long row = start + i;
        id.setSafe(i, row);
        if (row % 11 == 0) {
          s.setNull(i);
        } else {
          s.setSafe(i, ("value-" + row).getBytes());
        }
        cat.setSafe(i, ("c" + row % 7).getBytes());
      }
      id.setValueCount(n);
      s.setValueCount(n);
      cat.setValueCount(n);
    }), uri, 6000, version);
    assertThat(OracleVersions.fileVersions(a, uri))
        .containsExactly(OracleVersions.expectedLanceCoreFiles(version));
    return uri;
  }

  private void same(BufferAllocator a, String uri, ScanOptions o) throws Exception {
    ArrowAssert.assertSameColumns(DataPathOracle.scan(a, uri, DataPathOracle.toLance(o)),
        DataPathOracle.lance4jScan(a, uri, o));
  }

  private void sameEverywhere(BufferAllocator a, String uri) throws Exception {
    same(a, uri, ScanOptions.defaults());
    same(a, uri, ScanOptions.builder().withRowAddress(true).batchSize(1000).build());
    same(a, uri, ScanOptions.builder().columns(List.of("id")).offset(5000).limit(7000).build());
    try (org.lance.Dataset theirs = org.lance.Dataset.open(uri, a);
        Dataset ours = Dataset.open(uri)) {
      assertThat(ours.countRows()).isEqualTo(theirs.countRows());
      assertThat(ours.version()).isEqualTo(theirs.version());
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void arrowAndBitmapDeletionFiles(String version) throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "del", version);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id % 3 = 0");
      }
      assertThat(DataPathOracle.files(tmp.resolve("del/_deletions"), ".arrow")).hasSize(4);
      sameEverywhere(a, uri);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id >= 6000 AND id < 11900");
      }
      assertThat(DataPathOracle.files(tmp.resolve("del/_deletions"), ".bin")).isNotEmpty();
      sameEverywhere(a, uri);
      try (Dataset ours = Dataset.open(uri)) {
        assertThat(ours.countRows()).isEqualTo(20_000 - 6667 - (5900 - 1967));
      }
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void addedColumnsLiveInNewDataFiles(String version) throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "cols", version);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id % 5 = 1");
        ds.addColumns(new org.lance.schema.SqlExpressions.Builder()
            .withExpression("doubled", "id * 2").withExpression("tag", "concat(cat, '!')")
            .build(), Optional.empty());
      }
      try (Dataset ours = Dataset.open(uri)) {
        assertThat(ours.fragments().get(0).metadata().files()).hasSize(2);
        assertThat(ours.schema().getFields()).extracting(Field::getName)
            .containsExactly("id", "s", "cat", "doubled", "tag");
      }
      sameEverywhere(a, uri);
      same(a, uri, ScanOptions.builder().columns(List.of("tag", "doubled")).offset(100)
          .limit(20_000).build());
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void allNullColumnWithoutDataFiles(String version) throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "nulls", version);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.addColumns(List.of(new Field("empty", FieldType.nullable(new ArrowType.Int(32, true)),
            null)));
      }
      same(a, uri, ScanOptions.builder().columns(List.of("id", "empty")).build());
      try (BufferAllocator b = new RootAllocator()) {
        assertThat(DataPathOracle.lance4jScan(b, uri, ScanOptions.defaults()).get("empty"))
            .hasSize(20_000).containsOnlyNulls();
      }
    }
  }
}
