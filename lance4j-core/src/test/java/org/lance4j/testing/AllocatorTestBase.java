package org.lance4j.testing;

import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test's temporary directory and its allocator, fresh for every test method. The allocator is
 * closed after the test, so a buffer the code under test leaked fails the test.
 */
public abstract class AllocatorTestBase {
  @TempDir
  protected Path dir;
  protected BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }
}
