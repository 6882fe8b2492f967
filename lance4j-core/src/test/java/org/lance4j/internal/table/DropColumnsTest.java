package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/** dropColumns: schema edits keep ids; lance-core reads our Project; we read lance-core's. */
class DropColumnsTest {
  @TempDir Path tmp;

  static final Schema NESTED = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null),
      new Field("point", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
          new Field("x", FieldType.nullable(new ArrowType.Int(64, true)), null),
          new Field("y", FieldType.nullable(new ArrowType.Int(64, true)), null))),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private String create(BufferAllocator a, String name) throws Exception {
    String uri = tmp.resolve(name).toString();
    try (VectorSchemaRoot root = TestData.random(NESTED, 3000, 7, 0.1, a);
        ArrowReader r = DataPathOracle.readerOf(root, 1000, a)) {
      DataPathOracle.createWithLance4j(uri, r, 1500).close();
    }
    return uri;
  }

  @Test
  void schemaEditsKeepIdsAndNameTheMissingColumn() {
    LanceSchema s = LanceSchema.fromArrow(NESTED);
    LanceSchema noX = SchemaEdits.without(s, List.of("point.x", "s"), "ds");
    assertThat(noX.allFields()).extracting(LanceField::name).containsExactly("id", "point", "y");
    assertThat(noX.allFields()).extracting(LanceField::id).containsExactly(0, 1, 3);
    assertThatThrownBy(() -> SchemaEdits.without(s, List.of("nope"), "ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> SchemaEdits.without(s, List.of("point.z"), "ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'point.z'");
    assertThatThrownBy(() -> SchemaEdits.without(s, List.of("id.q"), "ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a struct");
    assertThatThrownBy(() -> SchemaEdits.without(s, List.of("point.x", "point.y"), "ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("struct itself");
    assertThatThrownBy(() -> SchemaEdits.without(s, List.of("id", "point", "s"), "ds"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("every column");
  }

  @Test
  void unknownColumnFailsBeforeCommitting() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "unknown");
      try (Dataset ds = Dataset.open(uri)) {
        assertThatThrownBy(() -> ds.dropColumns(List.of("s", "ghost")))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("ghost");
        assertThat(ds.latestVersion()).isEqualTo(1);
      }
    }
  }

  @Test
  void droppedColumnsDisappearForLanceCore() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "drop");
      Map<String, List<Object>> before = DataOpsSupport.ourScan(a, uri);
      try (Dataset ds = Dataset.open(uri); Dataset after = ds.dropColumns(List.of("s", "point.y"))) {
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.lanceSchema().allFields()).extracting(LanceField::id)
            .containsExactly(0, 1, 2);
      }
      Map<String, List<Object>> theirs = DataOpsSupport.lanceCoreScan(a, uri);
      assertThat(theirs.keySet()).containsExactly("id", "point");
      assertThat(theirs.get("id")).isEqualTo(before.get("id"));
      ArrowAssert.assertSameColumns(theirs, DataOpsSupport.ourScan(a, uri));
    }
  }

  @Test
  void weReadWhatLanceCoreDropped() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "theirs");
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.dropColumns(List.of("point.x", "s"));
      }
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.lanceSchema().allFields()).extracting(LanceField::name)
            .containsExactly("id", "point", "y");
      }
      ArrowAssert.assertSameColumns(DataOpsSupport.lanceCoreScan(a, uri),
          DataOpsSupport.ourScan(a, uri));
    }
  }

  @Test
  void addingColumnsAfterADropGetsFreshIdsAndLanceCoreReadsIt() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "dropadd");
      Map<String, List<Object>> before = DataOpsSupport.ourScan(a, uri);
      try (Dataset ds = Dataset.open(uri);
          Dataset dropped = ds.dropColumns(List.of("s"));
          Dataset added = dropped.addColumns(Map.of("id2", "id * 2"));
          Dataset again = added.addColumns(Map.of("s", "CAST(id AS STRING)"))) {
        // "s" was id 4 and its data is still on disk: the new columns continue after it
        assertThat(again.lanceSchema().allFields()).extracting(LanceField::name, LanceField::id)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("id", 0),
                org.assertj.core.groups.Tuple.tuple("point", 1),
                org.assertj.core.groups.Tuple.tuple("x", 2),
                org.assertj.core.groups.Tuple.tuple("y", 3),
                org.assertj.core.groups.Tuple.tuple("id2", 5),
                org.assertj.core.groups.Tuple.tuple("s", 6));
        try (Dataset compacted = again.compact(new org.lance4j.CompactionOptions(3000, true,
            0.1))) {
          assertThat(compacted.fragments()).hasSize(1);
        }
      }
      Map<String, List<Object>> theirs = DataOpsSupport.lanceCoreScan(a, uri);
      assertThat(theirs.keySet()).containsExactly("id", "point", "id2", "s");
      assertThat(theirs.get("id")).isEqualTo(before.get("id"));
      List<Object> ids = before.get("id");
      for (int i = 0; i < ids.size(); i++) {
        assertThat(((Number) theirs.get("id2").get(i)).longValue())
            .isEqualTo(2L * ((Number) ids.get(i)).longValue());
        assertThat(String.valueOf(theirs.get("s").get(i))).isEqualTo(String.valueOf(ids.get(i)));
      }
      ArrowAssert.assertSameColumns(theirs, DataOpsSupport.ourScan(a, uri));
    }
  }

  @Test
  void aMergeThatReusesADroppedColumnsIdIsRefused() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "reuse");
      try (Dataset ds = Dataset.open(uri); Dataset dropped = ds.dropColumns(List.of("s"))) {
        // an Arrow-schema Merge numbers fields depth-first: the new column would get id 4, which
        // the old data files still store for the dropped "s"
        Schema withNew = new Schema(List.of(NESTED.getFields().get(0), NESTED.getFields().get(1),
            Field.nullable("t", new ArrowType.Int(64, true))));
        List<org.lance4j.FragmentMetadata> same = dropped.fragments().stream()
            .map(org.lance4j.Fragment::metadata).toList();
        assertThatThrownBy(() -> Dataset.commit(uri, new org.lance4j.Operation.Merge(same,
            withNew), dropped.version()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("new field 't'")
            .hasMessageContaining("id 4");
      }
    }
  }
}
