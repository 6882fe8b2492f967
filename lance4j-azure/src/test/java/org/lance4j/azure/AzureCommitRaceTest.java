package org.lance4j.azure;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lance4j.StorageOptions;
import org.lance4j.storage.CommitRaceContractTest;
import org.lance4j.storage.ObjectStore;

/** The commit race (8 writers) against Azurite on loopback. */
@ExtendWith(Azurite.class)
class AzureCommitRaceTest extends CommitRaceContractTest {
  @Override
  protected StorageOptions options() {
    return Azurite.get().options();
  }

  @Override
  protected String newDatasetUri(String name) {
    return "az://" + Azurite.get().newContainer() + "/" + name;
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) {
    return new AzureObjectStoreProvider().open(uri, options);
  }
}
