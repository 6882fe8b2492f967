package org.lance4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;

/** The guide's scenario with two separate worker JVMs per phase, checked by lance4j and lance-core. */
class DistributedWriteDemoTest {

  @Test
  void workerProcessesWriteAndCoordinatorCommits(@TempDir Path dir) throws Exception {
    DistributedWriteDemo.coordinator(dir);
    String uri = dir.resolve("dist_write").toString();

    try (Dataset v1 = Dataset.open(uri, 1)) {
      assertThat(v1.fragments()).hasSize(2);
      assertThat(v1.countRows()).isEqualTo(6);
    }
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.fragments()).hasSize(4);
      assertThat(ds.fragments().stream().map(f -> f.id()).toList()).containsExactly(0L, 1L, 2L, 3L);
    }

    // The official implementation reads the same rows in the same order.
    List<Integer> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
      assertThat(official.version()).isEqualTo(2);
      try (org.lance.ipc.LanceScanner scanner = official.newScan();
          ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          IntVector av = (IntVector) root.getVector("a");
          VarCharVector bv = (VarCharVector) root.getVector("b");
          for (int i = 0; i < root.getRowCount(); i++) {
            a.add(av.get(i));
            b.add(bv.getObject(i).toString());
          }
        }
      }
    }
    assertThat(a).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(b).containsExactly("x", "y", "z", "u", "v", "w", "a", "b", "c", "d");
  }
}
