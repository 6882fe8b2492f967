package org.lance4j.azure;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lance4j.StorageOptions;
import org.lance4j.storage.DistributedWriteContractTest;
import org.lance4j.storage.ObjectStore;

/** The distributed write over az:// on Azurite (uploads past 5 MiB go up in blocks). */
@ExtendWith(Azurite.class)
class AzureDistributedWriteTest extends DistributedWriteContractTest {
  @Override
  protected String newUri(String path) {
    return "az://" + Azurite.get().newContainer() + "/" + path;
  }

  @Override
  protected StorageOptions options() {
    return Azurite.get().options();
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) throws Exception {
    return new AzureObjectStoreProvider().open(uri, options);
  }

  @Override
  protected StorageOptions smallParts(StorageOptions options) {
    return options.with("lance4j.azure.block_size", "5MiB");
  }
}
