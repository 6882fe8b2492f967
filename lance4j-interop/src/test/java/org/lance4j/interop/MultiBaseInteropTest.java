package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * A multi-base dataset of lance-core 7.0.0 (data files under another base path, not a dataset
 * root): lance4j reads it, appends (to its own data/), deletes rows of both bases; lance-core
 * reads the result and commits on top.
 */
class MultiBaseInteropTest {
  @TempDir Path tmp;

  @Test
  void lance4jReadsAndCommitsToAMultiBaseDataset() throws Exception {
    String uri = tmp.resolve("multi.lance").toString();
    Path other = tmp.resolve("other-base");
    Files.createDirectories(other);
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(StableRowIdsInteropTest.SCHEMA, a)) {
        StableRowIdsInteropTest.fill(root, 0, 1000);
        try (ArrowReader in = new RootSlices(root, LanceCore7.BATCH_ROWS, a)) {
          org.lance.Dataset.write().allocator(a).reader(in).uri(uri).maxRowsPerFile(500)
              .mode(org.lance.WriteParams.WriteMode.CREATE).dataStorageVersion("2.0")
              .initialBases(List.of(new org.lance.BasePath(1, Optional.of("b1"),
                  other.toString(), false)))
              .targetBases(List.of("b1")).execute().close();
        }
      }
      try (Stream<Path> s = Files.list(other)) {
        assertThat(s.filter(p -> p.toString().endsWith(".lance")).count()).isEqualTo(2);
      }
      assertThat(Lance4j.countRows(uri)).isEqualTo(1000);
      Dataset.commit(uri, new Operation.Append(StableRowIdsInteropTest.lance4jWrite(uri, 1000,
          1200, WriteOptions.Mode.APPEND)), 1).close();
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id % 100 = 7")) {
        assertThat(d.countRows()).isEqualTo(1200 - 12);
      }
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        assertThat(StableRowIdsInteropTest.drainIds(ds)).hasSize(1188)
            .doesNotContain(7L, 1107L).contains(0L, 999L, 1199L);
        ds.delete("id = 3");
      }
      assertThat(Lance4j.countRows(uri)).isEqualTo(1187);
      assertThat(Lance4j.scan(a, uri, "id < 10").get("id"))
          .containsExactlyInAnyOrder(0L, 1L, 2L, 4L, 5L, 6L, 8L, 9L);
    }
  }
}
