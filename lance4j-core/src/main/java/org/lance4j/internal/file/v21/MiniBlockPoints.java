package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;

/**
 * Single rows of a mini-block page without repetition, for a take: the definition level and the
 * value of row {@code i} are read where they lie in its chunk (no chunk decode, no block per row).
 * Values: Flat (whole bytes or 1-bit booleans), InlineBitpacking (the bits of value {@code i} in
 * the transposed FastLanes block), Variable (the two offsets, then the bytes), Fsst over
 * Variable (only that value's codes) and a dictionary over Flat / InlineBitpacking indices. Def
 * levels: OutOfLineBitpacking (one packed or raw word), 2.2's Rle (the run holding the item) and
 * Flat. Other pages ({@link #of} returns null) go through the windowed chunk decode.
 *
 * <p>One instance per page and take; it keeps the chunk of the previous row (rows of one chunk
 * fetch it once).
 */
final class MiniBlockPoints {
  /** Fetches {@code len} bytes at {@code off} of the page's chunk buffer. */
  interface Chunks {
    ByteBuffer read(long off, int len);
  }

  private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

  private final MiniBlockPage.ChunkIndex idx;
  private final Chunks chunks;
  private final boolean large;
  private final boolean hasDef;
  private final Values values;
  private final DefLevels def;
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
      Values values, DefLevels def, Chunks chunks) {
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
        && (!mb.hasDefCompression() || DefLevels.of(mb.getDefCompression()) != null)
        && Values.of(mb.getValueCompression(), mb.hasDictionary()) != null;
  }

  static MiniBlockPoints of(MiniBlockLayout mb, MiniBlockPage.ChunkIndex idx, Block dict,
      Chunks chunks) {
    if (mb.hasRepCompression() || mb.getNumBuffers() != 1) {
      return null;
    }
    DefLevels def = null;
    if (mb.hasDefCompression()) {
      def = DefLevels.of(mb.getDefCompression());
      if (def == null) {
        return null;
      }
    }
    Values v = Values.of(mb.getValueCompression(), dict != null);
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

  /**
   * Value {@code idx} (0..1023) of a FastLanes block of {@code t}-bit words packed to {@code w}
   * bits at {@code pos}: its bits lie in one or two words of its lane (the transposed layout).
   */
  static long fastLanesValue(ByteBuffer b, int pos, int t, int w, int idx) {
    if (w == 0) {
      return 0;
    }
    int lanes = FastLanes.BLOCK / t;
    int lane = idx % lanes;
    int rest = idx - lane;
    int row = (ORDER[(rest & 127) >> 4] << 3) | (rest >> 7);
    int bit = row * w;
    int wk = bit / t;
    int shift = bit % t;
    long v = word(b, pos, t, wk * lanes + lane) >>> shift;
    if (shift + w > t) {
      v |= word(b, pos, t, (wk + 1) * lanes + lane) << (t - shift);
    }
    return w == 64 ? v : v & ((1L << w) - 1);
  }

  /** Word {@code k} (unsigned) of {@code t}-bit words at {@code pos}. */
  static long word(ByteBuffer b, int pos, int t, int k) {
    return switch (t) {
      case 8 -> Byte.toUnsignedLong(b.get(pos + k));
      case 16 -> Short.toUnsignedLong(b.getShort(pos + 2 * k));
      case 32 -> Integer.toUnsignedLong(b.getInt(pos + 4 * k));
      default -> b.getLong(pos + 8 * k);
    };
  }

  /** How the values of a chunk are read one at a time. */
  abstract static class Values {
    /** Checks that a chunk's value buffer can hold its {@code n} values. */
    abstract void check(ByteBuffer b, int at, int size, int n, int chunk);

    /** Appends value {@code i} of the chunk to {@code out}. */
    abstract void append(ByteBuffer b, int at, int i, BlockBuilder out);

    /** Value {@code i} as an unsigned integer (dictionary indices). */
    long index(ByteBuffer b, int at, int i) {
      throw new Decoding.Corrupt("dictionary indices are variable-width");
    }

    static Values of(CompressiveEncoding e, boolean indices) {
      switch (e.getCompressionCase()) {
        case FLAT -> {
          long bits = e.getFlat().getBitsPerValue();
          if (e.getFlat().hasData()) {
            return null;
          }
          if (bits == 1 && !indices) {
            return new BitValues();
          }
          if (bits == 8 || bits == 16 || bits == 32 || bits == 64
              || (!indices && bits % 8 == 0 && bits > 0 && bits <= 1 << 14)) {
            return new FlatValues((int) bits);
          }
          return null;
        }
        case INLINE_BITPACKING -> {
          long t = e.getInlineBitpacking().getUncompressedBitsPerValue();
          return !e.getInlineBitpacking().hasValues() && (t == 8 || t == 16 || t == 32
              || t == 64) ? new PackedValues((int) t) : null;
        }
        case VARIABLE -> {
          return !indices ? VarValues.of(e) : null;
        }
        case FSST -> {
          VarValues inner = indices ? null : VarValues.of(e.getFsst().getValues());
          return inner == null ? null
              : new FsstValues(e.getFsst().getSymbolTable().toByteArray(), inner.ob * 8);
        }
        default -> {
          return null;
        }
      }
    }
  }

  /** Flat values of whole bytes. */
  static final class FlatValues extends Values {
    private final int bits;
    private final int w;

    FlatValues(int bits) {
      this.bits = bits;
      this.w = bits / 8;
    }

    @Override
    void check(ByteBuffer b, int at, int size, int n, int chunk) {
      if (!(size >= (long) n * w)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": Flat buffer of " + size + " bytes for "
            + n + " values of " + bits + " bits");
      }
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      int o = out.beginFixed(bits, 1);
      b.get(at + i * w, out.varData(), o, w);
      out.endFixed(1);
    }

    @Override
    long index(ByteBuffer b, int at, int i) {
      return word(b, at, bits, i);
    }
  }

  /** Flat 1-bit values (booleans), LSB first. */
  static final class BitValues extends Values {
    @Override
    void check(ByteBuffer b, int at, int size, int n, int chunk) {
      if (!(size >= (n + 7L) / 8)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": Flat buffer of " + size + " bytes for "
            + n + " bits");
      }
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      out.addBit((b.get(at + (i >> 3)) >> (i & 7) & 1) != 0);
    }
  }

  /** InlineBitpacking: a bit-width word, then one FastLanes block of at most 1024 values. */
  static final class PackedValues extends Values {
    private final int t;

    PackedValues(int t) {
      this.t = t;
    }

    @Override
    void check(ByteBuffer b, int at, int size, int n, int chunk) {
      int wb = t / 8;
      if (!(n <= FastLanes.BLOCK && size >= wb)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": InlineBitpacking buffer of " + size
            + " bytes for " + n + " values");
      }
      long w = word(b, at, t, 0);
      if (!(w >= 0 && w <= t && size >= wb + FastLanes.packedBytes((int) w))) {
        throw new Decoding.Corrupt("chunk " + chunk + ": InlineBitpacking bit width " + w
            + " of " + t + "-bit values in " + size + " bytes");
      }
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      long v = index(b, at, i);
      int o = out.beginFixed(t, 1);
      byte[] d = out.varData();
      for (int k = 0; k < t / 8; k++) {
        d[o + k] = (byte) (v >>> (8 * k));
      }
      out.endFixed(1);
    }

    @Override
    long index(ByteBuffer b, int at, int i) {
      int w = (int) word(b, at, t, 0);
      return fastLanesValue(b, at + t / 8, t, w, i);
    }
  }

  /** Variable: {@code n + 1} offsets from the buffer's start, then the bytes. */
  static class VarValues extends Values {
    final int ob;

    VarValues(int offsetBits) {
      this.ob = offsetBits / 8;
    }

    /** Variable values with plain 32- or 64-bit offsets, or null. */
    static VarValues of(CompressiveEncoding e) {
      if (e.getCompressionCase() != CompressiveEncoding.CompressionCase.VARIABLE) {
        return null;
      }
      var v = e.getVariable();
      if (v.hasValues() || v.getOffsets().getCompressionCase()
          != CompressiveEncoding.CompressionCase.FLAT || v.getOffsets().getFlat().hasData()) {
        return null;
      }
      long bits = v.getOffsets().getFlat().getBitsPerValue();
      return bits == 32 || bits == 64 ? new VarValues((int) bits) : null;
    }

    private int size;

    @Override
    final void check(ByteBuffer b, int at, int size, int n, int chunk) {
      if (!(size >= (n + 1L) * ob)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": Variable buffer of " + size
            + " bytes for " + (n + 1) + " offsets");
      }
      this.size = size;
    }

    /** Start (in the chunk buffer) and length of value {@code i}'s bytes, checked. */
    final long span(ByteBuffer b, int at, int i) {
      long s = ob == 4 ? Integer.toUnsignedLong(b.getInt(at + 4 * i)) : b.getLong(at + 8 * i);
      long e = ob == 4 ? Integer.toUnsignedLong(b.getInt(at + 4 * i + 4))
          : b.getLong(at + 8 * i + 8);
      if (!(0 <= s && s <= e && e <= size)) {
        throw new Decoding.Corrupt("Variable: value " + i + " at bytes [" + s + ", " + e
            + ") of a " + size + "-byte buffer");
      }
      return (at + s) << 32 | (e - s);
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      long sp = span(b, at, i);
      appendBytes(b, (int) (sp >>> 32), (int) sp, out);
    }
  }

  /**
   * Fsst over Variable: only value {@code i}'s codes are decoded. The symbol table: a u64 header
   * (low byte = symbol count, bit 24 = the data is compressed), the symbols (u64 each), one
   * length byte per symbol; code 255 escapes the next byte.
   */
  static final class FsstValues extends VarValues {
    private static final int ESC = 255;
    private final boolean on;
    private final byte[] symbols;
    /** Per code: the symbol's length, 0 for the escape code and codes not in the table. */
    private final int[] lens = new int[256];

    FsstValues(byte[] table, int offsetBits) {
      super(offsetBits);
      if (table.length < 8) {
        throw new Decoding.Corrupt("FSST symbol table of " + table.length + " bytes");
      }
      ByteBuffer t = Decoding.le(ByteBuffer.wrap(table));
      long info = t.getLong(0);
      on = (info & (1L << 24)) != 0;
      int n = (int) (info & 0xFF);
      if (on && table.length < 8 + 9 * n) {
        throw new Decoding.Corrupt("FSST symbol table of " + table.length + " bytes for " + n
            + " symbols");
      }
      symbols = new byte[256 * 8];
      if (on) {
        System.arraycopy(table, 8, symbols, 0, 8 * n);
        for (int i = 0; i < n; i++) {
          int len = table[8 + 8 * n + i];
          if (len < 1 || len > 8) {
            throw new Decoding.Corrupt("FSST symbol " + i + " has length " + len);
          }
          lens[i] = len;
        }
      }
      lens[ESC] = 0;
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      long sp = span(b, at, i);
      int p = (int) (sp >>> 32);
      int end = p + (int) sp;
      if (!on) {
        appendBytes(b, p, end - p, out);
        return;
      }
      out.beginVar(1, 8L * (end - p));
      byte[] d = out.varData();
      int o = out.varLength();
      while (p < end) {
        int code = b.get(p) & 0xFF;
        int len = lens[code];
        if (len > 0) {
          System.arraycopy(symbols, 8 * code, d, o, len);
          o += len;
          p++;
        } else if (code == ESC && p + 1 < end) {
          d[o++] = b.get(p + 1);
          p += 2;
        } else {
          throw new Decoding.Corrupt(code == ESC ? "FSST value ends in an escape"
              : "FSST code " + code + " is not in the symbol table");
        }
      }
      out.varOffsets()[out.count() + 1] = o;
      out.endVar(1, o);
    }
  }

  /** How the def level of one item of a chunk is read. */
  static final class DefLevels {
    /** 0 = Flat words, 1 = OutOfLineBitpacking, 2 = Rle. */
    private final int kind;
    private final int t;
    private final int w;
    private final RleDecoder rle;

    private DefLevels(int kind, int t, int w, RleDecoder rle) {
      this.kind = kind;
      this.t = t;
      this.w = w;
      this.rle = rle;
    }

    static DefLevels of(CompressiveEncoding e) {
      switch (e.getCompressionCase()) {
        case FLAT -> {
          long bits = e.getFlat().getBitsPerValue();
          return !e.getFlat().hasData() && (bits == 8 || bits == 16 || bits == 32)
              ? new DefLevels(0, (int) bits, (int) bits, null) : null;
        }
        case OUT_OF_LINE_BITPACKING -> {
          var o = e.getOutOfLineBitpacking();
          long t = o.getUncompressedBitsPerValue();
          long w = o.getValues().getFlat().getBitsPerValue();
          return o.getValues().getCompressionCase() == CompressiveEncoding.CompressionCase.FLAT
              && !o.getValues().getFlat().hasData() && (t == 8 || t == 16 || t == 32)
              && w >= 0 && w <= Math.min(t, 31) ? new DefLevels(1, (int) t, (int) w, null)
              : null;
        }
        case RLE -> {
          return Decompressors.block(e) instanceof RleDecoder r && r.windowable()
              ? new DefLevels(2, 0, 0, r) : null;
        }
        default -> {
          return null;
        }
      }
    }

    int level(ByteBuffer b, int at, int size, int n, int i) {
      long v;
      switch (kind) {
        case 0 -> {
          if (!(size >= (long) n * (t / 8))) {
            throw new Decoding.Corrupt("Flat def levels of " + size + " bytes for " + n);
          }
          v = word(b, at, t, i);
        }
        case 1 -> v = bitpacked(b, at, size, n, i);
        default -> {
          return rle.window(Decoding.slice(b, at, size), n, i, i + 1)[0];
        }
      }
      if (!(v <= Integer.MAX_VALUE)) {
        throw new Decoding.Corrupt("definition level " + v);
      }
      return (int) v;
    }

    /** OutOfLineBitpacking: whole blocks of 1024, a last partial block packed or raw. */
    private long bitpacked(ByteBuffer b, int at, int size, int n, int i) {
      int wb = t / 8;
      int blockBytes = (FastLanes.BLOCK * w + t - 1) / t * wb;
      int whole = n / FastLanes.BLOCK;
      int tail = n % FastLanes.BLOCK;
      long wholeBytes = (long) whole * blockBytes;
      boolean raw = tail > 0 && size == wholeBytes + (long) tail * wb;
      if (!(raw || size == wholeBytes + (tail > 0 ? blockBytes : 0))) {
        throw new Decoding.Corrupt("OutOfLineBitpacking def levels of " + size + " bytes for "
            + n + " values at " + w + " bits");
      }
      int k = i / FastLanes.BLOCK;
      int pos = at + k * blockBytes;
      int j = i - k * FastLanes.BLOCK;
      return k == whole && raw ? word(b, pos, t, j) : fastLanesValue(b, pos, t, w, j);
    }
  }
}
