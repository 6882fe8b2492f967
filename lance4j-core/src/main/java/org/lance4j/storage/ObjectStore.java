package org.lance4j.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.StorageStats;

/**
 * The storage a dataset lives in, addressed by paths relative to the dataset root
 * ({@code "data/x.lance"}, {@code "_versions/3.manifest"}), always with '/' separators.
 * Implementations for URI schemes other than local paths come from an
 * {@link ObjectStoreProvider} found through {@link java.util.ServiceLoader}.
 *
 * <h2>Atomicity contract</h2>
 * The whole commit protocol rests on one primitive: {@link #putIfAbsent(String, byte[])} must be
 * atomic. When several writers call it with the same path concurrently, exactly one gets
 * {@link PutResult#CREATED} and the others {@link PutResult#ALREADY_EXISTS}; a reader never sees a
 * partially written object at that path. Implementations must not emulate it by check-then-write.
 * On a local file system this is a write to a unique temporary name followed by a hard link (or
 * rename-if-absent) to the target; on S3 a PutObject with {@code If-None-Match: *}.
 *
 * <p>Over a network the answer can be lost after the write happened (a dropped connection, a
 * client retry that then sees its own object and answers 412). A store that cannot tell whether
 * its write landed returns {@link PutResult#UNKNOWN}; the caller must then read the object back
 * and compare it with what it wrote (the commit does: every manifest carries its own transaction,
 * with a random UUID, so equal bytes mean "ours"). Never assume either way.
 *
 * <p>{@link #create(String)} has no atomicity requirement: it is used for data, deletion and
 * transaction files whose names are unique (random UUIDs) and which nothing references until a
 * manifest naming them is committed. A crash mid-write leaves an orphan that is harmless.
 *
 * <p>All methods throw {@link IOException}; a missing object is reported as
 * {@link java.io.FileNotFoundException} (or its subclass {@link NotFoundException}). A store may
 * hold connections or threads: {@link #close()} releases them (the default does nothing).
 */
public interface ObjectStore extends Closeable {

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
    return new PerRequestReader(this, path);
  }

  /**
   * As {@link #openRangeReader(String)} when the caller already knows the object's size (a data
   * file's size from the manifest, checked against its footer): a store whose reader would ask
   * for the size (read-ahead clamps its windows to it) saves that request. The default ignores
   * the size.
   */
  default RangeReader openRangeReader(String path, long knownSize) throws IOException {
    return openRangeReader(path);
  }

  /** Ranged reads of one object, see {@link #openRangeReader(String)}. */
  interface RangeReader extends java.io.Closeable {
    /** As {@link ObjectStore#read(String, long, int)} on the object this handle reads. */
    ByteBuffer read(long offset, int length) throws IOException;

    /**
     * True when several threads may call {@link #read} and {@link #readRanges} on this handle at
     * once (a file reader then lets the threads decoding different columns read in parallel
     * instead of one after another). The default says false: callers serialize their reads.
     */
    default boolean concurrentReads() {
      return false;
    }

    /**
     * As {@link ObjectStore#readRanges(String, List)} on the object this handle reads: the
     * readers hand every range they need at once, so a remote store can merge them and fetch
     * in parallel. The default reads them one by one through {@link #read(long, int)}; the
     * default handle of {@link ObjectStore#openRangeReader} calls the store's readRanges.
     */
    default List<ByteBuffer> readRanges(List<Range> ranges) throws IOException {
      List<ByteBuffer> out = new ArrayList<>(ranges.size());
      for (Range r : ranges) {
        out.add(read(r.offset(), r.length()));
      }
      return out;
    }

    /**
     * A hint: these ranges will be read next, in about this order (e.g. every page of the
     * columns a scan projects). A handle for a remote store may start fetching them in the
     * background, coalesced into few large requests, and serve the reads from them; reads
     * return the same bytes either way, and errors stay those of the reads. The default ignores
     * the hint.
     */
    default void prefetch(List<Range> ranges) {}
  }

  /**
   * A byte range of an object for {@link #readRanges(String, List)}.
   *
   * @param offset first byte
   * @param length number of bytes
   */
  record Range(long offset, int length) {
    public Range {
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException("bad range: " + length + " bytes at " + offset);
      }
    }
  }

  /**
   * Reads several ranges of one object in one call, in the order given (ranges may overlap or
   * be unsorted). A remote store merges nearby ranges into fewer, larger requests and may issue
   * them in parallel; the default reads each range through one {@link #openRangeReader(String)}
   * handle.
   */
  default List<ByteBuffer> readRanges(String path, List<Range> ranges) throws IOException {
    List<ByteBuffer> out = new ArrayList<>(ranges.size());
    if (ranges.isEmpty()) {
      return out;
    }
    try (RangeReader in = openRangeReader(path)) {
      for (Range r : ranges) {
        out.add(in.read(r.offset(), r.length()));
      }
    }
    return out;
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
   * Atomically writes {@code data} at {@code path} only if nothing exists there yet (see the class
   * doc). Returns {@link PutResult#CREATED} when this call wrote the object,
   * {@link PutResult#ALREADY_EXISTS} when another object was there (someone else won; a store
   * that retries internally has checked that the object is not this call's own earlier attempt),
   * or {@link PutResult#UNKNOWN} when the store cannot tell whether the write landed.
   *
   * @throws IOException when the write certainly did not happen (nothing was stored)
   */
  PutResult putIfAbsent(String path, byte[] data) throws IOException;

  /** The outcome of {@link #putIfAbsent(String, byte[])}. */
  enum PutResult {
    /** This call wrote the object. */
    CREATED,
    /** Another object already existed at the path; nothing was written. */
    ALREADY_EXISTS,
    /**
     * The store cannot tell whether the write landed (the response was lost and reading the
     * object back failed too): read it back and compare before deciding.
     */
    UNKNOWN
  }

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
   * The default takes the names of {@link #listWithInfo(String)}, whose own default calls this
   * method: a store overrides at least one of the two (object stores, whose listings carry sizes
   * and times anyway, override {@code listWithInfo} or {@link #listFrom} only). A store that
   * overrides neither gets an {@link UnsupportedOperationException} naming its class, not an
   * endless recursion.
   */
  default List<String> list(String dir) throws IOException {
    if (ListDefaults.inDefaultListWithInfo(this)) {
      throw new UnsupportedOperationException(getClass().getName() + " overrides neither"
          + " ObjectStore.list nor ObjectStore.listWithInfo: it must implement one of them");
    }
    List<ObjectInfo> infos = listWithInfo(dir);
    List<String> out = new ArrayList<>(infos.size());
    for (ObjectInfo i : infos) {
      out.add(i.name());
    }
    return out;
  }

  /**
   * Like {@link #list(String)}, with each object's size and last-modification time: what
   * cleanup needs to tell old orphans from files a concurrent writer has just written. The default
   * implementation reports no modification time ({@code null}, meaning "unknown: treat as just
   * written"), so a store that does not override it never has files removed by age.
   */
  default List<ObjectInfo> listWithInfo(String dir) throws IOException {
    List<ObjectInfo> out = new java.util.ArrayList<>();
    List<String> names;
    ListDefaults.enter(this);
    try {
      names = list(dir);
    } finally {
      ListDefaults.exit(this);
    }
    for (String name : names) {
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
   * Objects directly inside a directory whose names sort after {@code startAfter}, in
   * lexicographic order of their names (Java {@link String#compareTo}, which for the ASCII names
   * of a dataset is S3's UTF-8 byte order), at most {@code limit} of them. {@code startAfter} null
   * or empty lists from the first name. With V2 manifest names (newest version first) a
   * {@code listFrom("_versions", null, 1)} finds the latest version in one request on a store
   * that lists in order. The default sorts {@link #listWithInfo(String)}; remote stores page
   * through the listing and stop at the limit.
   */
  default List<ObjectInfo> listFrom(String dir, String startAfter, int limit) throws IOException {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    List<ObjectInfo> all = new ArrayList<>(listWithInfo(dir));
    all.sort(java.util.Comparator.comparing(ObjectInfo::name));
    List<ObjectInfo> out = new ArrayList<>();
    for (ObjectInfo i : all) {
      if (out.size() >= limit) {
        break;
      }
      if (startAfter == null || i.name().compareTo(startAfter) > 0) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * True when {@link #listFrom} costs requests in proportion to {@code limit}, not to the size
   * of the directory (the server starts the listing at a key, as S3's {@code start-after}
   * does): callers then prefer one short listing to several existence probes. The default (and
   * a local file system, which reads the whole directory either way) says false.
   */
  default boolean listFromIsCheap() {
    return false;
  }

  /**
   * Writes an object that is only a hint (e.g. the latest-version hint of a commit): losing the
   * write, or writes of the same path from different stores landing out of order, is harmless
   * to correctness, so the caller neither waits for it nor hears of its failure. A store may run
   * it in the background (writes of one path through one store land in call order) and then
   * waits for it in {@link #close()}. The default writes it now and drops any error.
   */
  default void putHint(String path, byte[] data) {
    try {
      put(path, data);
    } catch (IOException | RuntimeException e) {
      // only a hint
    }
  }

  /** Releases what the store holds (connections, threads). The default does nothing. */
  @Override
  default void close() throws IOException {}

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

  /**
   * A put-if-absent lost to an existing object: what callers that want an exception make of
   * {@link PutResult#ALREADY_EXISTS}.
   */
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
