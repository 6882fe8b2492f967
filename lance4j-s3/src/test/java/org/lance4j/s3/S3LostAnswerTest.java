package org.lance4j.s3;

import java.net.URI;
import org.lance4j.StorageOptions;
import org.lance4j.storage.LostAnswerContractTest;
import org.lance4j.storage.ObjectStore;

/** Lost answers to conditional PUTs (412 for our own object) against S3Proxy on loopback. */
class S3LostAnswerTest extends LostAnswerContractTest {
  @Override
  protected URI serverEndpoint() {
    return S3TestServer.get().endpoint();
  }

  @Override
  protected StorageOptions direct() {
    return S3TestServer.get().options();
  }

  @Override
  protected StorageOptions through(URI proxyEndpoint) {
    return S3TestServer.options(proxyEndpoint);
  }

  @Override
  protected String newUri(String name) {
    return "s3://" + S3TestServer.get().newBucket() + "/" + name;
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) {
    return new S3ObjectStoreProvider().open(uri, options);
  }
}
