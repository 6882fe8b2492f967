package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;

/**
 * 8 writers commit Appends at once to one dataset of an object store: exactly one wins each
 * version, nothing is lost. Each provider module's test subclasses it with its server.
 */
public abstract class CommitRaceContractTest {
  private static final int WRITERS = 8;
  private static final int ROWS = 100;

  /** Storage options that reach the test server. */
  protected abstract StorageOptions options();

  /** The URI of a new dataset {@code name} in a fresh bucket or container. */
  protected abstract String newDatasetUri(String name);

  /** The provider's store on {@code uri}. */
  protected abstract ObjectStore open(String uri, StorageOptions options) throws Exception;

  @Test
  public void eightRacingAppendsTakeEightDistinctVersionsAndLoseNothing() throws Exception {
    StorageOptions opts = options();
    String uri = newDatasetUri("race");
    CommitOptions commit = CommitOptions.builder().storageOptions(opts).maxAttempts(50).build();
    WriteOptions write = WriteOptions.builder().storageOptions(opts).build();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot base = StoreRows.of(a, 1_000_000, ROWS)) {
        Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA,
            Fragments.write(uri, base, write)), 0, commit);
      }
      List<List<FragmentMetadata>> frags = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        try (VectorSchemaRoot rows = StoreRows.of(a, (long) w * ROWS, ROWS)) {
          frags.add(Fragments.write(uri, rows, write));
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      CyclicBarrier start = new CyclicBarrier(WRITERS);
      List<Future<Long>> versions = new ArrayList<>();
      try {
        for (int w = 0; w < WRITERS; w++) {
          List<FragmentMetadata> mine = frags.get(w);
          versions.add(pool.submit(() -> {
            start.await();
            return Dataset.commit(uri, new Operation.Append(mine), 1, commit).version();
          }));
        }
        TreeSet<Long> won = new TreeSet<>();
        for (Future<Long> f : versions) {
          assertThat(won.add(f.get())).as("a version won twice").isTrue();
        }
        assertThat(won).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      } finally {
        pool.shutdownNow();
      }
      OpenOptions open = OpenOptions.builder().storageOptions(opts).build();
      try (Dataset ds = Dataset.open(uri, open)) {
        assertThat(ds.version()).isEqualTo(9);
        Map<Long, Integer> ids = StoreRows.scan(ds, a);
        assertThat(ids).hasSize((WRITERS + 1) * ROWS);
        assertThat(ids.values()).containsOnly(1); // every append landed exactly once
      }
      // each version added exactly one writer's fragment on top of the one before
      for (long v = 2; v <= 9; v++) {
        try (Dataset ds = Dataset.open(uri, OpenOptions.builder().version(v)
            .storageOptions(opts).build())) {
          assertThat(ds.fragments()).hasSize((int) v);
        }
      }
      try (ObjectStore s = open(uri, opts)) {
        assertThat(s.list("_versions").stream().filter(n -> n.endsWith(".manifest")))
            .hasSize(9);
      }
    }
  }
}
