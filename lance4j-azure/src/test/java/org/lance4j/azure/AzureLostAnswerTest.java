package org.lance4j.azure;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lance4j.StorageOptions;
import org.lance4j.storage.LostAnswerContractTest;
import org.lance4j.storage.ObjectStore;

/** Lost answers to conditional Put Blobs (409 BlobAlreadyExists for our own) against Azurite. */
@ExtendWith(Azurite.class)
class AzureLostAnswerTest extends LostAnswerContractTest {
  @Override
  protected URI serverEndpoint() {
    return URI.create(Azurite.get().endpoint());
  }

  @Override
  protected StorageOptions direct() {
    return Azurite.get().options();
  }

  @Override
  protected StorageOptions through(URI proxyEndpoint) {
    return Azurite.get().options().with("azure_storage_endpoint",
        proxyEndpoint + "/" + AzureSettings.EMULATOR_ACCOUNT)
        .with(AzureSettings.RETRY_DELAY, "50ms"); // not the SDK's 4s before each retry
  }

  @Override
  protected String newUri(String name) {
    return "az://" + Azurite.get().newContainer() + "/" + name;
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) {
    return new AzureObjectStoreProvider().open(uri, options);
  }
}
