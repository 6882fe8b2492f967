package org.lance4j.file;

import java.nio.ByteBuffer;
import java.util.List;
import org.lance4j.CorruptFileException;
import org.lance4j.io.ObjectStore;
import org.lance4j.proto.EncodingProtos;
import org.lance4j.proto.File2Protos;

/**
 * The pages of one column: where each starts (the running sum of page lengths), their decoded
 * encodings, and the bytes of the most recently used page, kept so that consecutive reads inside
 * one page fetch it only once. A page's buffers are fetched with one request when they are
 * adjacent in the file (as the 2.0 writer lays them out), else one request per buffer.
 */
final class ColumnPageReader {
  /** Buffers further apart than this are fetched separately. */
  private static final long MAX_GAP = 4096;

  /** One page: its first row in the column, row count, encoding and buffers. */
  record Page(int index, long firstRow, long length, EncodingProtos.ArrayEncoding encoding,
      ByteBuffer[] buffers) {}

  private final ObjectStore store;
  private final String path;
  private final String file;
  private final int column;
  private final List<File2Protos.ColumnMetadata.Page> pages;
  private final long[] firstRows;
  private final long fileSize;
  private final EncodingProtos.ArrayEncoding[] encodings;
  private Page cached;
  private long[] itemStarts;

  ColumnPageReader(ObjectStore store, String path, String file, int column,
      File2Protos.ColumnMetadata meta, long fileSize) {
    this.store = store;
    this.path = path;
    this.file = file;
    this.column = column;
    this.pages = meta.getPagesList();
    this.fileSize = fileSize;
    this.firstRows = new long[pages.size() + 1];
    for (int i = 0; i < pages.size(); i++) {
      firstRows[i + 1] = firstRows[i] + pages.get(i).getLength();
    }
    this.encodings = new EncodingProtos.ArrayEncoding[pages.size()];
  }

  int column() {
    return column;
  }

  int numPages() {
    return pages.size();
  }

  /** Rows (or items, for a list's item column) in the whole column. */
  long numRows() {
    return firstRows[pages.size()];
  }

  long firstRow(int page) {
    return firstRows[page];
  }

  long length(int page) {
    return pages.get(page).getLength();
  }

  /** Index of the first non-empty page holding {@code row}, or numPages() when past the end. */
  int pageOf(long row) {
    int lo = 0;
    int hi = pages.size();
    // first page whose end > row
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (firstRows[mid + 1] > row) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The page's encoding, decoded once (no I/O). */
  EncodingProtos.ArrayEncoding encoding(int page) {
    EncodingProtos.ArrayEncoding e = encodings[page];
    if (e == null) {
      e = EncodingAny.arrayEncoding(pages.get(page).getEncoding(),
          "Lance file " + file + " column " + column + " page " + page);
      encodings[page] = e;
    }
    return e;
  }

  /** The page with its buffers, from the cache or the store. */
  Page page(int index) {
    Page c = cached;
    if (c != null && c.index() == index) {
      return c;
    }
    File2Protos.ColumnMetadata.Page meta = pages.get(index);
    int n = meta.getBufferOffsetsCount();
    if (meta.getBufferSizesCount() != n) {
      throw new CorruptFileException("Lance file " + file + " column " + column + " page " + index
          + ": " + n + " buffer offsets but " + meta.getBufferSizesCount() + " sizes");
    }
    ByteBuffer[] bufs = new ByteBuffer[n];
    long lo = Long.MAX_VALUE;
    long hi = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      long off = meta.getBufferOffsets(i);
      long size = meta.getBufferSizes(i);
      if (off < 0 || size < 0 || size > Integer.MAX_VALUE || off + size > fileSize) {
        throw new CorruptFileException("Lance file " + file + " column " + column + " page "
            + index + ": buffer " + i + " (" + off + ", " + size + " bytes) lies outside the file");
      }
      lo = Math.min(lo, off);
      hi = Math.max(hi, off + size);
      total += size;
    }
    if (n > 0 && hi - lo <= Integer.MAX_VALUE && hi - lo <= total + MAX_GAP * n) {
      ByteBuffer all = FileMetadataReader.fetch(store, path, file, lo, (int) (hi - lo));
      for (int i = 0; i < n; i++) {
        bufs[i] = FileMetadataReader.slice(all, meta.getBufferOffsets(i) - lo,
            (int) meta.getBufferSizes(i));
      }
    } else {
      for (int i = 0; i < n; i++) {
        bufs[i] = FileMetadataReader.fetch(store, path, file, meta.getBufferOffsets(i),
            (int) meta.getBufferSizes(i));
      }
    }
    Page p = new Page(index, firstRows[index], meta.getLength(), encoding(index), bufs);
    cached = p;
    return p;
  }

  /** For a list offsets column: first item of each page, or null until computed. */
  long[] itemStarts() {
    return itemStarts;
  }

  void setItemStarts(long[] starts) {
    itemStarts = starts;
  }

  void clearCache() {
    cached = null;
  }
}
