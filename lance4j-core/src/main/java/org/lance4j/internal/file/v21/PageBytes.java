package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.File2Protos;

/**
 * The bytes of one column's pages in a 2.1+ file, as its column metadata places them: a page's
 * buffers (sizes, a range of one, all of them in one read) and a full-zip page's repetition index
 * (the start of each row in buffer 0, then the end). Bounds come from the metadata and are
 * checked before any read; a violation is a {@link Decoding.Corrupt} that {@link ColumnReader}
 * reports with file, column and page.
 */
final class PageBytes {
  private final V21FileReader.Source source;
  private final File2Protos.ColumnMetadata meta;

  PageBytes(V21FileReader.Source source, File2Protos.ColumnMetadata meta) {
    this.source = source;
    this.meta = meta;
  }

  int count(int page) {
    return meta.getPages(page).getBufferOffsetsCount();
  }

  /** Whether the page lists offsets and sizes of at least {@code n} buffers. */
  boolean has(int page, int n) {
    File2Protos.ColumnMetadata.Page p = meta.getPages(page);
    return p.getBufferOffsetsCount() >= n && p.getBufferSizesCount() >= n;
  }

  long size(int page, int i) {
    File2Protos.ColumnMetadata.Page p = meta.getPages(page);
    if (!(i < p.getBufferOffsetsCount() && i < p.getBufferSizesCount())) {
      throw new Decoding.Corrupt("page has " + p.getBufferOffsetsCount() + " buffers, no buffer "
          + i);
    }
    return p.getBufferSizes(i);
  }

  /** Bytes {@code [off, off + len)} of page buffer {@code i}, fetched alone. */
  ByteBuffer range(int page, int i, long off, long len) {
    File2Protos.ColumnMetadata.Page p = meta.getPages(page);
    long size = size(page, i);
    long at = p.getBufferOffsets(i);
    if (!(at >= 0 && off >= 0 && len >= 0 && off + len <= size && len < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("bytes [" + off + ", " + (off + len) + ") of buffer " + i
          + " at " + at + " of " + size + " bytes");
    }
    if (len == 0) {
      return ByteBuffer.allocate(0).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
    return Decoding.le(source.read(at + off, (int) len));
  }

  /** Every buffer of the page, fetched in one read of the span they cover. */
  ByteBuffer[] all(int page) {
    File2Protos.ColumnMetadata.Page p = meta.getPages(page);
    int n = p.getBufferOffsetsCount();
    if (p.getBufferSizesCount() != n) {
      throw new Decoding.Corrupt(n + " buffer offsets but " + p.getBufferSizesCount()
          + " sizes");
    }
    ByteBuffer[] out = new ByteBuffer[n];
    if (n == 0) {
      return out;
    }
    long lo = Long.MAX_VALUE;
    long hi = 0;
    for (int i = 0; i < n; i++) {
      long o = p.getBufferOffsets(i);
      long s = p.getBufferSizes(i);
      if (!(o >= 0 && s >= 0)) {
        throw new Decoding.Corrupt("buffer " + i + " at " + o + " of " + s + " bytes");
      }
      lo = Math.min(lo, o);
      hi = Math.max(hi, o + s);
    }
    if (!(hi - lo < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("page spans " + (hi - lo) + " bytes");
    }
    ByteBuffer whole = Decoding.le(source.read(lo, (int) (hi - lo)));
    for (int i = 0; i < n; i++) {
      out[i] = Decoding.slice(whole, (int) (p.getBufferOffsets(i) - lo),
          (int) p.getBufferSizes(i));
    }
    return out;
  }

  /**
   * Bytes per repetition-index entry of a full-zip page of {@code pageRows} rows: buffer 1 holds
   * {@code rows + 1} entries of 1, 2, 4 or 8 bytes (lance-core writes the narrowest that fits,
   * lance4j u64); 0 when the page has no such buffer or its size fits none.
   */
  int repIndexWidth(int page, long pageRows) {
    if (!has(page, 2)) {
      return 0;
    }
    long size = size(page, 1);
    for (int w = 1; w <= 8; w <<= 1) {
      if (size == (pageRows + 1) * w) {
        return w;
      }
    }
    return 0;
  }

  /**
   * The bytes of page-relative rows {@code [from, to)} of buffer 0, found through the repetition
   * index (whose entry width {@link #repIndexWidth} found).
   */
  ByteBuffer indexedRows(int page, long pageRows, int from, int to) {
    int w = repIndexWidth(page, pageRows);
    ByteBuffer ix = range(page, 1, (long) w * from, (long) w * (to - from + 1));
    long start = entry(ix, 0, w);
    long end = entry(ix, to - from, w);
    long size = size(page, 0);
    if (!(0 <= start && start <= end && end <= size)) {
      throw new Decoding.Corrupt("repetition index entries " + start + ", " + end + " of rows "
          + from + ", " + to + " are outside the " + size + " bytes of buffer 0");
    }
    return range(page, 0, start, end - start);
  }

  private static long entry(ByteBuffer b, int i, int w) {
    return switch (w) {
      case 1 -> b.get(i) & 0xFFL;
      case 2 -> b.getShort(2 * i) & 0xFFFFL;
      case 4 -> b.getInt(4 * i) & 0xFFFFFFFFL;
      default -> b.getLong(8 * i);
    };
  }
}
