package org.lance4j.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceIOException;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.StorageOptions;
import org.lance4j.StorageStats;
import org.lance4j.WriteOptions;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;
import org.lance4j.storage.DroppingProxy;
import org.lance4j.storage.StoreRows;

/**
 * Faults between lance4j and S3, through the public API: a store that loses the answer of a
 * put-if-absent after S3 wrote the object (reported UNKNOWN: the commit reads the manifest back),
 * 503s on the conditional PUT (retried by the SDK; when they do not stop, the commit fails
 * with a clear error and nothing is lost), and a slow store with a short socket timeout: reads
 * that time out on every attempt fail with a LanceIOException naming the file (the next read
 * returns every row), and a manifest PUT held past the timeout (the client gives up and retries,
 * the held write still lands) commits exactly once.
 */
class S3FaultInjectionTest {
  private static DroppingProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    proxy = new DroppingProxy(S3TestServer.get().endpoint());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  /**
   * {@code s3lost://bucket/prefix}: the S3 store, except that the next {@link #DROP} answers of
   * putIfAbsent are lost after the inner store wrote (UNKNOWN). Registered in this module's test
   * resources.
   */
  public static final class LostAnswerProvider implements ObjectStoreProvider {
    static final AtomicInteger DROP = new AtomicInteger();
    static final AtomicInteger PUTS = new AtomicInteger();

    @Override
    public Set<String> schemes() {
      return Set.of("s3lost");
    }

    @Override
    public ObjectStore open(String uri, StorageOptions options) {
      ObjectStore inner = new S3ObjectStoreProvider().open("s3" + uri.substring(6), options);
      return new ObjectStore() {
        @Override
        public String root() {
          return inner.root();
        }

        @Override
        public StorageStats stats() {
          return inner.stats();
        }

        @Override
        public long size(String path) throws IOException {
          return inner.size(path);
        }

        @Override
        public boolean exists(String path) throws IOException {
          return inner.exists(path);
        }

        @Override
        public ByteBuffer read(String path, long offset, int length) throws IOException {
          return inner.read(path, offset, length);
        }

        @Override
        public List<ByteBuffer> readRanges(String path, List<Range> ranges) throws IOException {
          return inner.readRanges(path, ranges);
        }

        @Override
        public OutputStream create(String path) throws IOException {
          return inner.create(path);
        }

        @Override
        public void put(String path, byte[] data) throws IOException {
          inner.put(path, data);
        }

        @Override
        public PutResult putIfAbsent(String path, byte[] data) throws IOException {
          PUTS.incrementAndGet();
          PutResult r = inner.putIfAbsent(path, data);
          return DROP.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? PutResult.UNKNOWN : r;
        }

        @Override
        public List<String> list(String dir) throws IOException {
          return inner.list(dir);
        }

        @Override
        public List<ObjectInfo> listWithInfo(String dir) throws IOException {
          return inner.listWithInfo(dir);
        }

        @Override
        public List<ObjectInfo> listFrom(String dir, String startAfter, int limit)
            throws IOException {
          return inner.listFrom(dir, startAfter, limit);
        }

        @Override
        public void delete(String path) throws IOException {
          inner.delete(path);
        }

        @Override
        public void close() throws IOException {
          inner.close();
        }
      };
    }
  }

  private static List<FragmentMetadata> write(String uri, StorageOptions opts, long start,
      int n) {
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot r = StoreRows.of(a, start, n)) {
      return Fragments.write(uri, r, WriteOptions.builder().storageOptions(opts).build());
    }
  }

  private static List<String> manifests(String uri, StorageOptions opts) throws IOException {
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, opts)) {
      return s.list("_versions").stream().filter(n -> n.endsWith(".manifest")).sorted().toList();
    }
  }

  @Test
  void storeLosesTheAnswerAfterTheWriteAndTheCommitLandsOnce() throws Exception {
    StorageOptions opts = S3TestServer.get().options();
    String bucket = S3TestServer.get().newBucket();
    String uri = "s3://" + bucket + "/ds";
    String lost = "s3lost://" + bucket + "/ds";
    CommitOptions commit = CommitOptions.builder().storageOptions(opts).build();
    List<FragmentMetadata> f1 = write(uri, opts, 0, 40);
    List<FragmentMetadata> f2 = write(uri, opts, 40, 60);
    int puts = LostAnswerProvider.PUTS.get();
    LostAnswerProvider.DROP.set(1);
    assertThat(Dataset.commit(lost, new Operation.Overwrite(StoreRows.SCHEMA, f1), 0, commit)
        .version()).isEqualTo(1);
    LostAnswerProvider.DROP.set(1);
    assertThat(Dataset.commit(lost, new Operation.Append(f2), 1, commit).version()).isEqualTo(2);
    assertThat(LostAnswerProvider.PUTS.get() - puts).as("settled by reading back").isEqualTo(2);
    assertThat(manifests(uri, opts)).containsExactlyInAnyOrder(StoreRows.manifest(1), StoreRows.manifest(2));
    assertEveryIdOnce(uri, opts, 100);
  }

  /** The latest version holds ids 0..n-1, each exactly once; returns that version. */
  private static long assertEveryIdOnce(String uri, StorageOptions opts, int n) throws Exception {
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(opts).build());
        BufferAllocator a = new RootAllocator()) {
      Map<Long, Integer> ids = StoreRows.scan(ds, a);
      assertThat(ids).hasSize(n);
      assertThat(ids.values()).containsOnly(1);
      assertThat(ids.keySet()).allMatch(id -> id >= 0 && id < n);
      return ds.version();
    }
  }

  @Test
  void a503OnTheConditionalPutIsRetriedAndLandsOnce() throws Exception {
    StorageOptions direct = S3TestServer.get().options();
    StorageOptions viaProxy = S3TestServer.options(proxy.endpoint());
    String uri = "s3://" + S3TestServer.get().newBucket() + "/ds";
    List<FragmentMetadata> f1 = write(uri, direct, 0, 10);
    int refused = proxy.refused();
    proxy.refuseNextConditionalPuts(1, "/_versions/" + StoreRows.manifest(1));
    Dataset v1 = Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, f1), 0,
        CommitOptions.builder().storageOptions(viaProxy).build());
    assertThat(v1.version()).isEqualTo(1);
    assertThat(proxy.refused() - refused).isEqualTo(1);
    assertThat(manifests(uri, direct)).containsExactly(StoreRows.manifest(1));
  }

  @Test
  void persistent503sFailTheCommitClearlyAndLoseNothing() throws Exception {
    StorageOptions direct = S3TestServer.get().options();
    StorageOptions viaProxy = S3TestServer.options(proxy.endpoint())
        .with("lance4j.s3.max_attempts", "1"); // no SDK retries: keep the test short
    String uri = "s3://" + S3TestServer.get().newBucket() + "/ds";
    List<FragmentMetadata> f1 = write(uri, direct, 0, 10);
    List<FragmentMetadata> f2 = write(uri, direct, 10, 5);
    Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, f1), 0,
        CommitOptions.builder().storageOptions(direct).build());
    int refused = proxy.refused();
    proxy.refuseNextConditionalPuts(100, "/_versions/" + StoreRows.manifest(2));
    try {
      assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(f2), 1,
          CommitOptions.builder().storageOptions(viaProxy).build()))
          .isInstanceOf(LanceIOException.class)
          .hasMessageContaining("_versions/" + StoreRows.manifest(2));
    } finally {
      proxy.refuseNextConditionalPuts(0, "");
    }
    // the first put and one more after each of three read-backs found nothing
    assertThat(proxy.refused() - refused).isEqualTo(4);
    assertThat(manifests(uri, direct)).containsExactly(StoreRows.manifest(1));
    // the data files are still there: the same fragments commit once the store answers again
    Dataset v2 = Dataset.commit(uri, new Operation.Append(f2), 1,
        CommitOptions.builder().storageOptions(viaProxy).build());
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.countRows()).isEqualTo(15);
  }

  @AfterEach
  void fast() {
    proxy.slowNextRequests(0, "", 0);
  }

  /** Through the proxy, a 1 s socket timeout and {@code attempts} attempts per request. */
  private static StorageOptions slowPath(int attempts) {
    return S3TestServer.options(proxy.endpoint()).with("timeout", "1s")
        .with("lance4j.s3.max_attempts", String.valueOf(attempts));
  }

  @Test
  void readsThatTimeOutFailTypedNamingTheFileAndLoseNothing() throws Exception {
    StorageOptions direct = S3TestServer.get().options();
    String uri = "s3://" + S3TestServer.get().newBucket() + "/ds";
    Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, write(uri, direct, 0, 500)), 0,
        CommitOptions.builder().storageOptions(direct).build());
    StorageOptions slow = slowPath(2);
    proxy.slowNextRequests(100, ".lance", 2_500);
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(slow).build());
        BufferAllocator a = new RootAllocator()) {
      assertThat(ds.countRows()).isEqualTo(500); // the manifest was not slowed
      assertThatThrownBy(() -> StoreRows.scan(ds, a)).isInstanceOf(LanceIOException.class)
          .hasMessageContaining(".lance");
      assertThat(proxy.slowed()).isGreaterThanOrEqualTo(2); // both attempts timed out
    }
    proxy.slowNextRequests(0, "", 0);
    assertEveryIdOnce(uri, slow, 500);
  }

  @Test
  void aManifestPutHeldPastTheTimeoutStillCommitsExactlyOnce() throws Exception {
    StorageOptions direct = S3TestServer.get().options();
    String uri = "s3://" + S3TestServer.get().newBucket() + "/ds";
    Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, write(uri, direct, 0, 30)), 0,
        CommitOptions.builder().storageOptions(direct).build());
    List<FragmentMetadata> more = write(uri, direct, 30, 20);
    int before = proxy.slowed();
    // the first attempt is held 2.5 s: the client gives up after 1 s and retries; the held PUT
    // reaches S3 meanwhile or after, so the retry (or the read-back) finds the object
    proxy.slowNextRequests(1, "/_versions/" + StoreRows.manifest(2), 2_500);
    Dataset v2 = Dataset.commit(uri, new Operation.Append(more), 1,
        CommitOptions.builder().storageOptions(slowPath(3)).build());
    assertThat(v2.version()).isEqualTo(2);
    assertThat(proxy.slowed() - before).isEqualTo(1);
    Thread.sleep(2_000); // let the held request finish before looking
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, direct)) {
      assertThat(s.list("_versions").stream().filter(n -> n.endsWith(".manifest")))
          .containsExactlyInAnyOrder(StoreRows.manifest(1), StoreRows.manifest(2));
    }
    assertThat(assertEveryIdOnce(uri, direct, 50)).isEqualTo(2);
  }
}
