package org.lance4j.internal.table;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceException;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;

/**
 * Where the bytes of one blob v2 value are: {@code size} bytes at {@code position} of object
 * {@code path} in {@code store} (the data file for inline blobs, a {@code .blob} sidecar for packed
 * and dedicated ones, the object an external URI names). The range is checked against the
 * object's size before the first read, so a descriptor that points past the end or at a missing
 * sidecar fails with a {@link CorruptFileException} naming the object, never with wrong bytes.
 *
 * <p>Reads go through the {@link ObjectStore} (one ranged read per call), so blobs on S3, GCS or
 * Azure are fetched by range, not whole.
 */
public final class BlobSource {
  /** Longest single ranged read; longer reads are split. */
  static final int MAX_READ = 64 << 20;

  private final ObjectStore store;
  private final boolean ownsStore;
  private final String path;
  private final long position;
  private long size;
  private final long knownObjectSize;
  private final boolean wholeObject;
  private final String what;
  private boolean checked;

  /**
   * @param knownObjectSize the object's size when known (the manifest's data file size), else 0
   * @param wholeObject the blob is the whole object and {@code size} is unknown (an external URI
   *     without a range): the size is the object's
   * @param what describes the value for error messages (row, column, kind, file)
   */
  BlobSource(ObjectStore store, boolean ownsStore, String path, long position, long size,
      long knownObjectSize, boolean wholeObject, String what) {
    this.store = store;
    this.ownsStore = ownsStore;
    this.path = path;
    this.position = position;
    this.size = size;
    this.knownObjectSize = knownObjectSize;
    this.wholeObject = wholeObject;
    this.what = what;
    this.checked = size == 0 && !wholeObject; // an empty blob reads nothing
  }

  /** An empty value (a blob of zero bytes): no object behind it. */
  static BlobSource empty(String what) {
    return new BlobSource(null, false, null, 0, 0, 0, false, what);
  }

  /** Size of the blob in bytes (for an external object without a range, asks the store). */
  public synchronized long size() {
    check();
    return size;
  }

  /** What this value is and where it lives, for messages. */
  public String describe() {
    return what;
  }

  /** Reads {@code length} bytes at {@code offset} of the blob. */
  public synchronized byte[] read(long offset, int length) {
    check();
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new InvalidInputException("cannot read " + length + " bytes at " + offset + " of "
          + what + ": the blob has " + size + " bytes");
    }
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      int n = Math.min(MAX_READ, length - done);
      ByteBuffer b;
      try {
        b = store.read(path, position + offset + done, n);
      } catch (FileNotFoundException e) {
        throw new CorruptFileException(what + ": " + root() + path + " is missing", e);
      } catch (IOException e) {
        throw new LanceIOException("cannot read " + what + " from " + root() + path + ": "
            + e.getMessage(), e);
      }
      if (b.remaining() != n) {
        throw new CorruptFileException(what + ": " + root() + path + " returned "
            + b.remaining() + " bytes for a read of " + n + " at " + (position + offset + done));
      }
      b.get(out, done, n);
      done += n;
    }
    return out;
  }

  /** Checks once that the object exists and holds the range. */
  private void check() {
    if (checked) {
      return;
    }
    long objectSize = knownObjectSize;
    if (objectSize <= 0) {
      try {
        objectSize = store.size(path);
      } catch (FileNotFoundException e) {
        throw new CorruptFileException(what + ": " + root() + path + " is missing", e);
      } catch (IOException e) {
        throw new LanceIOException("cannot stat " + root() + path + " for " + what + ": "
            + e.getMessage(), e);
      }
    }
    if (wholeObject) {
      size = objectSize;
    }
    if (position < 0 || size < 0 || position + size > objectSize || position + size < 0) {
      throw new CorruptFileException(what + ": the descriptor points at " + size + " bytes at "
          + position + " of " + root() + path + ", which has " + objectSize + " bytes");
    }
    checked = true;
  }

  private String root() {
    String r = store.root();
    return r.endsWith("/") ? r : r + "/";
  }

  /** Releases the store opened for an external URI. */
  public void close() {
    if (ownsStore && store != null) {
      try {
        store.close();
      } catch (IOException | LanceException e) {
        // nothing was written; a failing close leaks at most a connection
      }
    }
  }
}
