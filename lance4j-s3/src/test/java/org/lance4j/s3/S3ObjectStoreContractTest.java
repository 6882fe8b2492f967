package org.lance4j.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreContractTest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;

/** The core ObjectStore contract against a real S3 server (S3Proxy on loopback). */
class S3ObjectStoreContractTest extends ObjectStoreContractTest {
  private static String bucket;
  private int n;

  @BeforeAll
  static void server() {
    bucket = S3TestServer.get().newBucket();
  }

  @Override
  protected ObjectStore newStore() {
    // each store under its own prefix of one bucket: prefixes must isolate datasets
    return new S3ObjectStoreProvider().open("s3://" + bucket + "/t" + System.nanoTime() + "-"
        + (n++) + "/ds", S3TestServer.get().options());
  }

  @Override
  protected int largeObjectBytes() {
    return 20 << 20; // a multipart upload: two full 8 MiB parts and a short last one
  }

  @Test
  void readRangesMergesNearbyRangesAndFetchesFarOnesInParallel() throws Exception {
    ObjectStore s = newStore();
    byte[] data = new byte[3 << 20];
    new java.util.Random(7).nextBytes(data);
    s.put("data/f.lance", data);
    List<ObjectStore.Range> ranges = List.of(new ObjectStore.Range(2 << 20, 100),
        new ObjectStore.Range(10, 10), new ObjectStore.Range(1_000, 50_000), // one GET
        new ObjectStore.Range(1 << 20, 4096), new ObjectStore.Range((1 << 20) + 8192, 10),
        new ObjectStore.Range((3 << 20) - 1, 1));
    long before = s.stats().readRequests();
    List<java.nio.ByteBuffer> got = s.readRanges("data/f.lance", ranges);
    assertThat(s.stats().readRequests() - before).as("GETs for 4 groups of ranges")
        .isEqualTo(4);
    for (int i = 0; i < ranges.size(); i++) {
      ObjectStore.Range r = ranges.get(i);
      byte[] b = new byte[r.length()];
      got.get(i).duplicate().get(b);
      assertThat(b).isEqualTo(java.util.Arrays.copyOfRange(data, (int) r.offset(),
          (int) r.offset() + r.length()));
    }
  }

  @Test
  void rootNamesTheBucketAndPrefix() throws Exception {
    ObjectStore s = new S3ObjectStoreProvider().open("s3://" + bucket + "/a/b/",
        S3TestServer.get().options());
    assertThat(s.root()).isEqualTo("s3://" + bucket + "/a/b");
    s.put("x", new byte[] {1});
    assertThat(S3TestServer.get().client().headObject(h -> h.bucket(bucket).key("a/b/x"))
        .contentLength()).isEqualTo(1);
  }

  @Test
  void failedStreamLeavesNoObjectAndNoUpload() throws Exception {
    S3ObjectStore s = (S3ObjectStore) newStore();
    OutputStream out = s.create("data/broken.lance");
    out.write(new byte[9 << 20]); // one part sent
    // the upload is aborted under the stream: the rest fails, and the stream says so
    S3TestServer.get().client().abortMultipartUpload(b -> b.bucket(bucket)
        .key(s.key("data/broken.lance")).uploadId(uploads(s).get(0)));
    org.assertj.core.api.Assertions.assertThatThrownBy(out::close)
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("data/broken.lance");
    assertThat(s.exists("data/broken.lance")).isFalse();
    assertThat(uploads(s)).isEmpty();
  }

  private static List<String> uploads(S3ObjectStore s) {
    ListMultipartUploadsResponse r = S3TestServer.get().client()
        .listMultipartUploads(b -> b.bucket(bucket));
    return r.uploads().stream().filter(u -> u.key().startsWith(s.key("")))
        .map(u -> u.uploadId()).toList();
  }
}
