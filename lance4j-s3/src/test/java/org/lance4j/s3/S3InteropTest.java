package org.lance4j.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.lance.WriteParams;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;
import org.lance4j.storage.StoreRows;

/**
 * lance4j and the official Lance (org.lance:lance-core 7.0.0, Rust behind JNI) on the same bucket
 * of the test S3 server, with the same storage options (Lance's names): each reads what the other
 * wrote. lance-core creates its dataset with file format 2.0 so that lance4j, which writes 2.0
 * files, can append to it.
 */
class S3InteropTest {
  private final S3TestServer server = S3TestServer.get();
  private final StorageOptions opts = server.options();

  /** One batch of {@link Rows} for lance-core's writer (own buffers, as its FFI import needs). */
  private static final class OneBatch extends ArrowReader {
    private final long start;
    private final int count;
    private boolean done;

    OneBatch(BufferAllocator a, long start, int count) {
      super(a);
      this.start = start;
      this.count = count;
    }

    @Override
    public boolean loadNextBatch() throws java.io.IOException {
      if (done) {
        return false;
      }
      done = true;
      StoreRows.fill(getVectorSchemaRoot(), start, count);
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return StoreRows.SCHEMA;
    }
  }

  private static Map<Long, Integer> lanceCoreIds(String uri, Map<String, String> storage,
      BufferAllocator a) throws Exception {
    Map<Long, Integer> seen = new TreeMap<>();
    try (org.lance.Dataset ds = org.lance.Dataset.open(a, uri,
            new org.lance.ReadOptions.Builder().setStorageOptions(storage).build());
        var scanner = ds.newScan(new org.lance.ipc.ScanOptions.Builder().build());
        ArrowReader r = scanner.scanBatches()) {
      while (r.loadNextBatch()) {
        BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < r.getVectorSchemaRoot().getRowCount(); i++) {
          seen.merge(id.get(i), 1, Integer::sum);
        }
      }
    }
    return seen;
  }

  @Test
  void lanceCoreReadsWhatLance4jWroteToTheBucket() throws Exception {
    String uri = "s3://" + server.newBucket() + "/written-by-lance4j";
    CommitOptions commit = CommitOptions.builder().storageOptions(opts).build();
    WriteOptions write = WriteOptions.builder().storageOptions(opts).build();
    try (BufferAllocator a = new RootAllocator()) {
      List<FragmentMetadata> f1;
      List<FragmentMetadata> f2;
      try (VectorSchemaRoot r1 = StoreRows.of(a, 0, 300); VectorSchemaRoot r2 = StoreRows.of(a, 300, 200)) {
        f1 = Fragments.write(uri, r1, write);
        f2 = Fragments.write(uri, r2, write);
      }
      Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, f1), 0, commit);
      Dataset.commit(uri, new Operation.Append(f2), 1, commit);
      Map<Long, Integer> ids = lanceCoreIds(uri, opts.asMap(), a);
      assertThat(ids).hasSize(500);
      assertThat(ids.values()).containsOnly(1);
      try (org.lance.Dataset ds = org.lance.Dataset.open(a, uri,
          new org.lance.ReadOptions.Builder().setStorageOptions(opts.asMap()).build())) {
        assertThat(ds.version()).isEqualTo(2);
      }
    }
  }

  @Test
  void lance4jReadsWhatLanceCoreWroteToTheBucket() throws Exception {
    String uri = "s3://" + server.newBucket() + "/written-by-lance-core";
    try (BufferAllocator a = new RootAllocator()) {
      try (ArrowReader data = new OneBatch(a, 1_000, 400);
          ArrowArrayStream stream = ArrowArrayStream.allocateNew(a)) {
        Data.exportArrayStream(a, data, stream);
        WriteParams params = new WriteParams.Builder().withMaxRowsPerFile(150)
            .withDataStorageVersion("2.0").withStorageOptions(opts.asMap()).build();
        org.lance.Dataset.create(a, stream, uri, params).close();
      }
      try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(opts).build())) {
        assertThat(ds.version()).isEqualTo(1);
        assertThat(ds.fragments()).hasSize(3);
        Map<Long, Integer> ids = StoreRows.scan(ds, a);
        assertThat(ids).hasSize(400);
        assertThat(ids.keySet()).allMatch(id -> id >= 1_000 && id < 1_400);
      }
      // and lance4j appends to the dataset lance-core created; lance-core reads the result
      List<FragmentMetadata> more;
      try (VectorSchemaRoot r = StoreRows.of(a, 5_000, 50)) {
        more = Fragments.write(uri, r, WriteOptions.builder().storageOptions(opts)
            .mode(WriteOptions.Mode.APPEND).build());
      }
      Dataset.commit(uri, new Operation.Append(more), 1,
          CommitOptions.builder().storageOptions(opts).build());
      assertThat(lanceCoreIds(uri, opts.asMap(), a)).hasSize(450);
    }
  }
}
