package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.ColumnTransform;
import org.lance4j.Dataset;
import org.lance4j.MergeResult;
import org.lance4j.testing.ArrowAssert;

/** Columns added by lance-core read by lance4j, and lance4j's new ids agreeing with Lance's. */
class AddColumnsInteropTest {
  @TempDir Path tmp;

  static final ColumnTransform AGE2 = (batch, alloc) -> {
    BigIntVector age = (BigIntVector) batch.getVector("age");
    BigIntVector out = new BigIntVector("age2", alloc);
    out.allocateNew(batch.getRowCount());
    for (int i = 0; i < batch.getRowCount(); i++) {
      out.set(i, age.get(i) * 2);
    }
    out.setValueCount(batch.getRowCount());
    return VectorSchemaRoot.of(out);
  };

  private static void lanceCoreAdd(String uri, BufferAllocator a, String name, String expr) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      ds.addColumns(new org.lance.schema.SqlExpressions.Builder()
          .withExpression(name, expr).build(), Optional.empty());
    }
  }

  @Test
  void weReadLanceCoreAddedColumnsAndAssignTheSameIdsItDoes() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String ours = tmp.resolve("ours").toString();
      String theirs = tmp.resolve("theirs").toString();
      DataOpsSupport.createPeople(ours, a);
      DataOpsSupport.createPeople(theirs, a);
      // lance-core adds a column to both; then lance-core drops "name_len"... on "theirs" it
      // adds age2 itself, on "ours" lance4j computes age2: the field ids must agree
      for (String uri : List.of(ours, theirs)) {
        lanceCoreAdd(uri, a, "name_len", "length(name)");
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
          ds.dropColumns(List.of("name_len"));
        }
      }
      lanceCoreAdd(theirs, a, "age2", "age * 2");
      List<MergeResult> results;
      long version;
      try (Dataset ds = Dataset.open(ours)) {
        version = ds.version();
        results = ds.fragments().stream().map(f -> f.mergeColumns(AGE2, List.of("age"), a))
            .toList();
      }
      int theirId;
      try (Dataset ds = Dataset.open(theirs)) {
        theirId = ds.lanceSchema().field("age2").id();
        assertThat(DataOpsSupport.ourScan(a, theirs).get("age2"))
            .containsExactly(50L, 66L, 88L, 110L, 132L, 154L);
      }
      // lance 0.39's drop removes the data file that held only name_len, so its id 2 is free
      // again (the maximum covers schema and data files, not history)
      assertThat(theirId).isEqualTo(2);
      assertThat(results.get(0).schema().field("age2").id()).isEqualTo(theirId);
      ArrowAssert.assertSameColumns(DataOpsSupport.lanceCoreScan(a, theirs),
          DataOpsSupport.ourScan(a, theirs));
      try (Dataset ds = Dataset.open(theirs)) {
        assertThat(ds.version()).isEqualTo(version + 1);
      }
    }
  }
}
