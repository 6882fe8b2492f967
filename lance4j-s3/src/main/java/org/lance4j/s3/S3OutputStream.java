package org.lance4j.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
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
 * upload in the background, one at a time, while the next part fills. Memory: two part buffers.
 * A failure aborts the upload (nothing appears at the key); close after a failure rethrows it.
 */
final class S3OutputStream extends OutputStream {
  private final S3ObjectStore store;
  private final String path;
  private final String key;
  private final int partSize;
  private final ExecutorService pool;
  private byte[] buf;
  private int len;
  private byte[] spare;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private CompletableFuture<CompletedPart> pending;
  private boolean closed;
  private IOException failed;

  S3OutputStream(S3ObjectStore store, String path, String key, int partSize,
      ExecutorService pool) {
    this.store = store;
    this.path = path;
    this.key = key;
    this.partSize = partSize;
    this.pool = pool;
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

  /** Hands the full buffer to a background upload (after the previous one finished). */
  private void flushPart() throws IOException {
    try {
      if (uploadId == null) {
        uploadId = store.startMultipart(path, key);
      }
      awaitPending();
      int number = parts.size() + 1;
      byte[] data = buf;
      int length = len;
      String id = uploadId;
      pending = CompletableFuture.supplyAsync(() -> {
        try {
          return store.uploadPart(path, key, id, number, data, length);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, pool);
      buf = spare != null && spare.length == partSize ? spare : new byte[partSize];
      spare = data; // reused once its upload is done (awaitPending runs before the next swap)
      len = 0;
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void awaitPending() throws IOException {
    if (pending == null) {
      return;
    }
    try {
      parts.add(pending.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + store.root() + "/" + path);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null
          ? ce.getCause() : e.getCause();
      throw c instanceof IOException io ? io : new IOException(c);
    } finally {
      pending = null;
    }
  }

  private void fail(Exception e) throws IOException {
    IOException io = e instanceof IOException x ? x : new IOException(e);
    failed = io;
    if (pending != null) {
      pending.cancel(true);
      pending = null;
    }
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
        if (len > 0) {
          awaitPending();
          parts.add(store.uploadPart(path, key, uploadId, parts.size() + 1, buf, len));
        } else {
          awaitPending();
        }
        store.completeMultipart(path, key, uploadId, parts);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      buf = null;
      spare = null;
    }
  }
}
