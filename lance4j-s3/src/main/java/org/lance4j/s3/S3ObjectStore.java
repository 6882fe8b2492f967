package org.lance4j.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on an S3 bucket (or an S3-compatible store) under a key prefix.
 *
 * <ul>
 *   <li>{@link #putIfAbsent}: {@code PutObject} with {@code If-None-Match: *}, carrying a random
 *       writer token as object metadata. A 412 (or a lost answer) may be this call's own write
 *       seen by an SDK retry after the first answer was lost, so before calling it a conflict the
 *       object is read back: our token (or, when the server keeps no metadata, our exact bytes)
 *       means CREATED. When even the read-back fails the result is UNKNOWN.</li>
 *   <li>{@link #create}: buffered up to one part; an object that outgrows it is sent as a
 *       multipart upload, up to {@code lance4j.s3.upload_concurrency} parts (3) uploading in the
 *       background while the next one fills, so memory stays at that many parts plus one
 *       whatever the object's size. Small objects go in one PutObject.</li>
 *   <li>Reads are ranged GETs; {@link #readRanges} merges nearby ranges and fetches the merged
 *       ones in parallel. Listings are paginated.</li>
 * </ul>
 *
 * <p>The S3 client is shared by every store with the same endpoint and connection settings and
 * lives as long as the process ({@link #close()} does not close it): opening datasets and writing
 * fragments on many threads costs no client setup each time. Credentials are per store (sent with
 * each request), so rotating session tokens do not multiply clients.
 */
final class S3ObjectStore implements ObjectStore {
  /** Object metadata key ({@code x-amz-meta-lance4j-writer}) of a putIfAbsent's writer token. */
  static final String WRITER_TOKEN = "lance4j-writer";
  /** Ranges closer than this are fetched in one GET by {@link #readRanges}. */
  static final int MERGE_GAP = 256 << 10;
  /** A merged GET never grows beyond this (unless one range alone is larger). */
  static final int MAX_MERGED = 16 << 20;
  /** Attempts of a putIfAbsent answered 409 (a concurrent conditional write in progress). */
  private static final int CONFLICT_ATTEMPTS = 8;

  private final S3Client s3;
  /** This store's credentials on every request (the client is shared across credentials). */
  private final AwsRequestOverrideConfiguration auth;
  private final ExecutorService pool;
  /** The version hint's writes, in the background (see {@link #putHint}). */
  private final org.lance4j.storage.HintWrites hints;
  private final S3Settings settings;
  private final String bucket;
  private final ObjectKeys keys;
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder readRequests = new LongAdder();

  S3ObjectStore(S3Client s3, AwsRequestOverrideConfiguration auth, ExecutorService pool,
      S3Settings settings) {
    this.s3 = s3;
    this.auth = auth;
    this.pool = pool;
    this.hints = new org.lance4j.storage.HintWrites(pool, this::put);
    this.settings = settings;
    this.bucket = settings.bucket();
    this.keys = new ObjectKeys("s3", settings.bucket(), settings.prefix());
  }

  @Override
  public String root() {
    return keys.root();
  }

  @Override
  public StorageStats stats() {
    return new StorageStats(bytesRead.sum(), readRequests.sum());
  }

  /** The object key of a dataset-relative path. */
  String key(String path) {
    return keys.key(path);
  }

  /** The listing prefix of a dataset-relative directory ("" or ends with '/'). */
  private String dirPrefix(String dir) {
    return keys.dirPrefix(dir);
  }

  private String where(String path) {
    return keys.where(path);
  }

  private static boolean notFound(SdkException e) {
    return e instanceof NoSuchKeyException
        || (e instanceof S3Exception s && s.statusCode() == 404);
  }

  /** An SDK failure as the IOException the SPI promises, naming the object. */
  private IOException io(String what, String path, SdkException e) {
    if (notFound(e)) {
      return new NotFoundException(where(path));
    }
    String detail = e instanceof S3Exception s && s.awsErrorDetails() != null
        ? s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": "
            + s.awsErrorDetails().errorMessage()
        : e.getMessage();
    return new IOException("S3 " + what + " of " + where(path) + " failed: " + detail, e);
  }

  private HeadObjectResponse head(String path) throws IOException {
    try {
      return s3.headObject(b -> b.overrideConfiguration(auth).bucket(bucket).key(key(path)));
    } catch (SdkException e) {
      throw io("HEAD", path, e);
    }
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
    return head(path).contentLength();
  }

  @Override
  public boolean exists(String path) throws IOException {
    try {
      head(path);
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
    byte[] buf = new byte[length];
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    int n;
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(
        b -> b.overrideConfiguration(auth).bucket(bucket).key(key(path)).range(range))) {
      n = readFully(in, buf);
      Long total = totalSize(in.response());
      if (n < length) {
        throw new EOFException("read of " + length + " bytes at " + offset + " runs past the end"
            + " of " + where(path) + (total != null ? " (" + total + " bytes)" : ""));
      }
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        throw new EOFException("read of " + length + " bytes at " + offset + " runs past the end"
            + " of " + where(path));
      }
      throw io("GET", path, e);
    } catch (SdkException e) {
      throw io("GET", path, e);
    }
    bytesRead.add(n);
    readRequests.increment();
    return ByteBuffer.wrap(buf);
  }

  /** One GET of the whole object (no HEAD for its size first). */
  @Override
  public ByteBuffer readAll(String path) throws IOException {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(
        b -> b.overrideConfiguration(auth).bucket(bucket).key(key(path)))) {
      Long len = in.response().contentLength();
      if (len != null && len > Integer.MAX_VALUE) {
        throw new IOException("object too large to read whole: " + where(path) + " (" + len
            + " bytes)");
      }
      byte[] buf = len != null ? new byte[(int) (long) len] : in.readAllBytes();
      if (len != null) {
        int n = 0;
        while (n < buf.length) {
          int r = in.read(buf, n, buf.length - n);
          if (r < 0) {
            throw new EOFException("short read of " + where(path) + ": " + n + " of "
                + buf.length + " bytes");
          }
          n += r;
        }
      }
      bytesRead.add(buf.length);
      readRequests.increment();
      return ByteBuffer.wrap(buf);
    } catch (SdkException e) {
      throw io("GET", path, e);
    }
  }

  /** S3 lists from a start key ({@code start-after}) and stops at {@code max-keys}. */
  @Override
  public boolean listFromIsCheap() {
    return true;
  }

  /** The object size from a ranged GET's Content-Range ("bytes 0-9/1234"), or null. */
  private static Long totalSize(GetObjectResponse r) {
    String cr = r.contentRange();
    if (cr == null) {
      return null;
    }
    int slash = cr.lastIndexOf('/');
    try {
      return slash < 0 ? null : Long.parseLong(cr.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int readFully(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    if (n == buf.length && in.read() >= 0) {
      // a server that ignores Range sends the whole object: not what was asked
      throw new IOException("the server sent more bytes than the requested range");
    }
    return n;
  }

  @Override
  public List<ByteBuffer> readRanges(String path, List<Range> ranges) throws IOException {
    return RangeReads.read(ranges, MERGE_GAP, MAX_MERGED, settings.readConcurrency(), pool,
        "reading from S3", (offset, length) -> read(path, offset, length));
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return new S3OutputStream(this, path, key(path), settings.partSize(), pool,
        settings.uploadConcurrency());
  }

  /** One PutObject (what {@code create()} ends in for objects smaller than a part). */
  @Override
  public void put(String path, byte[] data) throws IOException {
    try {
      s3.putObject(b -> b.overrideConfiguration(auth).bucket(bucket).key(key(path))
          .contentLength((long) data.length), body(data, data.length));
    } catch (SdkException e) {
      throw io("PUT", path, e);
    }
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    String token = UUID.randomUUID().toString();
    String key = key(path);
    for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      try {
        s3.putObject(b -> b.overrideConfiguration(auth).bucket(bucket).key(key).ifNoneMatch("*")
                .contentLength((long) data.length).metadata(Map.of(WRITER_TOKEN, token)),
            body(data, data.length));
        return PutResult.CREATED;
      } catch (S3Exception e) {
        int status = e.statusCode();
        if (status == 412) {
          // exists: maybe our own write, answered 412 on an SDK retry after a lost answer
          return readBack(path, data, token);
        }
        if (status == 409) {
          // a concurrent conditional write to the same key is in progress: try again shortly
          pause(attempt);
          continue;
        }
        if (status == 501 || (status >= 400 && status < 500 && status != 408 && status != 429)) {
          // refused outright (bad credentials, no bucket, conditional writes unsupported):
          // nothing was written
          throw io("conditional PUT", path, e);
        }
        // a server error after the SDK's retries: the write may have landed
      } catch (SdkException e) {
        // an I/O error or timeout after the SDK's retries: the write may have landed
      }
      break;
    }
    // a lost answer, a server error or a conflict that did not clear: look before answering
    return readBack(path, data, token);
  }

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(Math.min(500, 10L << Math.min(attempt, 6)));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during a conditional PUT");
    }
  }

  /**
   * Settles a conditional PUT whose answer was a 412 or lost: reads the object back. Our token
   * (or, on a server that drops metadata, our exact bytes) means CREATED; another object means
   * ALREADY_EXISTS; no object (the write did not land, or not yet) or a failed read means
   * UNKNOWN, which the caller settles (the commit puts the same bytes again).
   */
  private PutResult readBack(String path, byte[] data, String token) {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(
        b -> b.overrideConfiguration(auth).bucket(bucket).key(key(path)))) {
      GetObjectResponse r = in.response();
      String there = r.metadata() == null ? null : r.metadata().get(WRITER_TOKEN);
      if (there != null) {
        return there.equals(token) ? PutResult.CREATED : PutResult.ALREADY_EXISTS;
      }
      if (r.contentLength() != null && r.contentLength() != data.length) {
        return PutResult.ALREADY_EXISTS;
      }
      byte[] buf = new byte[data.length];
      int n = readFully(in, buf);
      return n == data.length && Arrays.equals(buf, data) ? PutResult.CREATED
          : PutResult.ALREADY_EXISTS;
    } catch (SdkException e) {
      return PutResult.UNKNOWN;
    } catch (IOException e) {
      return PutResult.UNKNOWN;
    }
  }

  /** Objects directly under the directory (S3 "sub-directories", common prefixes, skipped). */
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
    String token = null;
    try {
      do {
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder()
            .overrideConfiguration(auth).bucket(bucket)
            .prefix(p).delimiter("/").maxKeys(Math.min(1000, limit - out.size()));
        if (token != null) {
          req.continuationToken(token);
        } else if (startAfter != null && !startAfter.isEmpty()) {
          req.startAfter(p + startAfter);
        }
        ListObjectsV2Response page = s3.listObjectsV2(req.build());
        for (S3Object o : page.contents()) {
          String name = ObjectKeys.childName(o.key(), p, startAfter);
          if (name == null) {
            continue; // a "directory marker", a deeper key, or not after the start
          }
          out.add(new ObjectInfo(name, o.size() == null ? 0 : o.size(), o.lastModified()));
          if (out.size() >= limit) {
            return out;
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      if (e instanceof S3Exception s && s.statusCode() == 404) {
        throw new IOException("S3 LIST of " + where(dir) + " failed: no bucket '" + bucket + "'",
            e);
      }
      throw io("LIST", dir, e);
    }
    // servers should return keys in order; sort in case one does not, so callers can rely on it
    out.sort(Comparator.comparing(ObjectInfo::name));
    return out;
  }

  @Override
  public void delete(String path) throws IOException {
    try {
      s3.deleteObject(b -> b.overrideConfiguration(auth).bucket(bucket).key(key(path)));
    } catch (SdkException e) {
      if (notFound(e)) {
        return;
      }
      throw io("DELETE", path, e);
    }
  }

  /** A hint's write does not hold up the caller: it runs on the store's pool. */
  @Override
  public void putHint(String path, byte[] data) {
    hints.submit(path, data);
  }

  /** The client is shared (see the class doc): only the background hint writes are waited for. */
  @Override
  public void close() {
    hints.awaitClose(); // the hint writes still running
  }

  /**
   * A request body over {@code data[0, length)} without copying it (the SDK's {@code fromBytes}
   * and {@code fromByteBuffer} copy every payload): each attempt (a retry too) reads a new stream
   * over the same array, which the caller leaves untouched until the request has returned.
   */
  static RequestBody body(byte[] data, int length) {
    return RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(data, 0, length),
        length, "application/octet-stream");
  }

  /** Upload of one part, for {@link S3OutputStream}. */
  CompletedPart uploadPart(String path, String key, String uploadId, int number, byte[] data,
      int length) throws IOException {
    try {
      var r = s3.uploadPart(b -> b.overrideConfiguration(auth).bucket(bucket).key(key)
          .uploadId(uploadId).partNumber(number).contentLength((long) length),
          body(data, length));
      return CompletedPart.builder().partNumber(number).eTag(r.eTag()).build();
    } catch (SdkException e) {
      throw io("upload of part " + number, path, e);
    }
  }

  String startMultipart(String path, String key) throws IOException {
    try {
      return s3.createMultipartUpload(b -> b.overrideConfiguration(auth).bucket(bucket).key(key))
          .uploadId();
    } catch (SdkException e) {
      throw io("multipart upload start", path, e);
    }
  }

  void completeMultipart(String path, String key, String uploadId, List<CompletedPart> parts)
      throws IOException {
    try {
      s3.completeMultipartUpload(b -> b.overrideConfiguration(auth).bucket(bucket).key(key)
          .uploadId(uploadId)
          .multipartUpload(u -> u.parts(parts)));
    } catch (SdkException e) {
      throw io("multipart upload completion", path, e);
    }
  }

  void abortMultipart(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.overrideConfiguration(auth).bucket(bucket).key(key)
          .uploadId(uploadId));
    } catch (SdkException e) {
      // best effort: a bucket lifecycle rule removes abandoned uploads
    }
  }
}
