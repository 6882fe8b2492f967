package org.lance4j.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStore.PutResult;

/**
 * What lance4j-gcs sends, recorded by the JSON API stub: putIfAbsent's upload carries
 * ifGenerationMatch=0 and the writer token; a 412 is read back before it is called a conflict;
 * an answer lost after the write (a 503 for a stored object) is retried and settled as CREATED;
 * reads are single ranged media GETs; listings are one level and paginated.
 */
class GcsRequestShapeTest {
  private static GcsStubServer stub;

  @BeforeAll
  static void start() throws Exception {
    stub = new GcsStubServer();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  private static ObjectStore store(String prefix) throws Exception {
    return new GcsObjectStoreProvider().open("gs://bkt/" + prefix, stub.options());
  }

  private static List<GcsStubServer.Request> since(int mark) {
    List<GcsStubServer.Request> all = stub.requests();
    return all.subList(mark, all.size());
  }

  @Test
  void putIfAbsentSendsIfGenerationMatchZeroAndAWriterToken() throws Exception {
    ObjectStore s = store("p1");
    int mark = stub.requests().size();
    assertThat(s.putIfAbsent("_versions/1.manifest", "mine".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PutResult.CREATED);
    List<GcsStubServer.Request> sent = since(mark);
    assertThat(sent).hasSize(1);
    GcsStubServer.Request put = sent.get(0);
    assertThat(put.method()).isEqualTo("POST");
    assertThat(put.path()).isEqualTo("/upload/storage/v1/b/bkt/o");
    assertThat(put.query()).containsEntry("ifGenerationMatch", "0")
        .containsEntry("uploadType", "multipart");

    // someone else's object: 412, read back (metadata), another token: a conflict
    mark = stub.requests().size();
    assertThat(s.putIfAbsent("_versions/1.manifest", "mine".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PutResult.ALREADY_EXISTS);
    sent = since(mark);
    assertThat(sent.get(0).query()).containsEntry("ifGenerationMatch", "0");
    assertThat(sent).extracting(GcsStubServer.Request::method).containsExactly("POST", "GET");
    assertThat(sent.get(1).path()).isEqualTo("/storage/v1/b/bkt/o/p1/_versions/1.manifest");
  }

  @Test
  void anAnswerLostAfterTheWriteIsRetriedAndSettledAsCreated() throws Exception {
    ObjectStore s = store("p2");
    stub.failNextConditionalUploadsAfterWriting(1);
    int mark = stub.requests().size();
    assertThat(s.putIfAbsent("_versions/2.manifest", "ours".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PutResult.CREATED);
    List<GcsStubServer.Request> sent = since(mark);
    // the library retried the conditional upload (idempotent thanks to the precondition), got
    // 412 for its own object, and the read-back found our token
    assertThat(sent).filteredOn(r -> r.method().equals("POST")).hasSize(2)
        .allSatisfy(r -> assertThat(r.query()).containsEntry("ifGenerationMatch", "0"));
    assertThat(new String(s.readAll("_versions/2.manifest").array(), StandardCharsets.UTF_8))
        .isEqualTo("ours");
  }

  @Test
  void readsAreRangedMediaGets() throws Exception {
    ObjectStore s = store("p3");
    byte[] data = new byte[100_000];
    new java.util.Random(3).nextBytes(data);
    s.put("data/f.lance", data);
    int mark = stub.requests().size();
    byte[] got = new byte[1000];
    s.read("data/f.lance", 5000, 1000).get(got);
    assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 5000, 6000));
    List<GcsStubServer.Request> sent = since(mark);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).query()).containsEntry("alt", "media");
    assertThat(sent.get(0).headers().get("Range")).isEqualTo("bytes=5000-5999");
  }

  @Test
  void listingsAreOneLevelAndPaginated() throws Exception {
    ObjectStore s = store("p4");
    for (int i = 0; i < 5; i++) {
      s.put("d/" + i, new byte[] {(byte) i});
    }
    s.put("d/sub/x", new byte[] {9});
    int mark = stub.requests().size();
    assertThat(s.listFrom("d", "1", 2)).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("2", "3");
    GcsStubServer.Request list = since(mark).get(0);
    assertThat(list.query()).containsEntry("prefix", "p4/d/").containsEntry("delimiter", "/")
        .containsEntry("startOffset", "p4/d/1").containsEntry("maxResults", "3");
    assertThat(s.list("d")).containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void largeStreamsBecomeResumableUploadsInChunks() throws Exception {
    ObjectStore s = new GcsObjectStoreProvider().open("gs://bkt/p5",
        stub.options().with("lance4j.gcs.chunk_size", "256KiB"));
    int mark = stub.requests().size();
    byte[] data = new byte[(1 << 20) + 17];
    new java.util.Random(5).nextBytes(data);
    try (OutputStream out = s.create("data/big.lance")) {
      out.write(data);
    }
    List<GcsStubServer.Request> sent = since(mark);
    assertThat(sent.get(0).query()).containsEntry("uploadType", "resumable");
    assertThat(sent).filteredOn(r -> r.method().equals("PUT")).hasSizeGreaterThanOrEqualTo(4);
    assertThat(s.readAll("data/big.lance").array()).isEqualTo(data);
  }
}
