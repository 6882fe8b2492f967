package org.lance4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits refuse data files whose stored schema disagrees with the dataset's: never misread data. */
class SchemaMismatchCommitTest {
  static final Schema AB = new Schema(List.of(Field.nullable("a", new ArrowType.Int(32, true)),
      Field.nullable("b", ArrowType.Utf8.INSTANCE)));
  static final Schema XY = new Schema(List.of(Field.nullable("x", new ArrowType.Int(64, true)),
      Field.nullable("y", ArrowType.Utf8.INSTANCE)));

  @TempDir Path dir;

  private static VectorSchemaRoot ab(BufferAllocator a) {
    VectorSchemaRoot r = VectorSchemaRoot.create(AB, a);
    ((IntVector) r.getVector("a")).setSafe(0, 1);
    ((VarCharVector) r.getVector("b")).setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
    r.setRowCount(1);
    return r;
  }

  private static VectorSchemaRoot xy(BufferAllocator a) {
    VectorSchemaRoot r = VectorSchemaRoot.create(XY, a);
    ((BigIntVector) r.getVector("x")).setSafe(0, 7);
    ((VarCharVector) r.getVector("y")).setSafe(0, "y".getBytes(StandardCharsets.UTF_8));
    r.setRowCount(1);
    return r;
  }

  @Test
  void appendOfFragmentsWrittenForAnotherSchemaIsRefused() {
    String uri = dir.resolve("ds").toString();
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot abRows = ab(a);
        VectorSchemaRoot xyRows = xy(a)) {
      List<FragmentMetadata> first = Fragments.write(uri, abRows, WriteOptions.defaults());
      Dataset.commit(uri, new Operation.Overwrite(AB, first), 0).close();
      // CREATE assigns fresh ids 0, 1: the same ids the dataset uses for a, b
      List<FragmentMetadata> other = Fragments.write(uri, xyRows,
          WriteOptions.builder().mode(WriteOptions.Mode.CREATE).build());
      assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(other), 1))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("schema mismatch")
          .hasMessageContaining("'x'").hasMessageContaining("'a'")
          .hasMessageContaining(other.get(0).files().get(0).path());
      // with the default mode the mismatch is caught when writing, naming the field
      assertThatThrownBy(() -> Fragments.write(uri, xyRows, WriteOptions.defaults()))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("'x'");
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(1);
        assertThat(ds.countRows()).isEqualTo(1);
      }
    }
  }

  @Test
  void overwriteWhoseSchemaDisagreesWithItsDataIsRefused() {
    String uri = dir.resolve("ds2").toString();
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot abRows = ab(a)) {
      List<FragmentMetadata> frags = Fragments.write(uri, abRows, WriteOptions.defaults());
      assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Overwrite(XY, frags), 0))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("stores field id 0 as 'a'");
      assertThatThrownBy(() -> Dataset.open(uri)).isInstanceOf(DatasetNotFoundException.class);
    }
  }

  @Test
  void fragmentMissingAFieldIsRefused() {
    String uri = dir.resolve("ds3").toString();
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot abRows = ab(a)) {
      // file format 2.0: the hand-made data file entry below says 2.0
      List<FragmentMetadata> frags = Fragments.write(uri, abRows, WriteOptions.builder()
          .dataStorageVersion("2.0").build());
      Dataset.commit(uri, new Operation.Overwrite(AB, frags), 0).close();
      FragmentMetadata f = frags.get(0);
      DataFile df = f.files().get(0);
      FragmentMetadata onlyFieldA = new FragmentMetadata(0, List.of(new DataFile(df.path(),
          List.of(0), List.of(0), 2, 0, df.fileSizeBytes(), null)), 1, null);
      assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(List.of(onlyFieldA)), 1))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no data for field 'b'");
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(1);
      }
    }
  }
}
