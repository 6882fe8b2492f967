package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;

/**
 * Single rows of a mini-block page without repetition, for a take: the definition level and the
 * value of row {@code i} are read where they lie in its chunk (no chunk decode, no block per row).
 * Values: Flat (whole bytes or 1-bit booleans), InlineBitpacking (the bits of value {@code i} in
 * the transposed FastLanes block), Variable (the two offsets, then the bytes), Fsst over
 * Variable (only that value's codes) and a dictionary over Flat / InlineBitpacking indices. Def
 * levels: OutOfLineBitpacking (one packed or raw word), 2.2's Rle (the run holding the item) and
 * Flat ({@link PointValues}, {@link PointLevels}). Other pages ({@link #of} returns null) go
 * through the windowed chunk decode.
 *
 * <p>One instance per page and take; it keeps the chunk of the previous row (rows of one chunk
 * fetch it once).
 */
final class MiniBlockPoints {
  /** Fetches {@code len} bytes at {@code off} of the page's chunk buffer. */
  interface Chunks {
    ByteBuffer read(long off, int len);
  }

  private final MiniBlockPage.ChunkIndex idx;
  private final Chunks chunks;
  private final boolean large;
  private final boolean hasDef;
  private final PointValues values;
  private final PointLevels def;
  private final Block dict;

  // the chunk of the previous row
  private int chunk = -1;
  private ByteBuffer buf;
  private int numValues;
  private int defAt;
  private int defSize;
  private int valAt;
  private int valSize;

  private MiniBlockPoints(MiniBlockLayout mb, MiniBlockPage.ChunkIndex idx, Block dict,
      PointValues values, PointLevels def, Chunks chunks) {
    this.idx = idx;
    this.chunks = chunks;
    this.large = mb.getHasLargeChunk();
    this.hasDef = mb.hasDefCompression();
    this.values = values;
    this.def = def;
    this.dict = dict;
  }

  /**
   * The point reader of a page, or null when its encodings have no point path (or it has
   * repetition or more than one value buffer).
   */
  /** Whether the page's encodings have a point path (checked before reading its index). */
  static boolean pointable(MiniBlockLayout mb) {
    return !mb.hasRepCompression() && mb.getNumBuffers() == 1
        && (!mb.hasDefCompression() || PointLevels.of(mb.getDefCompression()) != null)
        && PointValues.of(mb.getValueCompression(), mb.hasDictionary()) != null;
  }

  static MiniBlockPoints of(MiniBlockLayout mb, MiniBlockPage.ChunkIndex idx, Block dict,
      Chunks chunks) {
    if (mb.hasRepCompression() || mb.getNumBuffers() != 1) {
      return null;
    }
    PointLevels def = null;
    if (mb.hasDefCompression()) {
      def = PointLevels.of(mb.getDefCompression());
      if (def == null) {
        return null;
      }
    }
    PointValues v = PointValues.of(mb.getValueCompression(), dict != null);
    if (v == null || (dict != null && !(dict instanceof Block.Var
        || dict instanceof Block.Fixed f && f.bits() % 8 == 0 && f.bits() > 0))) {
      return null;
    }
    return new MiniBlockPoints(mb, idx, dict, v, def, chunks);
  }

  /** Chunks at most this many bytes apart are fetched by one read ({@link #prefetch}). */
  static final long MERGE_GAP = 64L << 10;
  /** ... and one read spans at most this many bytes. */
  static final long MAX_SPAN = 16L << 20;

  // the fetched spans of chunks: span s covers chunks [spanFirst[s], spanEnd[s])
  private int spans;
  private int spanAt;
  private int[] spanFirst = new int[0];
  private int[] spanEnd = new int[0];
  private ByteBuffer[] spanBuf = new ByteBuffer[0];

  /**
   * Fetches the chunks holding page items {@code rows[from..to) - first} (ascending): chunks close
   * together share one read, so a take of many rows of a page costs a few reads, not one per row.
   */
  void prefetch(long[] rows, int from, int to, long first) {
    spans = 0;
    spanAt = 0;
    int last = -1;
    long spanStart = 0;
    for (int k = from; k < to; k++) {
      long item = rows[k] - first;
      if (last >= 0 && item < idx.firstValue()[last + 1]) {
        continue; // same chunk as the row before
      }
      int c = idx.chunkOf(item);
      long b0 = idx.firstByte()[c];
      if (spans > 0 && b0 - idx.firstByte()[spanEnd[spans - 1]] <= MERGE_GAP
          && idx.firstByte()[c + 1] - spanStart <= MAX_SPAN) {
        spanEnd[spans - 1] = c + 1;
      } else {
        if (spans == spanFirst.length) {
          int cap = Math.max(8, 2 * spans);
          spanFirst = java.util.Arrays.copyOf(spanFirst, cap);
          spanEnd = java.util.Arrays.copyOf(spanEnd, cap);
          spanBuf = java.util.Arrays.copyOf(spanBuf, cap);
        }
        spanFirst[spans] = c;
        spanEnd[spans] = c + 1;
        spans++;
        spanStart = b0;
      }
      last = c;
    }
    for (int s = 0; s < spans; s++) {
      long b0 = idx.firstByte()[spanFirst[s]];
      spanBuf[s] = chunks.read(b0, (int) (idx.firstByte()[spanEnd[s]] - b0));
    }
  }

  /** Drops the fetched chunk bytes (a take is done with the page; remote reads are copies). */
  void release() {
    java.util.Arrays.fill(spanBuf, 0, spans, null);
    spans = 0;
    spanAt = 0;
    chunk = -1;
    buf = null;
  }

  /** Positions the reader on the chunk of page item {@code item}; returns its index there. */
  private int seek(int item) {
    int c = chunk;
    if (c < 0 || item < idx.firstValue()[c] || item >= idx.firstValue()[c + 1]) {
      c = idx.chunkOf(item);
      load(c);
    }
    return (int) (item - idx.firstValue()[c]);
  }

  private void load(int c) {
    chunk = -1;
    long b0 = idx.firstByte()[c];
    int len = (int) (idx.firstByte()[c + 1] - b0);
    while (spanAt < spans && spanEnd[spanAt] <= c) {
      spanAt++;
    }
    ByteBuffer b;
    int o;
    if (spanAt < spans && spanFirst[spanAt] <= c) {
      b = spanBuf[spanAt];
      o = (int) (b0 - idx.firstByte()[spanFirst[spanAt]]);
    } else {
      b = chunks.read(b0, len);
      o = 0;
    }
    int n = (int) (idx.firstValue()[c + 1] - idx.firstValue()[c]);
    if (!(len >= (hasDef ? 4 : 2) + (large ? 4 : 2))) {
      throw new Decoding.Corrupt("chunk " + c + " of " + len + " bytes has no header");
    }
    int h = o;
    int numLevels = Short.toUnsignedInt(b.getShort(h));
    h += 2;
    int ds = 0;
    if (hasDef) {
      ds = Short.toUnsignedInt(b.getShort(h));
      h += 2;
    }
    long vs = large ? Integer.toUnsignedLong(b.getInt(h)) : Short.toUnsignedInt(b.getShort(h));
    h += large ? 4 : 2;
    int p = MiniBlockPage.pad8(h - o);
    if (hasDef) {
      if (!(numLevels == n)) {
        throw new Decoding.Corrupt("chunk " + c + " has " + numLevels + " levels but " + n
            + " values");
      }
      defAt = o + p;
      p = MiniBlockPage.pad8(p + ds);
      if (!(p <= len)) {
        throw new Decoding.Corrupt("chunk " + c + ": def levels of " + ds + " bytes overrun"
            + " the chunk's " + len + " bytes");
      }
    }
    if (!(vs <= len && p <= len && p + vs <= len)) {
      throw new Decoding.Corrupt("chunk " + c + ": value buffer of " + vs + " bytes at " + p
          + " overruns the chunk's " + len + " bytes");
    }
    buf = b;
    numValues = n;
    defSize = ds;
    valAt = o + p;
    valSize = (int) vs;
    values.check(b, valAt, valSize, n, c);
    chunk = c;
  }

  /** The definition level of page item {@code item} (0 when the page has no def levels). */
  int level(int item) {
    int i = seek(item);
    return def == null ? 0 : def.level(buf, defAt, defSize, numValues, i);
  }

  /** Appends the value of page item {@code item} to {@code out}. */
  void value(int item, BlockBuilder out) {
    int i = seek(item);
    if (dict == null) {
      values.append(buf, valAt, i, out);
      return;
    }
    long k = values.index(buf, valAt, i);
    if (!(k >= 0 && k < dict.numValues())) {
      throw new Decoding.Corrupt("dictionary index " + k + " is outside the "
          + dict.numValues() + "-item dictionary");
    }
    int d = (int) k;
    if (dict instanceof Block.Var v) {
      int s = v.offsets()[d];
      appendBytes(v.data(), s, v.offsets()[d + 1] - s, out);
    } else {
      Block.Fixed f = (Block.Fixed) dict;
      int w = f.bits() / 8;
      int at = out.beginFixed(f.bits(), 1);
      System.arraycopy(f.data(), d * w, out.varData(), at, w);
      out.endFixed(1);
    }
  }

  static void appendBytes(byte[] src, int from, int len, BlockBuilder out) {
    out.beginVar(1, len);
    int end = out.varLength() + len;
    System.arraycopy(src, from, out.varData(), out.varLength(), len);
    out.varOffsets()[out.count() + 1] = end;
    out.endVar(1, end);
  }

  static void appendBytes(ByteBuffer src, int from, int len, BlockBuilder out) {
    out.beginVar(1, len);
    int end = out.varLength() + len;
    src.get(from, out.varData(), out.varLength(), len);
    out.varOffsets()[out.count() + 1] = end;
    out.endVar(1, end);
  }
}
