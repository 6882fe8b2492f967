package org.lance4j.s3;

import org.lance4j.StorageOptions;
import org.lance4j.storage.DistributedWriteContractTest;
import org.lance4j.storage.ObjectStore;

/** The distributed write over s3:// on S3Proxy (uploads past 5 MiB go up in parts). */
class S3DistributedWriteTest extends DistributedWriteContractTest {
  private final S3TestServer server = S3TestServer.get();

  @Override
  protected String newUri(String path) {
    return "s3://" + server.newBucket() + "/" + path;
  }

  @Override
  protected StorageOptions options() {
    return server.options();
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) throws Exception {
    return new S3ObjectStoreProvider().open(uri, options);
  }

  @Override
  protected StorageOptions smallParts(StorageOptions options) {
    return options.with("lance4j.s3.part_size", "5MiB");
  }
}
