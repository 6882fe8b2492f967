package org.lance4j.s3;

import org.lance4j.StorageOptions;
import org.lance4j.storage.CommitRaceContractTest;
import org.lance4j.storage.ObjectStore;

/** The commit race (8 writers) against S3Proxy on loopback. */
class S3CommitRaceTest extends CommitRaceContractTest {
  @Override
  protected StorageOptions options() {
    return S3TestServer.get().options();
  }

  @Override
  protected String newDatasetUri(String name) {
    return "s3://" + S3TestServer.get().newBucket() + "/" + name;
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) {
    return new S3ObjectStoreProvider().open(uri, options);
  }
}
