package org.lance4j.internal.file.v20;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lance4j.proto.EncodingProtos.ArrayEncoding;
import org.lance4j.proto.EncodingProtos.Binary;
import org.lance4j.proto.EncodingProtos.Dictionary;
import org.lance4j.proto.EncodingProtos.Flat;

/**
 * Decodes utf8 / binary pages: {@code Binary} (u64 end offsets without the leading zero, relative
 * to the page; a null row stores its offset plus {@code null_adjustment}) and {@code Dictionary}
 * (integer keys into a Binary item list). For plain utf8 columns lance's dictionary keys are
 * 1-based with 0 meaning null; for Arrow dictionary-typed fields they are 0-based and a null row
 * points at a null item.
 */
final class BinaryDecoder {
  private final PageDecoder pages;
  /** Scratch arrays reused across pages (a reader is single-threaded). */
  private long[] longs = new long[0];
  private int[] ints = new int[0];

  BinaryDecoder(PageDecoder pages) {
    this.pages = pages;
  }

  void decode(ColumnPageReader.Page page, ArrayEncoding enc, long from, long to,
      DecoderBuffers out, long outPos) {
    ArrayEncoding inner = pages.applyValidity(page, enc, from, to, out, outPos);
    if (inner == null) {
      for (long i = 0; i < to - from; i++) {
        out.setOffset(outPos + i + 1, out.dataLen);
      }
      return;
    }
    switch (inner.getArrayEncodingCase()) {
      case BINARY:
        decodeBinary(page, inner.getBinary(), from, to, out, outPos);
        break;
      case DICTIONARY:
        decodeDictionary(page, inner.getDictionary(), from, to, out, outPos);
        break;
      default:
        throw pages.unsupported(out, "string/binary values encoded as "
            + PageDecoder.describe(inner));
    }
  }

  /** The u64 end-offset buffer of a Binary encoding. */
  private ByteBuffer indices(ColumnPageReader.Page page, Binary b, DecoderBuffers out) {
    ArrayEncoding idx = Offsets.unwrapNoNulls(b.getIndices());
    if (idx.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.FLAT
        || idx.getFlat().getBitsPerValue() != 64) {
      throw pages.unsupported(out, "binary offsets encoded as " + PageDecoder.describe(idx)
          + (idx.hasFlat() ? " with " + idx.getFlat().getBitsPerValue() + " bits" : ""));
    }
    return pages.flatBuffer(page, idx.getFlat(), out);
  }

  private ByteBuffer bytes(ColumnPageReader.Page page, Binary b, DecoderBuffers out) {
    ArrayEncoding by = b.getBytes();
    if (by.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.FLAT
        || by.getFlat().getBitsPerValue() != 8) {
      throw pages.unsupported(out, "binary bytes encoded as " + PageDecoder.describe(by));
    }
    return pages.flatBuffer(page, by.getFlat(), out);
  }

  private void decodeBinary(ColumnPageReader.Page page, Binary b, long from, long to,
      DecoderBuffers out, long outPos) {
    ByteBuffer ends = indices(page, b, out);
    ByteBuffer data = bytes(page, b, out);
    long dataBase = page.base(b.getBytes().getFlat().getBuffer().getBufferIndex());
    long adj = b.getNullAdjustment();
    if (to * 8 > ends.limit()) {
      throw pages.corrupt(out, "page " + page.index() + " has " + ends.limit() / 8
          + " binary offsets, too few for " + to + " rows");
    }
    long first = from == 0 ? 0 : Offsets.strip(ends.getLong((int) (from - 1) * 8), adj);
    long last = Offsets.strip(ends.getLong((int) (to - 1) * 8), adj);
    if (first < dataBase || last < first || last > dataBase + data.limit()) {
      throw pages.corrupt(out, "page " + page.index() + " has binary offsets " + first + ".."
          + last + " outside its " + (dataBase + data.limit()) + " bytes of data");
    }
    out.ensureData(last - first);
    BitmapDecoder.copyBytes(data, first - dataBase, out.data, out.dataLen, last - first);
    long base = out.dataLen - first;
    // Bulk in, loop over plain arrays, bulk out: per-row buffer accesses cost more than the
    // arithmetic (profiled: they were ~70% of a scan of strings).
    int n = (int) (to - from);
    long[] e = longScratch(n);
    ends.slice(0, ends.limit()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
        .get((int) from, e, 0, n);
    long prev = first;
    for (int i = 0; i < n; i++) {
      long end = e[i];
      if (Offsets.isNull(end, adj)) {
        end -= adj;
        out.clearValid(outPos + i);
      }
      if (end < prev || end > last) {
        throw pages.corrupt(out, "page " + page.index() + " row " + (from + i)
            + " has a binary offset out of order (" + end + " after " + prev + ")");
      }
      prev = end;
      e[i] = base + end;
    }
    putOffsets(out, outPos + 1, e, n);
    out.dataLen += last - first;
  }

  private long[] longScratch(int n) {
    if (longs.length < n) {
      longs = new long[Math.max(n, longs.length * 2)];
    }
    return longs;
  }

  /** Writes {@code n} offsets (already final) at offset slot {@code index}. */
  private void putOffsets(DecoderBuffers out, long index, long[] values, int n) {
    if (out.largeOffsets) {
      out.putOffsets(index, values, n);
      return;
    }
    if (ints.length < n) {
      ints = new int[Math.max(n, ints.length * 2)];
    }
    int[] narrow = ints;
    for (int i = 0; i < n; i++) {
      long v = values[i];
      if (v > Integer.MAX_VALUE) {
        out.setOffset(index + i, v); // fails naming the column
      }
      narrow[i] = (int) v;
    }
    out.putOffsets(index, narrow, n);
  }

  private void decodeDictionary(ColumnPageReader.Page page, Dictionary d, long from, long to,
      DecoderBuffers out, long outPos) {
    // keys
    ArrayEncoding k = Offsets.unwrapNoNulls(d.getIndices());
    if (k.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.FLAT) {
      throw pages.unsupported(out, "dictionary keys encoded as " + PageDecoder.describe(k));
    }
    Flat kf = k.getFlat();
    int keyBytes = (int) kf.getBitsPerValue() / 8;
    if (kf.getBitsPerValue() % 8 != 0 || Long.bitCount(keyBytes) != 1 || keyBytes > 8) {
      throw pages.unsupported(out, "dictionary keys of " + kf.getBitsPerValue() + " bits");
    }
    ByteBuffer keys = pages.flatBuffer(page, kf, out);
    if (to * keyBytes > keys.limit()) {
      throw pages.corrupt(out, "page " + page.index() + " has too few dictionary keys");
    }
    // items
    ArrayEncoding it = d.getItems();
    if (it.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.BINARY) {
      throw pages.unsupported(out, "dictionary items encoded as " + PageDecoder.describe(it));
    }
    Binary ib = it.getBinary();
    ByteBuffer ends = indices(page, ib, out);
    ByteBuffer data = bytes(page, ib, out);
    long adj = ib.getNullAdjustment();
    int items = ends.limit() / 8;
    long[] starts = new long[items + 1];
    boolean[] isNull = new boolean[items];
    for (int i = 0; i < items; i++) {
      long v = ends.getLong(i * 8);
      isNull[i] = Offsets.isNull(v, adj);
      long e = Offsets.strip(v, adj);
      if (e < starts[i] || e > data.limit()) {
        throw pages.corrupt(out, "page " + page.index() + " dictionary item " + i
            + " has a bad offset " + e);
      }
      starts[i + 1] = e;
    }
    byte[] dict = new byte[(int) starts[items]];
    data.get(0, dict);
    boolean oneBased = !out.arrowDictionary;

    int n = (int) (to - from);
    int[] item = new int[n];
    long total = 0;
    for (int r = 0; r < n; r++) {
      long key = readKey(keys, from + r, keyBytes);
      long ix = oneBased ? key - 1 : key;
      if (ix < -1 || ix >= items || (!oneBased && ix < 0)) {
        throw pages.corrupt(out, "page " + page.index() + " row " + (from + r)
            + " has dictionary key " + key + " but the dictionary has " + items + " items");
      }
      if (ix < 0 || isNull[(int) ix]) {
        item[r] = -1;
        continue;
      }
      item[r] = (int) ix;
      total += starts[(int) ix + 1] - starts[(int) ix];
    }
    out.ensureData(total);
    long pos = out.dataLen;
    ByteBuffer dataView = DecoderBuffers.view(out.data);
    for (int r = 0; r < n; r++) {
      int ix = item[r];
      if (ix < 0) {
        out.clearValid(outPos + r);
      } else {
        int len = (int) (starts[ix + 1] - starts[ix]);
        if (dataView != null) {
          dataView.put((int) pos, dict, (int) starts[ix], len);
        } else {
          out.data.setBytes(pos, dict, (int) starts[ix], len);
        }
        pos += len;
      }
      out.setOffset(outPos + r + 1, pos);
    }
    out.dataLen = pos;
  }

  private static long readKey(ByteBuffer keys, long row, int width) {
    int at = (int) (row * width);
    switch (width) {
      case 1:
        return keys.get(at) & 0xFFL;
      case 2:
        return keys.getShort(at) & 0xFFFFL;
      case 4:
        return keys.getInt(at) & 0xFFFFFFFFL;
      default:
        return keys.getLong(at);
    }
  }
}
