package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.ColumnTransform;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceException;
import org.lance4j.LanceField;
import org.lance4j.MergeResult;
import org.lance4j.Operation;
import org.lance4j.testing.ArrowAssert;

/** Fragment.mergeColumns: alignment with deleted rows, several columns, ids, errors. */
class MergeColumnsTest {
  @TempDir Path tmp;

  static final Schema IDS = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  /** 20,000 rows (id = row, s = "v{row}") in 2 fragments, written by lance4j. */
  private String create(BufferAllocator a, String name) throws Exception {
    String uri = tmp.resolve(name).toString();
    try (ArrowReader r = new BatchSource(a, IDS, 20_000, 4096, (root, start, n) -> {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector s = (VarCharVector) root.getVector(1);
      for (int i = 0; i < n; i++) {
        id.setSafe(i, start + i);
        s.setSafe(i, ("v" + (start + i)).getBytes(StandardCharsets.UTF_8));
      }
      id.setValueCount(n);
      s.setValueCount(n);
    })) {
      DataPathOracle.createWithLance4j(uri, r, 10_000).close();
    }
    return uri;
  }

  static final int DIM = 4;

  /** id2 = id * 2, vec = [id, id+.5, ...] (null when id % 10 == 3), label = "L{id}". */
  static final ColumnTransform THREE = (batch, alloc) -> {
    BigIntVector id = (BigIntVector) batch.getVector("id");
    int n = batch.getRowCount();
    BigIntVector id2 = new BigIntVector("id2", alloc);
    FixedSizeListVector vec = FixedSizeListVector.empty("vec", DIM, alloc);
    VarCharVector label = new VarCharVector("label", alloc);
    vec.addOrGetVector(FieldType.nullable(
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    id2.allocateNew(n);
    vec.allocateNew();
    label.allocateNew();
    Float4Vector items = (Float4Vector) vec.getDataVector();
    for (int i = 0; i < n; i++) {
      long v = id.get(i);
      id2.set(i, v * 2);
      if (v % 10 == 3) {
        vec.setNull(i);
      } else {
        vec.setNotNull(i);
      }
      for (int k = 0; k < DIM; k++) {
        items.setSafe(i * DIM + k, v + k * 0.5f);
      }
      label.setSafe(i, ("L" + v).getBytes(StandardCharsets.UTF_8));
    }
    items.setValueCount(n * DIM);
    id2.setValueCount(n);
    vec.setValueCount(n);
    label.setValueCount(n);
    List<FieldVector> vs = List.of(id2, vec, label);
    List<Field> fs = new ArrayList<>();
    vs.forEach(v -> fs.add(v.getField()));
    return new VectorSchemaRoot(fs, vs, n);
  };

  private static List<MergeResult> mergeAll(String uri, ColumnTransform t, List<String> read,
      BufferAllocator a) {
    List<MergeResult> out = new ArrayList<>();
    try (Dataset ds = Dataset.open(uri)) {
      ds.fragments().forEach(f -> out.add(f.mergeColumns(t, read, a)));
    }
    return out;
  }

  @Test
  void newFileAlignsWithPhysicalRowsOfFragmentsWithDeletions() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "del");
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id % 7 = 0 OR (id >= 12000 AND id < 15000)");
      }
      List<MergeResult> results = mergeAll(uri, THREE, List.of("id"), a);
      // every worker starting from the same version assigns the same ids
      List<MergeResult> again = mergeAll(uri, THREE, null, a);
      assertThat(again.get(0).schema()).isEqualTo(results.get(0).schema());
      assertThat(again.get(1).schema()).isEqualTo(results.get(0).schema());
      assertThat(results.get(0).schema().fields()).extracting(LanceField::name)
          .containsExactly("id", "s", "id2", "vec", "label");
      assertThat(results.get(0).schema().fields()).extracting(LanceField::id)
          .containsExactly(0, 1, 2, 3, 4);
      assertThat(results.get(0).schema().field("vec").logicalType())
          .isEqualTo("fixed_size_list:float:4");
      for (MergeResult r : results) {
        FragmentMetadata f = r.fragment();
        assertThat(f.deletionFile()).isNotNull();
        assertThat(f.files().get(1).fields()).containsExactly(2, 3, 4);
        assertThat(f.files().get(1).columnIndices()).containsExactly(0, 1, 2);
        String path = tmp.resolve("del/data/" + f.files().get(1).path()).toString();
        try (org.lance.file.LanceFileReader fr =
            org.lance.file.LanceFileReader.open(path, a)) {
          assertThat(fr.numRows()).isEqualTo(10_000); // physical rows, deleted ones included
        }
      }
      long v = Dataset.open(uri).version();
      DataOpsSupport.lanceCoreMerge(uri, a,
          results.stream().map(MergeResult::fragment).toList(),
          results.get(0).schema().toArrow(), v);
      Map<String, List<Object>> theirs = DataOpsSupport.lanceCoreScan(a, uri);
      assertThat(theirs.get("id")).hasSize(20_000 - 2858 - 3000 + 428);
      for (int i = 0; i < theirs.get("id").size(); i++) {
        long id = (Long) theirs.get("id").get(i);
        assertThat(id % 7).isNotZero();
        assertThat(theirs.get("id2").get(i)).isEqualTo(id * 2);
        assertThat(theirs.get("label").get(i)).isEqualTo("L" + id);
        Object vec = theirs.get("vec").get(i);
        if (id % 10 == 3) {
          assertThat(vec).isNull();
        } else {
          assertThat(vec).isEqualTo(List.of((float) id, id + 0.5f, id + 1f, id + 1.5f));
        }
      }
      ArrowAssert.assertSameColumns(theirs, DataOpsSupport.ourScan(a, uri));
    }
  }

  @Test
  void addColumnsOnDatasetCommitsOneMerge() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "ds");
      try (Dataset ds = Dataset.open(uri); Dataset after = ds.addColumns(THREE, List.of("id"))) {
        assertThat(after.version()).isEqualTo(ds.version() + 1);
        assertThat(after.fragments()).hasSize(2);
        assertThat(after.fragments().get(1).metadata().files()).hasSize(2);
      }
      Map<String, List<Object>> theirs = DataOpsSupport.lanceCoreScan(a, uri);
      assertThat(theirs.get("id2").get(12_345)).isEqualTo(24_690L);
      ArrowAssert.assertSameColumns(theirs, DataOpsSupport.ourScan(a, uri));
    }
  }

  @Test
  void mergeMissingAFragmentIsRefused() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "missing");
      List<MergeResult> results = mergeAll(uri, THREE, List.of("id"), a);
      assertThatThrownBy(() -> Dataset.commit(uri,
          new Operation.Merge(List.of(results.get(0).fragment()), results.get(0).schema()), 1))
          .isInstanceOf(LanceException.class).hasMessageContaining("1");
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(1);
      }
    }
  }

  @Test
  void badTransformsFailWithoutLeavingFiles() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "bad");
      int files = DataPathOracle.files(tmp.resolve("bad/data"), ".lance").size();
      try (Dataset ds = Dataset.open(uri)) {
        org.lance4j.Fragment f0 = ds.fragments().get(0);
        ColumnTransform clash = (batch, alloc) -> {
          IntVector s = new IntVector("s", alloc);
          s.allocateNew(batch.getRowCount());
          s.setValueCount(batch.getRowCount());
          return VectorSchemaRoot.of(s);
        };
        assertThatThrownBy(() -> f0.mergeColumns(clash, null, a))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("'s'");
        ColumnTransform short1 = (batch, alloc) -> {
          IntVector x = new IntVector("x", alloc);
          x.allocateNew(1);
          x.setValueCount(1);
          return VectorSchemaRoot.of(x);
        };
        assertThatThrownBy(() -> f0.mergeColumns(short1, List.of("id"), a))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> f0.mergeColumns((batch, alloc) -> batch, List.of("id"), a))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("input batch");
        assertThatThrownBy(() -> f0.mergeColumns(THREE, List.of("nope"), a))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("nope");
        // a fragment that is not in this version
        FragmentMetadata stranger = f0.metadata().withId(77);
        assertThatThrownBy(() -> ColumnMerger.mergeColumns(TestSnapshots.of(ds), stranger, THREE,
            List.of("id"), a)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("77");
      }
      assertThat(DataPathOracle.files(tmp.resolve("bad/data"), ".lance")).hasSize(files);
    }
  }

  @Test
  void newIdsContinueAfterDroppedColumnsStillInDataFiles() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = create(a, "dropped");
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.dropColumns(List.of("s"));
      }
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.lanceSchema().maxFieldId()).isEqualTo(0);
        assertThat(ColumnMerger.maxFieldId(TestSnapshots.of(ds))).isEqualTo(1);
        MergeResult r = ds.fragments().get(0).mergeColumns(THREE, List.of("id"), a);
        assertThat(r.schema().fields()).extracting(LanceField::id).containsExactly(0, 2, 3, 4);
      }
    }
  }
}
