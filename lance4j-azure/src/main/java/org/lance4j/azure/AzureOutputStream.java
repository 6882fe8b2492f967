package org.lance4j.azure;

import org.lance4j.storage.RangeReads;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * The stream of {@link AzureObjectStore#create}: buffers one block; a blob that fits is one Put
 * Blob on close, a larger one is staged block by block (one Put Block in the background while
 * the next block fills) and committed by Put Block List on close. Nothing is visible at the path
 * before close succeeds; blocks of a failed stream are never committed.
 */
final class AzureOutputStream extends OutputStream {
  private final AzureObjectStore store;
  private final String path;
  private final int blockSize;
  private final ExecutorService pool;
  /** Block ids must all have the same length: a per-stream UUID and a 6-digit counter. */
  private final String idBase = UUID.randomUUID().toString();
  private final List<String> blocks = new ArrayList<>();
  private final int concurrency;
  private byte[] buf;
  /** Buffers of staged blocks, reused once their upload is done. */
  private final java.util.ArrayDeque<byte[]> spares = new java.util.ArrayDeque<>();
  private int len;
  /** Blocks being staged, oldest first (at most {@code concurrency}), with their buffers. */
  private final java.util.ArrayDeque<CompletableFuture<Void>> pending =
      new java.util.ArrayDeque<>();
  private final java.util.ArrayDeque<byte[]> pendingBufs = new java.util.ArrayDeque<>();
  private IOException failed;
  private boolean closed;

  AzureOutputStream(AzureObjectStore store, String path, int blockSize, ExecutorService pool,
      int concurrency) {
    this.store = store;
    this.path = path;
    this.blockSize = blockSize;
    this.pool = pool;
    this.concurrency = Math.max(1, concurrency);
    this.buf = new byte[Math.min(blockSize, 64 << 10)];
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream to " + store.root() + "/" + path + " is closed");
    }
    if (failed != null) {
      throw new IOException("write to " + store.root() + "/" + path + " failed", failed);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int n) throws IOException {
    ensureOpen();
    while (n > 0) {
      if (len == buf.length) {
        if (buf.length < blockSize) {
          // grow up to one block (small blobs stay small in memory)
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(blockSize, 2L * buf.length));
        } else {
          flushBlock();
        }
      }
      int take = Math.min(n, buf.length - len);
      System.arraycopy(b, off, buf, len, take);
      len += take;
      off += take;
      n -= take;
    }
  }

  private String nextId() {
    String id = idBase + String.format("-%06d", blocks.size());
    return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
  }

  private void flushBlock() throws IOException {
    try {
      while (pending.size() >= concurrency) {
        awaitOldest();
      }
      String id = nextId();
      blocks.add(id);
      byte[] data = buf;
      int length = len;
      pending.addLast(CompletableFuture.runAsync(() -> {
        try {
          store.stageBlock(path, id, data, length);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, pool));
      pendingBufs.addLast(data);
      byte[] next = spares.pollFirst();
      buf = next != null && next.length == blockSize ? next : new byte[blockSize];
      len = 0;
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Waits for the oldest block being staged; its buffer becomes a spare. */
  private void awaitOldest() throws IOException {
    CompletableFuture<Void> f = pending.pollFirst();
    byte[] b = pendingBufs.pollFirst();
    RangeReads.await(f, "uploading " + store.root() + "/" + path);
    spares.addLast(b);
  }

  private void awaitPending() throws IOException {
    while (!pending.isEmpty()) {
      awaitOldest();
    }
  }

  private void fail(Exception e) throws IOException {
    IOException io = e instanceof IOException x ? x : new IOException(e);
    failed = io;
    for (CompletableFuture<Void> f : pending) {
      f.cancel(true);
    }
    pending.clear();
    pendingBufs.clear();
    throw io;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    if (failed != null) {
      closed = true;
      throw new IOException("write to " + store.root() + "/" + path + " failed", failed);
    }
    closed = true;
    try {
      if (blocks.isEmpty()) {
        store.put(path, buf, len);
      } else {
        awaitPending();
        if (len > 0) {
          String id = nextId();
          blocks.add(id);
          store.stageBlock(path, id, buf, len);
        }
        store.commitBlocks(path, blocks);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      buf = null;
      spares.clear();
    }
  }
}
