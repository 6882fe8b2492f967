package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.MemoryLimitException;
import org.lance4j.Operation;
import org.lance4j.internal.storage.LocalObjectStore;

/**
 * Issue 14: delete, update and compact allocate from a bounded allocator of their own (not an
 * unbounded RootAllocator): past the limit they fail and leave the dataset as it was.
 */
class OperationMemoryTest {
  @TempDir Path dir;

  @AfterEach
  void clearLimit() {
    System.clearProperty(OperationMemory.LIMIT_PROPERTY);
  }

  private void dataset() {
    LocalObjectStore store = new LocalObjectStore(dir);
    Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(RealFragments.write(dir, "a", 2_000))), 0);
    Committer.commit(store, "ds", new Operation.Append(List.of(RealFragments.write(dir, "b",
        50))), 1);
  }

  @Test
  void theDefaultLimitIsTheHeapAndAPropertySetsIt() {
    assertThat(OperationMemory.limit()).isEqualTo(Runtime.getRuntime().maxMemory());
    System.setProperty(OperationMemory.LIMIT_PROPERTY, "12345");
    assertThat(OperationMemory.limit()).isEqualTo(12345);
  }

  @Test
  void operationsPastTheLimitFailAndChangeNothing() {
    dataset();
    String uri = dir.toString();
    System.setProperty(OperationMemory.LIMIT_PROPERTY, "1024");
    try (Dataset ds = Dataset.open(uri)) {
      assertThatThrownBy(() -> ds.delete(ds.schema().getFields().get(0).getName() + " >= 0"))
          .isInstanceOf(MemoryLimitException.class).hasMessageContaining("delete from " + uri)
          .hasMessageContaining("limit of 1024 bytes")
          .hasMessageContaining(OperationMemory.LIMIT_PROPERTY)
          .satisfies(e -> assertThat(((MemoryLimitException) e).limitBytes()).isEqualTo(1024))
          .satisfies(e -> assertThat(((MemoryLimitException) e).requestedBytes())
              .isGreaterThan(1024));
      assertThatThrownBy(() -> ds.update(Map.of(ds.schema().getFields().get(0).getName(), "1"),
          null)).isInstanceOf(MemoryLimitException.class).hasMessageContaining("update of " + uri);
      assertThatThrownBy(() -> ds.compact(CompactionOptions.defaults()))
          .isInstanceOf(MemoryLimitException.class)
          .hasMessageContaining("compaction of " + uri);
    }
    System.clearProperty(OperationMemory.LIMIT_PROPERTY);
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(2_050);
      try (Dataset compacted = ds.compact(CompactionOptions.defaults())) {
        assertThat(compacted.countRows()).isEqualTo(2_050);
      }
    }
  }
}
