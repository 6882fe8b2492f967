package org.lance4j.s3;

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
import org.lance4j.storage.ObjectStore;

/**
 * The distributed write over s3:// through the public API only: workers write fragments on
 * several threads, one coordinator commits them (Overwrite, then Append), readers open and scan.
 */
class S3DistributedWriteTest {
  private final S3TestServer server = S3TestServer.get();
  private final StorageOptions opts = server.options();

  private List<FragmentMetadata> writeOnWorkers(String uri, int workers, int rowsEach,
      long firstId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (BufferAllocator a = new RootAllocator()) {
      List<Future<List<FragmentMetadata>>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        long start = firstId + (long) w * rowsEach;
        results.add(pool.submit(() -> {
          try (BufferAllocator child = a.newChildAllocator("worker", 0, Long.MAX_VALUE);
              VectorSchemaRoot rows = Rows.of(child, start, rowsEach)) {
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
  void workersWriteFragmentsCoordinatorCommitsReadersScan() throws Exception {
    String uri = "s3://" + server.newBucket() + "/tables/events";
    CommitOptions commit = CommitOptions.builder().storageOptions(opts).build();

    List<FragmentMetadata> first = writeOnWorkers(uri, 4, 5_000, 0);
    assertThat(first).hasSize(8); // two files per worker
    Dataset v1 = Dataset.commit(uri, new Operation.Overwrite(Rows.SCHEMA, first), 0, commit);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.countRows()).isEqualTo(20_000);

    List<FragmentMetadata> more = writeOnWorkers(uri, 3, 2_000, 20_000);
    Dataset v2 = Dataset.commit(uri, new Operation.Append(more), 1, commit);
    assertThat(v2.version()).isEqualTo(2);

    OpenOptions open = OpenOptions.builder().storageOptions(opts).build();
    try (Dataset ds = Dataset.open(uri, open); BufferAllocator a = new RootAllocator()) {
      assertThat(ds.version()).isEqualTo(2);
      assertThat(ds.countRows()).isEqualTo(26_000);
      Map<Long, Integer> ids = Rows.scan(ds, a);
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
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, opts)) {
      assertThat(s.list("_versions")).contains(Rows.manifest(1), Rows.manifest(2));
      assertThat(s.list("data")).hasSize(14).allMatch(n -> n.endsWith(".lance"));
      assertThat(s.list("_transactions")).hasSize(2);
    }
  }

  @Test
  void largeDataFileGoesUpInPartsAndReadsBack() throws Exception {
    String uri = "s3://" + server.newBucket() + "/big";
    // ~ 12 MB of data in one file: more than one 5 MiB part
    StorageOptions small = opts.with("lance4j.s3.part_size", "5MiB");
    List<FragmentMetadata> frags;
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot rows = Rows.of(a, 0, 600_000)) {
      frags = Fragments.write(uri, rows, WriteOptions.builder().storageOptions(small).build());
    }
    assertThat(frags).hasSize(1);
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, small)) {
      String file = "data/" + frags.get(0).files().get(0).path();
      assertThat(s.size(file)).isGreaterThan(10L << 20);
    }
    Dataset.commit(uri, new Operation.Overwrite(Rows.SCHEMA, frags), 0,
        CommitOptions.builder().storageOptions(opts).build());
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(opts).build());
        BufferAllocator a = new RootAllocator()) {
      Map<Long, Integer> ids = Rows.scan(ds, a);
      assertThat(ids).hasSize(600_000);
    }
  }

  @Test
  void anEmptyPrefixIsNoDataset() {
    String uri = "s3://" + server.newBucket() + "/none";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dataset.open(uri,
        OpenOptions.builder().storageOptions(opts).build()))
        .isInstanceOf(org.lance4j.DatasetNotFoundException.class);
  }
}
