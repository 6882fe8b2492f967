package org.lance4j.azure;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.DroppingProxy;
import org.lance4j.storage.StoreRows;

/**
 * The answer to a conditional Put Blob is lost after Azurite wrote the blob (a proxy on loopback
 * cuts the connection once the server has answered). The SDK retries and gets 409
 * BlobAlreadyExists for its own blob; the store reads it back, finds its writer token and
 * reports CREATED, so the commit lands exactly once. A 503 for the conditional PUT is retried
 * by the SDK and lands once too.
 */
@ExtendWith(Azurite.class)
class AzureLostAnswerTest {
  private static DroppingProxy proxy;
  private static StorageOptions viaProxy;

  @BeforeAll
  static void start() throws Exception {
    Azurite.Server server = Azurite.get();
    proxy = new DroppingProxy(URI.create(server.endpoint()));
    viaProxy = server.options().with("azure_storage_endpoint",
        proxy.endpoint() + "/" + AzureSettings.EMULATOR_ACCOUNT)
        .with(AzureSettings.RETRY_DELAY, "50ms"); // not the SDK's 4s before each retry
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void putIfAbsentWhoseAnswerWasLostIsCreatedNotAConflict() throws Exception {
    String container = Azurite.get().newContainer();
    try (ObjectStore s = new AzureObjectStoreProvider().open("az://" + container + "/p",
        viaProxy)) {
      int before = proxy.dropped();
      int putsBefore = proxy.conditionalPuts();
      proxy.dropNextConditionalPuts(1, "/k1");
      assertThat(s.putIfAbsent("k1", "mine".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.CREATED);
      assertThat(proxy.dropped() - before).isEqualTo(1);
      // the SDK retried the PUT after the cut connection and got 409 for its own blob
      assertThat(proxy.conditionalPuts() - putsBefore).isEqualTo(2);
      assertThat(s.putIfAbsent("k1", "theirs".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
      assertThat(new String(s.readAll("k1").array(), StandardCharsets.UTF_8)).isEqualTo("mine");
      // someone else's blob, and our answer lost: still a conflict
      proxy.dropNextConditionalPuts(1, "/k1");
      assertThat(s.putIfAbsent("k1", "late".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
      // a 503 that never reached the server: the SDK retries, the blob lands once
      int refusedBefore = proxy.refused();
      proxy.refuseNextConditionalPuts(1, "/k2");
      assertThat(s.putIfAbsent("k2", "two".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(ObjectStore.PutResult.CREATED);
      assertThat(proxy.refused() - refusedBefore).isEqualTo(1);
    }
  }

  @Test
  void commitsWhoseAnswersWereLostLandExactlyOnce() throws Exception {
    Azurite.Server server = Azurite.get();
    String uri = "az://" + server.newContainer() + "/ds";
    CommitOptions commit = CommitOptions.builder().storageOptions(viaProxy).build();
    WriteOptions write = WriteOptions.builder().storageOptions(server.options()).build();
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
      try (ObjectStore s = new AzureObjectStoreProvider().open(uri, server.options())) {
        assertThat(s.list("_versions").stream().filter(n -> n.endsWith(".manifest")))
            .containsExactlyInAnyOrder(StoreRows.manifest(1), StoreRows.manifest(2));
      }
    }
  }
}
