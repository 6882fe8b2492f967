package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Test base for stores that wrap another: forwards the interface's primitives, so a subclass
 * overrides only what it instruments. Default methods (put, openRangeReader, listWithInfo) are not
 * forwarded: they go through this store's own primitives, so instrumentation applies to them too.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
  protected final ObjectStore inner;

  protected ForwardingObjectStore(ObjectStore inner) {
    this.inner = inner;
  }

  public ObjectStore inner() {
    return inner;
  }

  @Override
  public String root() {
    return inner.root();
  }

  @Override
  public org.lance4j.StorageStats stats() {
    return inner.stats();
  }

  @Override
  public long size(String path) throws IOException {
    return inner.size(path);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return inner.exists(path);
  }

  @Override
  public ByteBuffer read(String path, long offset, int length) throws IOException {
    return inner.read(path, offset, length);
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return inner.create(path);
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    return inner.putIfAbsent(path, data);
  }

  @Override
  public List<String> list(String dir) throws IOException {
    return inner.list(dir);
  }

  @Override
  public void delete(String path) throws IOException {
    inner.delete(path);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
