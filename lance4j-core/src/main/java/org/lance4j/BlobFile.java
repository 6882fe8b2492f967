package org.lance4j;

import org.lance4j.internal.table.BlobSource;

/**
 * The bytes of one blob v2 value (a column with Arrow extension {@code lance.blob.v2}), as
 * {@link Dataset#takeBlobs(long[], String, org.apache.arrow.memory.BufferAllocator)} returns them:
 * a read-only, seekable view that fetches ranges through the dataset's object store (the data file
 * for small inline blobs, a {@code data/<stem>/*.blob} sidecar for packed and dedicated ones, the
 * object a URI names for external ones), so reading part of a large blob on S3 costs only that
 * part. Named after lance-core's {@code org.lance.BlobFile}.
 *
 * <p>Not thread-safe (it has a cursor); {@link #close()} releases the store opened for an
 * external URI. A descriptor that points past the end of its file, or at a missing sidecar, fails
 * with a {@link CorruptFileException} naming the file.
 */
public final class BlobFile implements AutoCloseable {
  private final BlobSource source;
  private long cursor;
  private boolean closed;

  BlobFile(BlobSource source) {
    this.source = source;
  }

  /** Size of the blob in bytes. */
  public long size() {
    open();
    return source.size();
  }

  /** Reads from the cursor to the end of the blob; the cursor moves to the end. */
  public byte[] read() {
    long n = size() - cursor;
    if (n > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException(source.describe() + " has " + n + " bytes left, more than"
          + " one byte array holds: read it with readRange");
    }
    return readUpTo((int) n);
  }

  /** Reads up to {@code length} bytes from the cursor (fewer at the end); the cursor advances. */
  public byte[] readUpTo(int length) {
    if (length < 0) {
      throw new InvalidInputException("readUpTo: negative length " + length);
    }
    int n = (int) Math.min(length, Math.max(0, size() - cursor));
    byte[] b = source.read(cursor, n);
    cursor += n;
    return b;
  }

  /**
   * Reads {@code length} bytes at {@code offset} of the blob, without moving the cursor.
   *
   * @throws InvalidInputException when the range is not inside the blob
   */
  public byte[] readRange(long offset, int length) {
    open();
    return source.read(offset, length);
  }

  /** Moves the cursor (0 is the first byte of the blob). */
  public void seek(long position) {
    open();
    if (position < 0) {
      throw new InvalidInputException("seek: negative position " + position);
    }
    cursor = position;
  }

  /** The cursor. */
  public long tell() {
    open();
    return cursor;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      source.close();
    }
  }

  private void open() {
    if (closed) {
      throw new InvalidInputException(source.describe() + ": the BlobFile is closed");
    }
  }

  @Override
  public String toString() {
    return "BlobFile[" + source.describe() + "]";
  }
}
