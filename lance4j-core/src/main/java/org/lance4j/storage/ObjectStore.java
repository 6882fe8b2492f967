package org.lance4j.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.lance4j.StorageStats;

/**
 * The storage a dataset lives in, addressed by paths relative to the dataset root
 * ({@code "data/x.lance"}, {@code "_versions/3.manifest"}), always with '/' separators.
 *
 * <h2>Atomicity contract</h2>
 * The whole commit protocol rests on one primitive: {@link #putIfAbsent(String, byte[])} must be
 * atomic. When several writers call it with the same path concurrently, exactly one succeeds and
 * the others get {@link AlreadyExistsException}; a reader never sees a partially written object at
 * that path. Implementations must not emulate it by check-then-write. On a local file system this
 * is a write to a unique temporary name followed by a hard link (or rename-if-absent) to the target.
 *
 * <p>{@link #create(String)} has no atomicity requirement: it is used for data, deletion and
 * transaction files whose names are unique (random UUIDs) and which nothing references until a
 * manifest naming them is committed. A crash mid-write leaves an orphan that is harmless.
 *
 * <p>All methods throw {@link IOException}; a missing object is reported as
 * {@link java.io.FileNotFoundException} (or its subclass {@link NotFoundException}).
 */
public interface ObjectStore {

  /** A human-readable location of the root, for error messages. */
  String root();

  /**
   * What this store has read so far (bytes and requests). The default reports nothing; stores
   * that count override it.
   */
  default StorageStats stats() {
    return StorageStats.NONE;
  }

  /** Size in bytes of the object; {@link NotFoundException} when absent. */
  long size(String path) throws IOException;

  /** True when an object exists at the path. */
  boolean exists(String path) throws IOException;

  /** Reads {@code length} bytes at {@code offset}. Fails if the range runs past the end. */
  ByteBuffer read(String path, long offset, int length) throws IOException;

  /**
   * Opens the object for repeated ranged reads (one handle instead of one open per read, which
   * matters for random access). The caller closes the handle. The default reads through
   * {@link #read(String, long, int)} every time.
   */
  default RangeReader openRangeReader(String path) throws IOException {
    return new RangeReader() {
      @Override
      public ByteBuffer read(long offset, int length) throws IOException {
        return ObjectStore.this.read(path, offset, length);
      }

      @Override
      public void close() {}
    };
  }

  /** Ranged reads of one object, see {@link #openRangeReader(String)}. */
  interface RangeReader extends java.io.Closeable {
    /** As {@link ObjectStore#read(String, long, int)} on the object this handle reads. */
    ByteBuffer read(long offset, int length) throws IOException;
  }

  /** Reads the whole object. */
  default ByteBuffer readAll(String path) throws IOException {
    long size = size(path);
    if (size > Integer.MAX_VALUE) {
      throw new IOException("object too large to read whole: " + path + " (" + size + " bytes)");
    }
    return read(path, 0, (int) size);
  }

  /**
   * Opens a stream that writes an object at the path, replacing any existing one. Parent
   * "directories" are created as needed. Not atomic (see class doc).
   */
  OutputStream create(String path) throws IOException;

  /**
   * Atomically writes {@code data} at {@code path} only if nothing exists there yet.
   *
   * @throws AlreadyExistsException when an object already exists at the path (someone else won)
   */
  void putIfAbsent(String path, byte[] data) throws IOException;

  /**
   * Writes a small object in one call, replacing any existing one (not atomic: the same contract
   * as {@link #create}). The default goes through {@link #create}.
   */
  default void put(String path, byte[] data) throws IOException {
    try (OutputStream out = create(path)) {
      out.write(data);
    }
  }

  /**
   * Names (not paths) of the objects directly inside a directory, e.g. {@code list("_versions")}
   * returns {@code ["1.manifest", "2.manifest"]}. Empty when the directory does not exist.
   */
  List<String> list(String dir) throws IOException;

  /**
   * Like {@link #list(String)}, with each object's size and last-modification time: what
   * cleanup needs to tell old orphans from files a concurrent writer has just written. The default
   * implementation reports no modification time ({@code null}, meaning "unknown: treat as just
   * written"), so a store that does not override it never has files removed by age.
   */
  default List<ObjectInfo> listWithInfo(String dir) throws IOException {
    List<ObjectInfo> out = new java.util.ArrayList<>();
    for (String name : list(dir)) {
      String path = dir.isEmpty() ? name : dir + "/" + name;
      try {
        out.add(new ObjectInfo(name, size(path), null));
      } catch (java.io.FileNotFoundException gone) {
        // deleted (or a directory) between list and size: skip it
      }
    }
    return out;
  }

  /**
   * One entry of {@link #listWithInfo(String)}.
   *
   * @param name the object's name inside the listed directory
   * @param size size in bytes
   * @param lastModified last modification time, or null when the store cannot tell
   */
  record ObjectInfo(String name, long size, java.time.Instant lastModified) {}

  /** Deletes the object if it exists. */
  void delete(String path) throws IOException;

  /** Thrown by {@link #putIfAbsent} when the target exists. */
  final class AlreadyExistsException extends IOException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String path) {
      super("object already exists: " + path);
    }
  }

  /** Thrown when an object does not exist. */
  final class NotFoundException extends java.io.FileNotFoundException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String path) {
      super("object not found: " + path);
    }
  }
}
