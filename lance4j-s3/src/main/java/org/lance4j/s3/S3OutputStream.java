package org.lance4j.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The stream of {@link S3ObjectStore#create}: fills a part-sized buffer; the object is one
 * PutObject on close when it never outgrew the buffer, otherwise a multipart upload whose parts
 * upload in the background, up to {@code uploads} at once, while the writer goes on filling the
 * next part (it waits only when that many are in flight). Memory: {@code uploads + 1} part
 * buffers. A failure aborts the upload (nothing appears at the key); close after a failure
 * rethrows it.
 */
final class S3OutputStream extends OutputStream {
  private final S3ObjectStore store;
  private final String path;
  private final String key;
  private final int partSize;
  private final ExecutorService pool;
  private final int uploads;
  private byte[] buf;
  private int len;
  /** Part buffers whose upload finished, for reuse. */
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  /** Uploads in flight, oldest first, with their buffers. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int nextPart = 1;
  private boolean closed;
  private IOException failed;

  private record Pending(CompletableFuture<CompletedPart> part, byte[] buffer) {}

  S3OutputStream(S3ObjectStore store, String path, String key, int partSize,
      ExecutorService pool, int uploads) {
    this.store = store;
    this.path = path;
    this.key = key;
    this.partSize = partSize;
    this.pool = pool;
    this.uploads = Math.max(1, uploads);
    this.buf = new byte[Math.min(partSize, 64 << 10)];
  }

  private void check() throws IOException {
    if (failed != null) {
      throw new IOException("an earlier write to " + store.root() + "/" + path + " failed",
          failed);
    }
    if (closed) {
      throw new IOException("stream closed: " + store.root() + "/" + path);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int n) throws IOException {
    check();
    java.util.Objects.checkFromIndexSize(off, n, b.length);
    while (n > 0) {
      if (len == partSize) {
        flushPart();
      }
      if (len == buf.length) {
        grow(Math.min(partSize, Math.max(len + n, buf.length * 2)));
      }
      int k = Math.min(n, buf.length - len);
      System.arraycopy(b, off, buf, len, k);
      len += k;
      off += k;
      n -= k;
    }
  }

  private void grow(int size) {
    byte[] bigger = new byte[size];
    System.arraycopy(buf, 0, bigger, 0, len);
    buf = bigger;
  }

  /** Hands the full buffer to a background upload (waiting while {@code uploads} are busy). */
  private void flushPart() throws IOException {
    try {
      if (uploadId == null) {
        uploadId = store.startMultipart(path, key);
      }
      while (pending.size() >= uploads) {
        awaitOldest();
      }
      int number = nextPart++;
      byte[] data = buf;
      int length = len;
      String id = uploadId;
      pending.addLast(new Pending(CompletableFuture.supplyAsync(() -> {
        try {
          return store.uploadPart(path, key, id, number, data, length);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, pool), data));
      byte[] reuse = spare.pollFirst();
      buf = reuse != null && reuse.length == partSize ? reuse : new byte[partSize];
      len = 0;
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Waits for the oldest upload in flight; its buffer becomes a spare. */
  private void awaitOldest() throws IOException {
    Pending p = pending.pollFirst();
    if (p == null) {
      return;
    }
    try {
      parts.add(p.part().get());
      spare.addLast(p.buffer());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + store.root() + "/" + path);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null
          ? ce.getCause() : e.getCause();
      throw c instanceof IOException io ? io : new IOException(c);
    }
  }

  private void awaitAll() throws IOException {
    while (!pending.isEmpty()) {
      awaitOldest();
    }
  }

  private void fail(Exception e) throws IOException {
    IOException io = e instanceof IOException x ? x : new IOException(e);
    failed = io;
    for (Pending p : pending) {
      p.part().cancel(true);
    }
    pending.clear();
    if (uploadId != null) {
      store.abortMultipart(key, uploadId);
    }
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
      if (uploadId == null) {
        store.put(path, len == buf.length ? buf : java.util.Arrays.copyOf(buf, len));
      } else {
        CompletedPart last = len > 0
            ? store.uploadPart(path, key, uploadId, nextPart++, buf, len) : null;
        awaitAll();
        if (last != null) {
          parts.add(last);
        }
        store.completeMultipart(path, key, uploadId, parts);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      buf = null;
      spare.clear();
    }
  }
}
