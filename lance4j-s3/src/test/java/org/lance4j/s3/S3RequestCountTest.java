package org.lance4j.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.Fragments;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;
import org.lance4j.storage.DroppingProxy;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.StoreRows;

/**
 * Request economy on a real S3 server, counted by a TCP proxy in front of S3Proxy: opening the
 * latest version with the version hint present costs the same few requests whatever the number
 * of versions (the hint, one listing of one name from a start key, one probe of the other
 * naming, the manifest), and a stale hint still finds the newest version with no more requests.
 */
class S3RequestCountTest {
  private static DroppingProxy proxy;
  private static StorageOptions counted;
  private final S3TestServer server = S3TestServer.get();

  @BeforeAll
  static void start() throws Exception {
    proxy = new DroppingProxy(S3TestServer.get().endpoint());
    counted = S3TestServer.options(proxy.endpoint());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  /** A dataset of 50 rows at version 1, then config commits up to {@code versions}. */
  private String dataset(int versions) throws Exception {
    String uri = "s3://" + server.newBucket() + "/ds";
    StorageOptions direct = server.options();
    CommitOptions commit = CommitOptions.builder().storageOptions(direct).build();
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot r = StoreRows.of(a, 0, 50)) {
      Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, Fragments.write(uri, r,
          WriteOptions.builder().storageOptions(direct).build())), 0, commit).close();
    }
    for (long v = 2; v <= versions; v++) {
      Dataset.commit(uri, new Operation.UpdateConfig(Map.of("v", Long.toString(v)), List.of()),
          v - 1, commit).close();
    }
    org.lance4j.storage.HintWrites.awaitProcess(10_000); // the last commit's hint has landed
    return uri;
  }

  private static Map<String, Long> openCounted(String uri, long expectVersion) {
    proxy.resetCounts();
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(counted).build())) {
      assertThat(ds.version()).isEqualTo(expectVersion);
      assertThat(ds.countRows()).isEqualTo(50);
    }
    return proxy.requestCounts();
  }

  @Test
  void openingTheLatestCostsTheSameFewRequestsForTwoOrThirtyVersions() throws Exception {
    String few = dataset(2);
    String many = dataset(30);
    Map<String, Long> a = openCounted(few, 2);
    Map<String, Long> b = openCounted(many, 30);
    // the hint (GET), the newest V2 name from a start key (LIST), the V1 name after it (HEAD),
    // the manifest (GET, its size known from the listing)
    assertThat(a).as("requests opening 2 versions").isEqualTo(
        Map.of("GET", 2L, "LIST", 1L, "HEAD", 1L));
    assertThat(b).as("requests opening 30 versions").isEqualTo(a);
  }

  @Test
  void aStaleHintStillFindsTheNewestVersionInTheSameRequests() throws Exception {
    String uri = dataset(12);
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, server.options())) {
      // a committer that crashed before updating the hint, ten commits ago
      s.put("_versions/latest_version_hint.json",
          "{\"version\":2}".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(openCounted(uri, 12)).isEqualTo(Map.of("GET", 2L, "LIST", 1L, "HEAD", 1L));
  }

  @Test
  void aMissingHintFallsBackToTheListing() throws Exception {
    String uri = dataset(3);
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, server.options())) {
      s.delete("_versions/latest_version_hint.json");
    }
    Map<String, Long> c = openCounted(uri, 3);
    assertThat(c.get("LIST")).isEqualTo(1L);
  }

  @Test
  void anAppendCommitCostsOneListingTwoReadsAndThreeWritesNoHead() throws Exception {
    String uri = dataset(2);
    StorageOptions direct = server.options();
    List<org.lance4j.FragmentMetadata> frags;
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot r = StoreRows.of(a, 50, 10)) {
      frags = Fragments.write(uri, r, WriteOptions.builder().storageOptions(direct).build());
    }
    proxy.resetCounts();
    Dataset.commit(uri, new Operation.Append(frags), 2,
        CommitOptions.builder().storageOptions(counted).build()).close();
    // the hint is written in the background (the commit returns once its manifest landed)
    org.lance4j.storage.HintWrites.awaitProcess(10_000);
    // LIST _versions/; GET the latest manifest (whole, no HEAD for its size) and the new data
    // file's footer (schema check, requested alongside the listing); PUT the transaction, the
    // manifest (If-None-Match) and the hint
    assertThat(proxy.requestCounts()).isEqualTo(Map.of("LIST", 1L, "GET", 2L, "PUT", 3L));
    try (ObjectStore s = new S3ObjectStoreProvider().open(uri, server.options())) {
      java.nio.ByteBuffer hint = s.readAll("_versions/latest_version_hint.json");
      byte[] b = new byte[hint.remaining()];
      hint.duplicate().get(b);
      assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"version\":3}");
    }
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(direct).build())) {
      assertThat(ds.version()).isEqualTo(3);
      assertThat(ds.countRows()).isEqualTo(60);
    }
  }

  /** A 2.2 dataset of {@code rows} rows of {@link StoreRows} in a new bucket, written directly. */
  private String millionRows(String name, int rows) throws Exception {
    String uri = "s3://" + server.newBucket() + "/" + name;
    StorageOptions direct = server.options();
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot r = StoreRows.of(a, 0, rows)) {
      Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, Fragments.write(uri, r,
          WriteOptions.builder().storageOptions(direct).dataStorageVersion("2.2").build())), 0,
          CommitOptions.builder().storageOptions(direct).build()).close();
    }
    org.lance4j.storage.HintWrites.awaitProcess(10_000); // the commit's hint has landed
    return uri;
  }

  /**
   * Uploads are plain signed bodies, not aws-chunked streams: the parts of a multipart upload, a
   * single PUT and a conditional PUT go up with their length and payload hash (over http; unsigned
   * over https), and read back equal. (aws-chunked signing costs a signature per 128 KiB chunk on
   * both ends, and some S3-compatible servers refuse it.)
   */
  @Test
  void uploadsAreNotAwsChunked() throws Exception {
    String bucket = server.newBucket();
    ObjectStore s = new S3ObjectStoreProvider().open("s3://" + bucket + "/plain",
        counted.with("lance4j.s3.part_size", "5MiB"));
    byte[] data = new byte[(11 << 20) + 5]; // two full parts and a short last one
    new java.util.Random(9).nextBytes(data);
    byte[] small = "a manifest".getBytes(StandardCharsets.UTF_8);
    int before = proxy.awsChunkedBodies();
    proxy.resetCounts();
    try (java.io.OutputStream out = s.create("data/big.lance")) {
      out.write(data);
    }
    s.put("data/small.lance", small);
    assertThat(s.putIfAbsent("_versions/1.manifest", small))
        .isEqualTo(ObjectStore.PutResult.CREATED);
    Map<String, Long> c = proxy.requestCounts();
    assertThat(c.get("PUT")).as("3 parts, a PUT and a conditional PUT; requests %s", c)
        .isEqualTo(5L);
    assertThat(proxy.awsChunkedBodies() - before).as("aws-chunked bodies, requests %s", c)
        .isZero();
    byte[] back = new byte[data.length];
    s.readAll("data/big.lance").get(back);
    assertThat(back).isEqualTo(data);
    assertThat(s.readAll("data/small.lance")).isEqualTo(java.nio.ByteBuffer.wrap(small));
    s.close();
  }

  @Test
  void aFullScanReadsEachColumnInAFewGrowingRequestsNotChunkByChunk() throws Exception {
    int rows = 1_000_000;
    String uri = millionRows("scan", rows);
    proxy.resetCounts();
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(counted).build())) {
      long seen = 0;
      try (org.apache.arrow.vector.ipc.ArrowReader reader = ds.scan(a)) {
        while (reader.loadNextBatch()) {
          seen += reader.getVectorSchemaRoot().getRowCount();
        }
      }
      assertThat(seen).isEqualTo(rows);
    }
    Map<String, Long> c = proxy.requestCounts();
    // measured: 37 GETs without read-ahead (each column's chunk runs read one by one), 16 with
    // it (open, footer and column metadata, then per column two reads and growing windows), 19
    // with the windows requested ahead in the background (more, smaller requests in flight), 5
    // with the scan's prefetch plan (footer and column metadata, then the projected columns'
    // pages coalesced into requests of up to 8 MiB, kept in flight)
    assertThat(c.get("GET")).as("GETs scanning %d rows, all requests %s", rows, c)
        .isLessThanOrEqualTo(8L);
    // the open's probe of the other manifest naming only: data files' range readers take their
    // size from the manifest (openRangeReader(path, knownSize)), not from a HEAD each
    assertThat(c.get("HEAD")).as("HEADs scanning, all requests %s", c).isEqualTo(1L);
    System.out.println("S3RequestCountTest scan of " + rows + " rows: " + c);
  }

  @Test
  void aTakeOfScatteredRowsMergesItsReadsIntoFewGets() throws Exception {
    int rows = 1_000_000;
    String uri = millionRows("take", rows);
    long[] idx = new java.util.Random(5).longs(200, 0, rows).sorted().toArray();
    proxy.resetCounts();
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(counted).build());
        VectorSchemaRoot got = ds.take(idx, List.of("id", "name"), a)) {
      assertThat(got.getRowCount()).isEqualTo(200);
      for (int i = 0; i < 200; i++) {
        assertThat(((org.apache.arrow.vector.BigIntVector) got.getVector("id")).get(i))
            .isEqualTo(idx[i]);
      }
    }
    Map<String, Long> c = proxy.requestCounts();
    // measured 12 (15 before data files' sizes came from the manifest): the take reads each
    // fragment's rows in one pass and hands the chunk ranges to the store at once, which merges
    // nearby ones (a read per row and column was >= 400)
    assertThat(c.get("GET")).as("GETs taking 200 rows of 2 columns, all requests %s", c)
        .isLessThanOrEqualTo(20L);
    assertThat(c.get("HEAD")).as("HEADs taking, all requests %s", c).isEqualTo(1L);
    System.out.println("S3RequestCountTest take of 200 rows: " + c);
  }
}
