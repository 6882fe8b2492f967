package org.lance4j.internal.file.v20;

import org.lance4j.internal.file.EncodingAny;
import org.lance4j.internal.file.FileMetadataReader;
import org.lance4j.internal.file.FileErrors;
import java.nio.ByteBuffer;
import java.util.List;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.EncodingProtos;
import org.lance4j.proto.File2Protos;

/**
 * The pages of one column: where each starts (the running sum of page lengths), their decoded
 * encodings, and the bytes of the most recently used page, kept so that consecutive reads inside
 * one page fetch it only once. A page's buffers are fetched with one request when they are
 * adjacent in the file (as the 2.0 writer lays them out), else one request per buffer.
 */
public final class ColumnPageReader {
  /** Buffers further apart than this are fetched separately. */
  private static final long MAX_GAP = 4096;

  /**
   * One page: its first row in the column, row count, encoding and buffers. {@code bases} (null =
   * all zero) gives, per buffer, the byte of the stored buffer that {@code buffers[i]} starts at
   * when only part of it was fetched.
   */
  record Page(int index, long firstRow, long length, EncodingProtos.ArrayEncoding encoding,
      ByteBuffer[] buffers, long[] bases, ByteBuffer[] inflated) {
    Page(int index, long firstRow, long length, EncodingProtos.ArrayEncoding encoding,
        ByteBuffer[] buffers, long[] bases) {
      this(index, firstRow, length, encoding, buffers, bases, new ByteBuffer[buffers.length]);
    }

    Page(int index, long firstRow, long length, EncodingProtos.ArrayEncoding encoding,
        ByteBuffer[] buffers) {
      this(index, firstRow, length, encoding, buffers, null);
    }

    long base(int buffer) {
      return bases == null ? 0 : bases[buffer];
    }
  }

  private final ObjectStore.RangeReader in;
  private final String file;
  private final int column;
  private final List<File2Protos.ColumnMetadata.Page> pages;
  private final long[] firstRows;
  private final long fileSize;
  private final EncodingProtos.ArrayEncoding[] encodings;
  /** Pages smaller than this are always fetched whole. */
  private static final long PARTIAL_MIN_BYTES = 1L << 20;
  private Page cached;
  /** Column row where the previous read through this column ended (to detect scans). */
  private long lastEnd;
  private long[] itemStarts;

  public ColumnPageReader(ObjectStore.RangeReader in, String file, int column,
      File2Protos.ColumnMetadata meta, long fileSize) {
    this.in = in;
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

  public int numPages() {
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
  public EncodingProtos.ArrayEncoding encoding(int page) {
    EncodingProtos.ArrayEncoding e = encodings[page];
    if (e == null) {
      e = EncodingAny.arrayEncoding(pages.get(page).getEncoding(),
          FileErrors.column(file, column) + " page " + page);
      encodings[page] = e;
    }
    return e;
  }

  /**
   * The page holding rows {@code [from, to)} (page-relative). A scan (this read starts where the
   * previous one ended) fetches and caches the whole page. A small range of a large page whose
   * buffers are laid out row by row (Nullable / Flat / FixedSizeList) fetches only the bytes of
   * those rows: the returned page then starts at a later first row (a multiple of 8 rows into the
   * page, so bitmaps stay byte-aligned) and is not cached.
   */
  Page page(int index, long from, long to) {
    Page c = cached;
    boolean scan = firstRows[index] + from == lastEnd;
    lastEnd = firstRows[index] + to;
    if ((c != null && c.index() == index) || scan) {
      return page(index);
    }
    File2Protos.ColumnMetadata.Page meta = pages.get(index);
    long total = 0;
    for (long size : meta.getBufferSizesList()) {
      total += size;
    }
    long len = meta.getLength();
    if (total < PARTIAL_MIN_BYTES || (to - from) * 4 > len) {
      return page(index);
    }
    int n = meta.getBufferOffsetsCount();
    if (meta.getBufferSizesCount() != n) {
      return page(index); // reported by page(index)
    }
    if (encoding(index).hasBinary()) {
      Page partial = binaryRows(index, meta, from, to);
      return partial != null ? partial : page(index);
    }
    long[] bitsPerRow = new long[n];
    if (!linear(encoding(index), 1, bitsPerRow)) {
      return page(index);
    }
    long r0 = from & ~7L;
    long[] offsets = new long[n];
    int[] lens = new int[n];
    for (int i = 0; i < n; i++) {
      long bits = bitsPerRow[i];
      long size = meta.getBufferSizes(i);
      if (bits <= 0 || meta.getBufferSizesCount() != n) {
        return page(index); // a buffer we cannot place: take the whole page
      }
      long lo = r0 * bits / 8;
      long hi = Math.min(size, (to * bits + 7) / 8);
      if (hi < lo || lo > Integer.MAX_VALUE || hi - lo > Integer.MAX_VALUE
          || meta.getBufferOffsets(i) + size > fileSize) {
        return page(index);
      }
      offsets[i] = meta.getBufferOffsets(i) + lo;
      lens[i] = (int) (hi - lo);
    }
    ByteBuffer[] bufs = FileMetadataReader.fetchAll(in, file, offsets, lens);
    return new Page(index, firstRows[index] + r0, to - r0, encoding(index), bufs);
  }

  /**
   * Rows [from, to) of a plain Binary page: the end offsets from row from-1 on, then only the
   * bytes those rows span. Null when the page is not laid out as expected.
   */
  private Page binaryRows(int index, File2Protos.ColumnMetadata.Page meta, long from, long to) {
    EncodingProtos.Binary b = encoding(index).getBinary();
    EncodingProtos.ArrayEncoding ie = Offsets.unwrapNoNulls(b.getIndices());
    EncodingProtos.ArrayEncoding be = b.getBytes();
    if (!ie.hasFlat() || ie.getFlat().getBitsPerValue() != 64 || ie.getFlat().hasCompression()
        || !be.hasFlat() || be.getFlat().getBitsPerValue() != 8 || be.getFlat().hasCompression()
        || ie.getFlat().getBuffer().getBufferType() != EncodingProtos.Buffer.BufferType.page
        || be.getFlat().getBuffer().getBufferType() != EncodingProtos.Buffer.BufferType.page) {
      return null;
    }
    int n = meta.getBufferOffsetsCount();
    int ii = ie.getFlat().getBuffer().getBufferIndex();
    int bi = be.getFlat().getBuffer().getBufferIndex();
    if (ii >= n || bi >= n || ii == bi) {
      return null;
    }
    long r0 = Math.max(0, from - 1);
    long iSize = meta.getBufferSizes(ii);
    long bSize = meta.getBufferSizes(bi);
    if (to * 8 > iSize || meta.getBufferOffsets(ii) + iSize > fileSize
        || meta.getBufferOffsets(bi) + bSize > fileSize) {
      return null;
    }
    ByteBuffer ends = FileMetadataReader.fetch(in, file,
        meta.getBufferOffsets(ii) + r0 * 8, (int) ((to - r0) * 8));
    long adj = b.getNullAdjustment();
    long first = from == 0 ? 0 : Offsets.strip(ends.getLong(0), adj);
    long last = Offsets.strip(ends.getLong((int) (to - r0 - 1) * 8), adj);
    if (first < 0 || last < first || last > bSize || last - first > Integer.MAX_VALUE) {
      return null; // let the decoder report it on the whole page
    }
    ByteBuffer bytes = FileMetadataReader.fetch(in, file,
        meta.getBufferOffsets(bi) + first, (int) (last - first));
    ByteBuffer[] bufs = new ByteBuffer[n];
    long[] bases = new long[n];
    for (int i = 0; i < n; i++) {
      bufs[i] = ByteBuffer.allocate(0);
    }
    bufs[ii] = ends;
    bufs[bi] = bytes;
    bases[bi] = first;
    return new Page(index, firstRows[index] + r0, to - r0, encoding(index), bufs, bases);
  }

  /**
   * True when every buffer of the encoding holds a fixed number of bits per row (recorded in
   * {@code bits} by buffer index), so a row range maps to a byte range of each buffer.
   */
  static boolean linear(EncodingProtos.ArrayEncoding e, long perRow, long[] bits) {
    switch (e.getArrayEncodingCase()) {
      case NULLABLE: {
        EncodingProtos.Nullable n = e.getNullable();
        switch (n.getNullabilityCase()) {
          case NO_NULLS:
            return linear(n.getNoNulls().getValues(), perRow, bits);
          case SOME_NULLS: {
            EncodingProtos.ArrayEncoding v = n.getSomeNulls().getValidity();
            return v.hasFlat() && v.getFlat().getBitsPerValue() == 1
                && linear(v, perRow, bits) && linear(n.getSomeNulls().getValues(), perRow, bits);
          }
          case ALL_NULLS:
            return true;
          default:
            return false;
        }
      }
      case FLAT: {
        EncodingProtos.Flat f = e.getFlat();
        long bpv = f.getBitsPerValue();
        if (f.hasCompression() || (bpv != 1 && bpv % 8 != 0) || bpv == 0
            || f.getBuffer().getBufferType() != EncodingProtos.Buffer.BufferType.page) {
          return false;
        }
        int i = f.getBuffer().getBufferIndex();
        long want = perRow * bpv;
        if (i >= bits.length || (bits[i] != 0 && bits[i] != want)) {
          return false;
        }
        bits[i] = want;
        return true;
      }
      case FIXED_SIZE_LIST:
        return !e.getFixedSizeList().getHasValidity() && e.getFixedSizeList().getDimension() > 0
            && linear(e.getFixedSizeList().getItems(),
                perRow * e.getFixedSizeList().getDimension(), bits);
      default:
        return false;
    }
  }

  /** The whole page with its buffers, from the cache or the store. */
  Page page(int index) {
    Page c = cached;
    if (c != null && c.index() == index) {
      return c;
    }
    File2Protos.ColumnMetadata.Page meta = pages.get(index);
    int n = meta.getBufferOffsetsCount();
    if (meta.getBufferSizesCount() != n) {
      throw FileErrors.corrupt(FileErrors.column(file, column), " page " + index + ": " + n
          + " buffer offsets but " + meta.getBufferSizesCount() + " sizes");
    }
    ByteBuffer[] bufs = new ByteBuffer[n];
    long lo = Long.MAX_VALUE;
    long hi = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      long off = meta.getBufferOffsets(i);
      long size = meta.getBufferSizes(i);
      if (off < 0 || size < 0 || size > Integer.MAX_VALUE || off > fileSize
          || size > fileSize - off) {
        throw FileErrors.corrupt(FileErrors.column(file, column), " page " + index + ": buffer "
            + i + " (" + off + ", " + size + " bytes) lies outside the file");
      }
      lo = Math.min(lo, off);
      hi = Math.max(hi, off + size);
      total += size;
    }
    if (n > 0 && hi - lo <= Integer.MAX_VALUE && hi - lo <= total + MAX_GAP * n) {
      ByteBuffer all = FileMetadataReader.fetch(in, file, lo, (int) (hi - lo));
      for (int i = 0; i < n; i++) {
        bufs[i] = FileMetadataReader.slice(all, meta.getBufferOffsets(i) - lo,
            (int) meta.getBufferSizes(i));
      }
    } else {
      long[] offsets = new long[n];
      int[] lens = new int[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = meta.getBufferOffsets(i);
        lens[i] = (int) meta.getBufferSizes(i);
      }
      System.arraycopy(FileMetadataReader.fetchAll(in, file, offsets, lens), 0, bufs, 0, n);
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

  public void clearCache() {
    cached = null;
  }
}
