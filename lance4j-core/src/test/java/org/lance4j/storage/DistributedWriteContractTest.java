package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The distributed write over an object store through the public API only (each provider module
 * runs it against its server: S3Proxy, Azurite, the GCS stub): workers write fragments on
 * several threads, one coordinator commits them (Overwrite, then Append), readers open and scan.
 */
public abstract class DistributedWriteContractTest {
  private StorageOptions opts;

  /** A URI under a fresh, empty bucket or container, ending in {@code path}. */
  protected abstract String newUri(String path);

  /** Storage options that reach the test server. */
  protected abstract StorageOptions options();

  /** The provider's store at {@code uri}, to look at what was written. */
  protected abstract ObjectStore open(String uri, StorageOptions options) throws Exception;

  /** {@code options} with uploads split into parts (blocks, chunks) of a few MiB. */
  protected abstract StorageOptions smallParts(StorageOptions options);

  @org.junit.jupiter.api.BeforeEach
  void resolveOptions() {
    opts = options();
  }

  private List<FragmentMetadata> writeOnWorkers(String uri, int workers, int rowsEach,
      long firstId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (BufferAllocator a = new RootAllocator()) {
      List<Future<List<FragmentMetadata>>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        long start = firstId + (long) w * rowsEach;
        results.add(pool.submit(() -> {
          try (BufferAllocator child = a.newChildAllocator("worker", 0, Long.MAX_VALUE);
              VectorSchemaRoot rows = StoreRows.of(child, start, rowsEach)) {
            return Fragments.write(uri, rows, WriteOptions.builder().storageOptions(opts)
                .maxRowsPerFile(Math.max(1, rowsEach / 2)).build());
          }
        }));
      }
      List<FragmentMetadata> all = new ArrayList<>();
      for (Future<List<FragmentMetadata>> f : results) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void workersWriteFragmentsCoordinatorCommitsReadersScan() throws Exception {
    String uri = newUri("tables/events");
    CommitOptions commit = CommitOptions.builder().storageOptions(opts).build();

    List<FragmentMetadata> first = writeOnWorkers(uri, 4, 5_000, 0);
    assertThat(first).hasSize(8); // two files per worker
    Dataset v1 = Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, first), 0, commit);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.countRows()).isEqualTo(20_000);

    List<FragmentMetadata> more = writeOnWorkers(uri, 3, 2_000, 20_000);
    Dataset v2 = Dataset.commit(uri, new Operation.Append(more), 1, commit);
    assertThat(v2.version()).isEqualTo(2);

    OpenOptions open = OpenOptions.builder().storageOptions(opts).build();
    try (Dataset ds = Dataset.open(uri, open); BufferAllocator a = new RootAllocator()) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(26_000);
      Map<Long, Integer> ids = StoreRows.scan(ds, a);
      assertThat(ids).hasSize(26_000);
      assertThat(ids.values()).containsOnly(1);
      assertThat(ids.keySet()).first().isEqualTo(0L);
      assertThat(((java.util.TreeMap<Long, Integer>) ids).lastKey()).isEqualTo(25_999L);
      assertThat(ds.storageStats().readRequests()).isPositive();
    }
    // time travel reads version 1 from the same bucket
    try (Dataset old = Dataset.open(uri, OpenOptions.builder().version(1).storageOptions(opts)
        .build())) {
      assertThat(old.countRows()).isEqualTo(20_000);
    }
    // the layout Lance expects under the prefix
    try (ObjectStore s = open(uri, opts)) {
      assertThat(s.list("_versions")).contains(StoreRows.manifest(1), StoreRows.manifest(2));
      assertThat(s.list("data")).hasSize(14).allMatch(n -> n.endsWith(".lance"));
      assertThat(s.list("_transactions")).hasSize(2);
    }
  }

  @Test
  public void largeDataFileGoesUpInPartsAndReadsBack() throws Exception {
    String uri = newUri("big");
    // ~ 12 MB of data in one file: more than two parts (file format 2.0, uncompressed, so the
    // size does not depend on the encodings the 2.2 default would choose for these rows)
    StorageOptions small = smallParts(opts);
    List<FragmentMetadata> frags;
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot rows = StoreRows.of(a, 0, 600_000)) {
      frags = Fragments.write(uri, rows, WriteOptions.builder().storageOptions(small)
          .dataStorageVersion("2.0").build());
    }
    assertThat(frags).hasSize(1);
    try (ObjectStore s = open(uri, small)) {
      String file = "data/" + frags.get(0).files().get(0).path();
      assertThat(s.size(file)).isGreaterThan(10L << 20);
    }
    Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, frags), 0,
        CommitOptions.builder().storageOptions(opts).build());
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(opts).build());
        BufferAllocator a = new RootAllocator()) {
      Map<Long, Integer> ids = StoreRows.scan(ds, a);
      assertThat(ids).hasSize(600_000);
    }
  }

  @Test
  public void anEmptyPrefixIsNoDataset() {
    String uri = newUri("none");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dataset.open(uri,
        OpenOptions.builder().storageOptions(opts).build()))
        .isInstanceOf(org.lance4j.DatasetNotFoundException.class);
  }
}
