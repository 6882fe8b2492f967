package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;

/**
 * The answer to a conditional PUT is lost after the server wrote the object (a {@link
 * DroppingProxy} on loopback cuts the connection once the server has answered). The SDK retries
 * and gets a conflict (412 on S3, 409 BlobAlreadyExists on Azure) for its own object; the store
 * reads it back, finds its writer token and reports CREATED, so the commit lands exactly once
 * instead of retrying as if it had lost (which would commit the data twice) or failing. A 503 for
 * the conditional PUT is retried by the SDK and lands once too. Each provider module subclasses it
 * with its server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LostAnswerContractTest {
  private DroppingProxy proxy;
  private StorageOptions viaProxy;

  /** Where the test server listens (the proxy forwards there). */
  protected abstract URI serverEndpoint();

  /** Storage options that reach the server directly. */
  protected abstract StorageOptions direct();

  /** Storage options that reach the server through the proxy at {@code proxyEndpoint}. */
  protected abstract StorageOptions through(URI proxyEndpoint);

  /** The URI of {@code name} in a fresh bucket or container. */
  protected abstract String newUri(String name);

  /** The provider's store on {@code uri}. */
  protected abstract ObjectStore open(String uri, StorageOptions options) throws Exception;

  @BeforeAll
  void start() throws Exception {
    proxy = new DroppingProxy(serverEndpoint());
    viaProxy = through(proxy.endpoint());
  }

  @AfterAll
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  public void putIfAbsentWhoseAnswerWasLostIsCreatedNotAConflict() throws Exception {
    try (ObjectStore s = open(newUri("p"), viaProxy)) {
      int before = proxy.dropped();
      int putsBefore = proxy.conditionalPuts();
      proxy.dropNextConditionalPuts(1, "/k1");
      assertThat(s.putIfAbsent("k1", "mine".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.CREATED);
      assertThat(proxy.dropped() - before).isEqualTo(1);
      // the SDK retried the PUT after the cut connection and got a conflict for its own object
      assertThat(proxy.conditionalPuts() - putsBefore).isEqualTo(2);
      assertThat(s.putIfAbsent("k1", "theirs".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
      assertThat(new String(s.readAll("k1").array(), StandardCharsets.UTF_8)).isEqualTo("mine");
      // someone else's object, and our answer lost: still a conflict
      proxy.dropNextConditionalPuts(1, "/k1");
      assertThat(s.putIfAbsent("k1", "late".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
      // a 503 that never reached the server: the SDK retries, the object lands once
      int refusedBefore = proxy.refused();
      proxy.refuseNextConditionalPuts(1, "/k2");
      assertThat(s.putIfAbsent("k2", "two".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.CREATED);
      assertThat(proxy.refused() - refusedBefore).isEqualTo(1);
    }
  }

  @Test
  public void commitsWhoseAnswersWereLostLandExactlyOnce() throws Exception {
    String uri = newUri("ds");
    CommitOptions commit = CommitOptions.builder().storageOptions(viaProxy).build();
    WriteOptions write = WriteOptions.builder().storageOptions(direct()).build();
    try (BufferAllocator a = new RootAllocator()) {
      List<FragmentMetadata> f1;
      List<FragmentMetadata> f2;
      try (VectorSchemaRoot r1 = StoreRows.of(a, 0, 50); VectorSchemaRoot r2 = StoreRows.of(a, 50, 70)) {
        f1 = Fragments.write(uri, r1, write);
        f2 = Fragments.write(uri, r2, write);
      }
      int before = proxy.dropped();
      proxy.dropNextConditionalPuts(1, "/_versions/" + StoreRows.manifest(1));
      assertThat(Dataset.commit(uri, new Operation.Overwrite(StoreRows.SCHEMA, f1), 0, commit)
          .version()).isEqualTo(1);
      proxy.dropNextConditionalPuts(1, "/_versions/" + StoreRows.manifest(2));
      assertThat(Dataset.commit(uri, new Operation.Append(f2), 1, commit).version())
          .isEqualTo(2);
      assertThat(proxy.dropped() - before).isEqualTo(2);
      try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(viaProxy)
          .build())) {
        assertThat(ds.version()).isEqualTo(2);
        Map<Long, Integer> ids = StoreRows.scan(ds, a);
        assertThat(ids).hasSize(120);
        assertThat(ids.values()).containsOnly(1);
      }
      try (ObjectStore s = open(uri, direct())) {
        assertThat(s.list("_versions").stream().filter(n -> n.endsWith(".manifest")))
            .containsExactlyInAnyOrder(StoreRows.manifest(1), StoreRows.manifest(2));
      }
    }
  }
}
