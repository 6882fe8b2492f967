package org.lance4j.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link ObjectStore.RangeReader} that sends every read to the store (one request each, ranges
 * through the store's merging {@link ObjectStore#readRanges}); safe for concurrent use when the
 * store is. The default of {@link ObjectStore#openRangeReader(String)} and the inner reader of
 * {@link ReadAhead#open}.
 */
final class PerRequestReader implements ObjectStore.RangeReader {
  private final ObjectStore store;
  private final String path;

  PerRequestReader(ObjectStore store, String path) {
    this.store = store;
    this.path = path;
  }

  @Override
  public ByteBuffer read(long offset, int length) throws IOException {
    return store.read(path, offset, length);
  }

  @Override
  public List<ByteBuffer> readRanges(List<ObjectStore.Range> ranges) throws IOException {
    return store.readRanges(path, ranges);
  }

  @Override
  public void close() {}
}
