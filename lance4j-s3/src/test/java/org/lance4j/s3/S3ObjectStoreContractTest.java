package org.lance4j.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.RemoteObjectStoreContractTest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;

/** The core ObjectStore contract against a real S3 server (S3Proxy on loopback). */
class S3ObjectStoreContractTest extends RemoteObjectStoreContractTest {
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

  @Test
  void aMultipartUploadWithSeveralPartsInFlightKeepsThePartsInOrder() throws Exception {
    ObjectStore s = new S3ObjectStoreProvider().open("s3://" + bucket + "/mp" + System.nanoTime(),
        S3TestServer.get().options().with("lance4j.s3.part_size", "5MiB")
            .with("lance4j.s3.upload_concurrency", "3"));
    byte[] data = new byte[(23 << 20) + 123]; // 4 full parts in flight 3 at a time, a short last
    new java.util.Random(5).nextBytes(data);
    try (OutputStream out = s.create("data/big.lance")) {
      for (int at = 0; at < data.length; ) {
        int n = Math.min(data.length - at, 777_777);
        out.write(data, at, n);
        at += n;
      }
    }
    byte[] back = new byte[data.length];
    s.readAll("data/big.lance").get(back);
    assertThat(back).isEqualTo(data);
  }

  private static List<String> uploads(S3ObjectStore s) {
    ListMultipartUploadsResponse r = S3TestServer.get().client()
        .listMultipartUploads(b -> b.bucket(bucket));
    return r.uploads().stream().filter(u -> u.key().startsWith(s.key("")))
        .map(u -> u.uploadId()).toList();
  }
}
