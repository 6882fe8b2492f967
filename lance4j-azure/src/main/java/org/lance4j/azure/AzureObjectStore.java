package org.lance4j.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobDownloadResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * {@link ObjectStore} on an Azure Blob Storage container under a blob name prefix.
 *
 * <ul>
 *   <li>{@link #putIfAbsent}: Put Blob with {@code If-None-Match: *}, carrying a random writer
 *       token as blob metadata. Azure answers an existing blob with 409 BlobAlreadyExists; that
 *       may be this call's own write seen by an SDK retry after the first answer was lost, so
 *       before calling it a conflict the blob is read back: our token (or our exact bytes)
 *       means CREATED. A lost answer is settled the same way; when even the read-back fails
 *       the result is UNKNOWN.</li>
 *   <li>{@link #create}: buffered up to one block; a blob that outgrows it is staged block by
 *       block (one block uploading in the background while the next one fills) and committed
 *       by Put Block List on close, so memory stays at two blocks. Small blobs go in one Put
 *       Blob. Staged blocks of an abandoned stream are never committed (Azure drops them).</li>
 *   <li>Reads are ranged GETs; {@link #readRanges} merges nearby ranges and fetches the merged
 *       ones in parallel. Listings are paginated, one directory level (delimiter '/').</li>
 * </ul>
 */
final class AzureObjectStore implements ObjectStore {
  /** Blob metadata name of a putIfAbsent's writer token (metadata names are C# identifiers). */
  static final String WRITER_TOKEN = "lance4jwriter";
  static final int MERGE_GAP = 256 << 10;
  static final int MAX_MERGED = 16 << 20;

  private final BlobContainerClient container;
  private final ExecutorService pool;
  /** The version hint's writes, in the background (see {@link #putHint}). */
  private final org.lance4j.storage.HintWrites hints;
  private final AzureSettings settings;
  private final ObjectKeys keys;
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder readRequests = new LongAdder();

  AzureObjectStore(BlobContainerClient container, ExecutorService pool, AzureSettings settings) {
    this.container = container;
    this.pool = pool;
    this.hints = new org.lance4j.storage.HintWrites(pool, this::put);
    this.settings = settings;
    this.keys = new ObjectKeys("az", settings.container(), settings.prefix());
  }

  @Override
  public String root() {
    return keys.root();
  }

  @Override
  public StorageStats stats() {
    return new StorageStats(bytesRead.sum(), readRequests.sum());
  }

  /** The blob name of a dataset-relative path. */
  String blobName(String path) {
    return keys.key(path);
  }

  private String dirPrefix(String dir) {
    return keys.dirPrefix(dir);
  }

  private BlobClient blob(String path) {
    return container.getBlobClient(blobName(path));
  }

  private String where(String path) {
    return keys.where(path);
  }

  private static boolean notFound(BlobStorageException e) {
    return e.getStatusCode() == 404 || BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode());
  }

  /** An SDK failure as the IOException the SPI promises, naming the blob. */
  private IOException io(String what, String path, RuntimeException e) {
    if (e instanceof BlobStorageException b) {
      if (notFound(b) && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode())) {
        return new NotFoundException(where(path));
      }
      return new IOException("Azure " + what + " of " + where(path) + " failed: "
          + b.getStatusCode() + " " + b.getErrorCode(), e);
    }
    Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
    return new IOException("Azure " + what + " of " + where(path) + " failed: " + c, e);
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
    try {
      return blob(path).getProperties().getBlobSize();
    } catch (RuntimeException e) {
      throw io("HEAD", path, e);
    }
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
    Sink sink = new Sink(length);
    try {
      BlobDownloadResponse r = blob(path).downloadStreamWithResponse(sink,
          new BlobRange(offset, (long) length), null, null, false, null, Context.NONE);
      if (sink.overflow) {
        throw new IOException("the server sent more bytes than the requested range of "
            + where(path));
      }
      if (sink.n < length) {
        String cr = r.getDeserializedHeaders().getContentRange();
        throw new EOFException("read of " + length + " bytes at " + offset + " runs past the end"
            + " of " + where(path) + (cr != null ? " (" + cr + ")" : ""));
      }
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 416) {
        throw new EOFException("read of " + length + " bytes at " + offset + " runs past the end"
            + " of " + where(path));
      }
      throw io("GET", path, e);
    } catch (RuntimeException e) {
      throw io("GET", path, e);
    }
    bytesRead.add(length);
    readRequests.increment();
    return ByteBuffer.wrap(sink.buf);
  }

  /** A fixed-size buffer the download writes into (notes bytes beyond the range asked). */
  private static final class Sink extends OutputStream {
    final byte[] buf;
    int n;
    boolean overflow;

    Sink(int length) {
      buf = new byte[length];
    }

    @Override
    public void write(int b) {
      if (n < buf.length) {
        buf[n++] = (byte) b;
      } else {
        overflow = true;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int take = Math.min(len, buf.length - n);
      System.arraycopy(b, off, buf, n, take);
      n += take;
      if (take < len) {
        overflow = true;
      }
    }
  }

  @Override
  public List<ByteBuffer> readRanges(String path, List<Range> ranges) throws IOException {
    return RangeReads.read(ranges, MERGE_GAP, MAX_MERGED, settings.readConcurrency(), pool,
        "reading from Azure", (offset, length) -> read(path, offset, length));
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return new AzureOutputStream(this, path, settings.blockSize(), pool,
        settings.uploadConcurrency());
  }

  /** One Put Blob, replacing any blob there. */
  @Override
  public void put(String path, byte[] data) throws IOException {
    put(path, data, data.length);
  }

  void put(String path, byte[] data, int length) throws IOException {
    try {
      blob(path).getBlockBlobClient().uploadWithResponse(new BlockBlobSimpleUploadOptions(
          BinaryData.fromByteBuffer(ByteBuffer.wrap(data, 0, length))), null, Context.NONE);
    } catch (RuntimeException e) {
      throw io("PUT", path, e);
    }
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    String token = UUID.randomUUID().toString();
    try {
      blob(path).getBlockBlobClient().uploadWithResponse(
          new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(data))
              .setMetadata(Map.of(WRITER_TOKEN, token))
              .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
          null, Context.NONE);
      return PutResult.CREATED;
    } catch (BlobStorageException e) {
      int status = e.getStatusCode();
      if (status == 409 || status == 412) {
        // exists (BlobAlreadyExists): maybe our own write, seen by an SDK retry after a lost
        // answer
        return readBack(path, data, token);
      }
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        // refused outright (credentials, no container): nothing was written
        throw io("conditional PUT", path, e);
      }
      // a server error after the SDK's retries: the write may have landed
    } catch (RuntimeException e) {
      // an I/O error or timeout after the SDK's retries: the write may have landed
    }
    return readBack(path, data, token);
  }

  /**
   * Settles a conditional PUT answered 409 or lost: our token (or our exact bytes) means
   * CREATED, another blob ALREADY_EXISTS, no blob or a failed read UNKNOWN.
   */
  private PutResult readBack(String path, byte[] data, String token) {
    try {
      BlobDownloadContentResponse r = blob(path).downloadContentWithResponse(null, null, null,
          Context.NONE);
      Map<String, String> meta = r.getDeserializedHeaders().getMetadata();
      String there = meta == null ? null : meta.get(WRITER_TOKEN);
      if (there != null) {
        return there.equals(token) ? PutResult.CREATED : PutResult.ALREADY_EXISTS;
      }
      return Arrays.equals(r.getValue().toBytes(), data) ? PutResult.CREATED
          : PutResult.ALREADY_EXISTS;
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
      String marker = null;
      do {
        ListBlobsOptions opts = new ListBlobsOptions().setPrefix(p)
            .setMaxResultsPerPage((int) Math.min(settings.listPageSize(),
                (long) limit - out.size() + (from ? 1 : 0)));
        var pages = container.listBlobsByHierarchy("/", opts, null);
        PagedResponse<BlobItem> page = (marker == null ? pages.iterableByPage()
            : pages.iterableByPage(marker)).iterator().next();
        for (BlobItem item : page.getValue()) {
          if (Boolean.TRUE.equals(item.isPrefix())) {
            continue; // a "sub-directory"
          }
          String name = ObjectKeys.childName(item.getName(), p, startAfter);
          if (name == null) {
            continue; // a "directory marker", a deeper key, or not after the start
          }
          var props = item.getProperties();
          out.add(new ObjectInfo(name,
              props == null || props.getContentLength() == null ? 0 : props.getContentLength(),
              props == null || props.getLastModified() == null ? null
                  : props.getLastModified().toInstant()));
          if (out.size() >= limit) {
            return out;
          }
        }
        marker = page.getContinuationToken();
      } while (marker != null && !marker.isEmpty());
    } catch (BlobStorageException e) {
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
        throw new IOException("Azure LIST of " + where(dir) + " failed: no container '"
            + settings.container() + "'", e);
      }
      throw io("LIST", dir, e);
    } catch (RuntimeException e) {
      throw io("LIST", dir, e);
    }
    out.sort(Comparator.comparing(ObjectInfo::name));
    return out;
  }

  @Override
  public void delete(String path) throws IOException {
    try {
      blob(path).deleteIfExists();
    } catch (RuntimeException e) {
      throw io("DELETE", path, e);
    }
  }

  /** A hint's write does not hold up the caller: it runs on the store's pool. */
  @Override
  public void putHint(String path, byte[] data) {
    hints.submit(path, data);
  }

  /** The client is shared (see the provider): nothing to release per store. */
  @Override
  public void close() {
    hints.awaitClose(); // the hint writes still running
  }

  /** Put Block of one staged block, for {@link AzureOutputStream}. */
  void stageBlock(String path, String blockId, byte[] data, int length) throws IOException {
    try {
      blob(path).getBlockBlobClient().stageBlock(blockId,
          BinaryData.fromByteBuffer(ByteBuffer.wrap(data, 0, length)));
    } catch (RuntimeException e) {
      throw io("Put Block", path, e);
    }
  }

  /** Put Block List: the staged blocks become the blob. */
  void commitBlocks(String path, List<String> blockIds) throws IOException {
    try {
      blob(path).getBlockBlobClient().commitBlockList(blockIds, true);
    } catch (RuntimeException e) {
      throw io("Put Block List", path, e);
    }
  }
}
