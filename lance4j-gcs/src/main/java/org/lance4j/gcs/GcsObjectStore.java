package org.lance4j.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageStats;
import org.lance4j.storage.ObjectKeys;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.RangeReads;
import org.lance4j.storage.ReadAhead;

/**
 * {@link ObjectStore} on a Google Cloud Storage bucket under an object name prefix, through the
 * JSON API.
 *
 * <ul>
 *   <li>{@link #putIfAbsent}: an upload with {@code ifGenerationMatch=0} (only if no live object
 *       has the name), carrying a random writer token as object metadata. GCS answers an
 *       existing object with 412; that may be this call's own write seen by the library's retry
 *       (a precondition makes the upload idempotent, so it is retried) after the first answer
 *       was lost, so before calling it a conflict the object is read back: our token (or our
 *       exact bytes) means CREATED. A lost answer is settled the same way; when even the
 *       read-back fails the result is UNKNOWN.</li>
 *   <li>{@link #create}: buffered up to one chunk; a larger object becomes a resumable upload
 *       streamed chunk by chunk, so memory stays at about one chunk. Nothing is visible before
 *       close.</li>
 *   <li>Reads are ranged GETs ({@code alt=media} with a Range header); {@link #readRanges}
 *       merges nearby ranges and fetches the merged ones in parallel. Listings are paginated,
 *       one directory level.</li>
 * </ul>
 */
final class GcsObjectStore implements ObjectStore {
  static final String WRITER_TOKEN = "lance4j-writer";
  static final int MERGE_GAP = 256 << 10;
  static final int MAX_MERGED = 16 << 20;

  private final Storage storage;
  private final ExecutorService pool;
  /** The version hint's writes, in the background (see {@link #putHint}). */
  private final org.lance4j.storage.HintWrites hints;
  private final GcsSettings settings;
  private final String bucket;
  private final ObjectKeys keys;
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder readRequests = new LongAdder();

  GcsObjectStore(Storage storage, ExecutorService pool, GcsSettings settings) {
    this.storage = storage;
    this.pool = pool;
    this.hints = new org.lance4j.storage.HintWrites(pool, this::put);
    this.settings = settings;
    this.bucket = settings.bucket();
    this.keys = new ObjectKeys("gs", settings.bucket(), settings.prefix());
  }

  @Override
  public String root() {
    return keys.root();
  }

  @Override
  public StorageStats stats() {
    return new StorageStats(bytesRead.sum(), readRequests.sum());
  }

  String name(String path) {
    return keys.key(path);
  }

  private BlobId id(String path) {
    return BlobId.of(bucket, name(path));
  }

  private String dirPrefix(String dir) {
    return keys.dirPrefix(dir);
  }

  private String where(String path) {
    return keys.where(path);
  }

  private IOException io(String what, String path, RuntimeException e) {
    if (e instanceof StorageException s) {
      if (s.getCode() == 404) {
        return new NotFoundException(where(path));
      }
      return new IOException("GCS " + what + " of " + where(path) + " failed: " + s.getCode()
          + " " + s.getReason() + ": " + s.getMessage(), e);
    }
    return new IOException("GCS " + what + " of " + where(path) + " failed: " + e, e);
  }

  /** Largest read-ahead window of a sequential run of reads ({@link ReadAhead}). */
  static final int READ_AHEAD = 8 << 20;

  /** Ranged reads with read-ahead: a scan's chunk-by-chunk reads become a few large requests. */
  @Override
  public RangeReader openRangeReader(String path) throws IOException {
    return openRangeReader(path, -1);
  }

  /** As {@link #openRangeReader(String)}; a known size saves the size request (HEAD). */
  @Override
  public RangeReader openRangeReader(String path, long knownSize) throws IOException {
    // the next windows of each column's run are requested while the caller decodes
    return ReadAhead.open(this, path, knownSize, READ_AHEAD, pool, settings.readConcurrency());
  }

  @Override
  public long size(String path) throws IOException {
    Blob b;
    try {
      b = storage.get(id(path));
    } catch (RuntimeException e) {
      throw io("GET metadata", path, e);
    }
    if (b == null) {
      throw new NotFoundException(where(path));
    }
    return b.getSize() == null ? 0 : b.getSize();
  }

  @Override
  public boolean exists(String path) throws IOException {
    try {
      size(path);
      return true;
    } catch (java.io.FileNotFoundException e) {
      return false;
    }
  }

  @Override
  public ByteBuffer read(String path, long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new EOFException("read of " + length + " bytes at " + offset + " of " + where(path));
    }
    if (length == 0) {
      long size = size(path);
      if (offset > size) {
        throw new EOFException("read at " + offset + " runs past the end of " + where(path)
            + " (" + size + " bytes)");
      }
      return ByteBuffer.allocate(0);
    }
    ByteBuffer buf = ByteBuffer.allocate(length);
    try (ReadChannel in = storage.reader(id(path))) {
      in.seek(offset);
      in.limit(offset + length);
      in.setChunkSize(0); // one GET for the whole range
      while (buf.hasRemaining()) {
        int r = in.read(buf);
        if (r < 0) {
          break;
        }
      }
    } catch (StorageException e) {
      if (e.getCode() == 416) {
        throw new EOFException("read of " + length + " bytes at " + offset + " runs past the end"
            + " of " + where(path));
      }
      throw io("GET", path, e);
    } catch (RuntimeException e) {
      throw io("GET", path, e);
    } catch (IOException e) {
      if (e.getCause() instanceof StorageException s) {
        if (s.getCode() == 416) {
          throw new EOFException("read of " + length + " bytes at " + offset + " runs past the"
              + " end of " + where(path));
        }
        throw io("GET", path, s);
      }
      throw e;
    }
    if (buf.hasRemaining()) {
      throw new EOFException("read of " + length + " bytes at " + offset + " runs past the end"
          + " of " + where(path));
    }
    bytesRead.add(length);
    readRequests.increment();
    buf.flip();
    return buf;
  }

  @Override
  public List<ByteBuffer> readRanges(String path, List<Range> ranges) throws IOException {
    return RangeReads.read(ranges, MERGE_GAP, MAX_MERGED, settings.readConcurrency(), pool,
        "reading from GCS", (offset, length) -> read(path, offset, length));
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return new GcsOutputStream(this, path, settings.chunkSize());
  }

  /** One upload, replacing any object there. */
  @Override
  public void put(String path, byte[] data) throws IOException {
    put(path, data, data.length);
  }

  void put(String path, byte[] data, int length) throws IOException {
    try {
      storage.create(BlobInfo.newBuilder(id(path)).build(), data, 0, length);
    } catch (RuntimeException e) {
      throw io("upload", path, e);
    }
  }

  /** A resumable upload to the path (for {@link GcsOutputStream}). */
  WriteChannel writer(String path) throws IOException {
    try {
      WriteChannel w = storage.writer(BlobInfo.newBuilder(id(path)).build());
      w.setChunkSize(settings.chunkSize());
      return w;
    } catch (RuntimeException e) {
      throw io("resumable upload start", path, e);
    }
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    String token = UUID.randomUUID().toString();
    try {
      storage.create(BlobInfo.newBuilder(id(path)).setMetadata(Map.of(WRITER_TOKEN, token))
          .build(), data, Storage.BlobTargetOption.doesNotExist());
      return PutResult.CREATED;
    } catch (StorageException e) {
      int code = e.getCode();
      if (code == 412 || code == 409) {
        // exists: maybe our own write, seen by a retry after a lost answer
        return readBack(path, data, token);
      }
      if (code >= 400 && code < 500 && code != 408 && code != 429) {
        throw io("conditional upload", path, e);
      }
      // a server error or lost answer after the library's retries: the write may have landed
    } catch (RuntimeException e) {
      // an I/O failure after the library's retries: the write may have landed
    }
    return readBack(path, data, token);
  }

  private PutResult readBack(String path, byte[] data, String token) {
    try {
      Blob b = storage.get(id(path));
      if (b == null) {
        return PutResult.UNKNOWN;
      }
      Map<String, String> meta = b.getMetadata();
      String there = meta == null ? null : meta.get(WRITER_TOKEN);
      if (there != null) {
        return there.equals(token) ? PutResult.CREATED : PutResult.ALREADY_EXISTS;
      }
      if (b.getSize() != null && b.getSize() != data.length) {
        return PutResult.ALREADY_EXISTS;
      }
      byte[] content = storage.readAllBytes(b.getBlobId());
      return Arrays.equals(content, data) ? PutResult.CREATED : PutResult.ALREADY_EXISTS;
    } catch (RuntimeException e) {
      return PutResult.UNKNOWN;
    }
  }

  @Override
  public List<ObjectInfo> listWithInfo(String dir) throws IOException {
    return listFrom(dir, null, Integer.MAX_VALUE);
  }

  @Override
  public List<ObjectInfo> listFrom(String dir, String startAfter, int limit) throws IOException {
    ObjectKeys.checkLimit(limit);
    List<ObjectInfo> out = new ArrayList<>();
    if (limit == 0) {
      return out;
    }
    String p = dirPrefix(dir);
    boolean from = startAfter != null && !startAfter.isEmpty();
    try {
      List<Storage.BlobListOption> opts = new ArrayList<>(List.of(
          Storage.BlobListOption.prefix(p), Storage.BlobListOption.currentDirectory(),
          Storage.BlobListOption.pageSize(Math.min(1000, limit + (from ? 1 : 0)))));
      if (from) {
        opts.add(Storage.BlobListOption.startOffset(p + startAfter)); // inclusive
      }
      Page<Blob> page = storage.list(bucket, opts.toArray(new Storage.BlobListOption[0]));
      while (page != null) {
        for (Blob b : page.getValues()) {
          if (b.isDirectory()) {
            continue;
          }
          String name = ObjectKeys.childName(b.getName(), p, startAfter);
          if (name == null) {
            continue; // a "directory marker", a deeper key, or not after the start
          }
          out.add(new ObjectInfo(name, b.getSize() == null ? 0 : b.getSize(),
              b.getUpdateTimeOffsetDateTime() == null ? null
                  : b.getUpdateTimeOffsetDateTime().toInstant()));
          if (out.size() >= limit) {
            return out;
          }
        }
        page = page.hasNextPage() ? page.getNextPage() : null;
      }
    } catch (RuntimeException e) {
      throw io("LIST", dir, e);
    }
    out.sort(Comparator.comparing(ObjectInfo::name));
    return out;
  }

  @Override
  public void delete(String path) throws IOException {
    try {
      storage.delete(id(path));
    } catch (RuntimeException e) {
      throw io("DELETE", path, e);
    }
  }

  /** A hint's write does not hold up the caller: it runs on the store's pool. */
  @Override
  public void putHint(String path, byte[] data) {
    hints.submit(path, data);
  }

  /** The client is shared (see the provider). */
  @Override
  public void close() {
    hints.awaitClose(); // the hint writes still running
  }
}
