package org.lance4j.gcs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreContractTest;

/**
 * The core ObjectStore contract through the real google-cloud-storage client against the JSON
 * API stub on loopback (no GCS emulator honouring preconditions is available here: the stub's
 * atomic ifGenerationMatch=0 is ours, so the race case checks lance4j-gcs's side only).
 */
class GcsObjectStoreContractTest extends ObjectStoreContractTest {
  private static GcsStubServer stub;
  private int n;

  @BeforeAll
  static void start() throws Exception {
    stub = new GcsStubServer();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @Override
  protected ObjectStore newStore() throws Exception {
    return new GcsObjectStoreProvider().open("gs://bucket/t" + System.nanoTime() + "-" + (n++)
        + "/ds", stub.options().with("lance4j.gcs.chunk_size", "256KiB"));
  }

  @Override
  protected int largeObjectBytes() {
    return 3 << 20; // a resumable upload of 12 chunks of 256 KiB
  }
}
