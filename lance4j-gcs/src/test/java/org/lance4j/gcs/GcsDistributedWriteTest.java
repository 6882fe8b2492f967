package org.lance4j.gcs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.lance4j.StorageOptions;
import org.lance4j.storage.DistributedWriteContractTest;
import org.lance4j.storage.ObjectStore;

/**
 * The distributed write over gs:// against the JSON API stub (uploads past 4 MiB go up as
 * resumable chunks).
 */
class GcsDistributedWriteTest extends DistributedWriteContractTest {
  private static GcsStubServer server;
  private static int buckets;

  @BeforeAll
  static void start() throws Exception {
    server = new GcsStubServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected String newUri(String path) {
    return "gs://b" + (++buckets) + "/" + path;
  }

  @Override
  protected StorageOptions options() {
    return server.options();
  }

  @Override
  protected ObjectStore open(String uri, StorageOptions options) throws Exception {
    return new GcsObjectStoreProvider().open(uri, options);
  }

  @Override
  protected StorageOptions smallParts(StorageOptions options) {
    return options.with("lance4j.gcs.chunk_size", "4MiB");
  }
}
