package org.lance4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.RemoteObjectStoreContractTest;

/** The core ObjectStore contract against Azurite on loopback. */
@ExtendWith(Azurite.class)
class AzureObjectStoreContractTest extends RemoteObjectStoreContractTest {
  private static String container;
  private int n;

  @BeforeAll
  static void server() {
    container = Azurite.get().newContainer();
  }

  @Override
  protected ObjectStore newStore() {
    // each store under its own prefix of one container: prefixes must isolate datasets
    return new AzureObjectStoreProvider().open("az://" + container + "/t" + System.nanoTime()
        + "-" + (n++) + "/ds", Azurite.get().options());
  }

  @Override
  protected int largeObjectBytes() {
    return 20 << 20; // staged blocks: two full 8 MiB blocks and a short last one
  }

  @Test
  void rootNamesTheContainerAndPrefixAndBlobsLandUnderIt() throws Exception {
    ObjectStore s = new AzureObjectStoreProvider().open("az://" + container + "/a/b/",
        Azurite.get().options());
    assertThat(s.root()).isEqualTo("az://" + container + "/a/b");
    s.put("x", new byte[] {1});
    ObjectStore bare = new AzureObjectStoreProvider().open("az://" + container,
        Azurite.get().options());
    assertThat(bare.size("a/b/x")).isEqualTo(1);
  }

  @Test
  void listingPagesThroughMoreBlobsThanOnePage() throws Exception {
    ObjectStore s = new AzureObjectStoreProvider().open("az://" + container + "/paged"
        + System.nanoTime(), Azurite.get().options().with(AzureSettings.LIST_PAGE_SIZE, "7"));
    for (int i = 0; i < 30; i++) {
      s.put(String.format("d/%03d", i), new byte[] {(byte) i});
    }
    s.put("d/sub/deeper", new byte[] {1});
    assertThat(s.list("d")).hasSize(30).first().isEqualTo("000");
    assertThat(s.listFrom("d", "004", 3)).extracting(ObjectStore.ObjectInfo::name)
        .containsExactly("005", "006", "007");
    assertThat(s.listFrom("d", null, 1).get(0).lastModified()).isNotNull();
  }

  @Test
  void putIfAbsentLeavesTheWriterTokenAsBlobMetadata() throws Exception {
    ObjectStore s = newStore();
    assertThat(s.putIfAbsent("_versions/1.manifest", new byte[] {1, 2}))
        .isEqualTo(ObjectStore.PutResult.CREATED);
    AzureSettings st = AzureSettings.of("az://" + container, Azurite.get().options(),
        java.util.Map.of());
    String name = ((AzureObjectStore) s).blobName("_versions/1.manifest");
    var meta = new AzureObjectStoreProvider().service(st.client())
        .getBlobContainerClient(container).getBlobClient(name).getProperties().getMetadata();
    assertThat(meta).containsKey(AzureObjectStore.WRITER_TOKEN);
    assertThat(s.putIfAbsent("_versions/1.manifest", new byte[] {1, 2}))
        .as("the same bytes by another writer are still another writer's object")
        .isEqualTo(ObjectStore.PutResult.ALREADY_EXISTS);
  }
}
