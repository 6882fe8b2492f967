package org.lance4j.gcs;

import com.google.cloud.WriteChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The stream of {@link GcsObjectStore#create}: buffers up to one chunk; an object that fits is
 * one upload on close, a larger one becomes a resumable upload that the library sends chunk by
 * chunk as the stream fills, finalized on close (nothing is visible before).
 */
final class GcsOutputStream extends OutputStream {
  private final GcsObjectStore store;
  private final String path;
  private final int chunkSize;
  private byte[] buf;
  private int len;
  private WriteChannel channel;
  private IOException failed;
  private boolean closed;

  GcsOutputStream(GcsObjectStore store, String path, int chunkSize) {
    this.store = store;
    this.path = path;
    this.chunkSize = chunkSize;
    this.buf = new byte[Math.min(chunkSize, 64 << 10)];
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
    try {
      if (channel != null) {
        writeFully(ByteBuffer.wrap(b, off, n));
        return;
      }
      if (len + n <= chunkSize) {
        if (len + n > buf.length) {
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(chunkSize,
              Math.max(len + n, 2L * buf.length)));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return;
      }
      // outgrew one chunk: a resumable upload from here on
      channel = store.writer(path);
      writeFully(ByteBuffer.wrap(buf, 0, len));
      buf = null;
      len = 0;
      writeFully(ByteBuffer.wrap(b, off, n));
    } catch (IOException | RuntimeException e) {
      failed = e instanceof IOException io ? io : new IOException(e);
      throw failed;
    }
  }

  private void writeFully(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed != null) {
      throw new IOException("write to " + store.root() + "/" + path + " failed", failed);
    }
    try {
      if (channel == null) {
        store.put(path, buf, len);
      } else {
        channel.close();
      }
    } catch (RuntimeException e) {
      throw new IOException("write to " + store.root() + "/" + path + " failed: " + e, e);
    } finally {
      buf = null;
    }
  }
}
