package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FSST over variable-width values (the symbol table: {@link FsstTable}). Decodes a whole chunk
 * into one buffer.
 */
final class FsstDecoder implements Decoding.WindowedMiniBlock, Decoding.DirectMiniBlock {
  private static final int ESC = FsstTable.ESC;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private final Decoding.MiniBlockDecompressor inner;
  private final boolean on;
  private final long[] symbols;
  /** Per code: the symbol length, or 0 for the escape code and codes not in the table. */
  private final int[] step;
  /** Per thread: the reused output buffer (kept when at most 8 MiB). */
  private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();
  private static final int KEEP = 8 << 20;

  FsstDecoder(byte[] table, Decoding.MiniBlockDecompressor inner) {
    this.inner = inner;
    FsstTable t = new FsstTable(table);
    this.on = t.on;
    this.symbols = t.symbols;
    this.step = t.lens;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    if (on && buffers.length == 1 && inner instanceof VariableDecoder vd && vd.offsetBits() == 32
        && numValues >= 0) {
      return decodeChunk(buffers[0], numValues);
    }
    Block b = inner.decompress(buffers, numValues);
    if (!(b instanceof Block.Var v)) {
      throw new Decoding.Corrupt("FSST over fixed-width values");
    }
    return decode(v);
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues, int from, int to) {
    if (!(inner instanceof Decoding.WindowedMiniBlock w)) {
      return null;
    }
    Block b = w.decompress(buffers, numValues, from, to);
    if (b == null) {
      return null;
    }
    if (!(b instanceof Block.Var v)) {
      throw new Decoding.Corrupt("FSST over fixed-width values");
    }
    return decode(v);
  }

  /**
   * Per thread: the codes of a chunk ({@code in}), its raw offsets ({@code off}) and the output
   * position of every code ({@code outAt}); kept while small, so a scan allocates none per chunk.
   */
  private static final class Scratch {
    byte[] in = new byte[1 << 14];
    int[] off = new int[1 << 12];
    int[] outAt = new int[1 << 14];

    int[] off(int n) {
      if (off.length < n) {
        int[] a = new int[Math.max(n, 2 * off.length)];
        if (a.length > KEEP_INTS) {
          return a;
        }
        off = a;
      }
      return off;
    }

    int[] outAt(int n) {
      if (outAt.length < n) {
        int[] a = new int[Math.max(n, 2 * outAt.length)];
        if (a.length > KEEP_INTS) {
          return a;
        }
        outAt = a;
      }
      return outAt;
    }

    byte[] in(int n) {
      if (in.length < n) {
        byte[] a = new byte[Math.max(n, 2 * in.length)];
        if (a.length > KEEP_INTS * 4) {
          return a;
        }
        in = a;
      }
      return in;
    }
  }

  private static final int KEEP_INTS = 1 << 18;
  private static final ThreadLocal<Scratch> SCRATCHES = ThreadLocal.withInitial(Scratch::new);

  /**
   * A Variable mini-block chunk (n + 1 u32 offsets from the buffer start, then the bytes) read
   * straight from the buffer: its offsets are checked as {@link VariableDecoder} does and the
   * compressed bytes copied once.
   */
  private Block.Var decodeChunk(ByteBuffer b, int n) {
    Scratch s = SCRATCHES.get();
    int[] off = s.off(n + 1);
    byte[] in = chunkCodes(b, n, off, s);
    int len = off[n] - off[0];
    byte[] out = SCRATCH.get();
    int need = len * 8 + 16;
    if (out == null || out.length < need) {
      out = new byte[Math.max(need, 1 << 16)];
      if (out.length <= KEEP) {
        SCRATCH.set(out);
      }
    }
    int[] o = new int[n + 1];
    int[] outAt = s.outAt(len + 1);
    int end = decodeAll(in, 0, len, out, 0, null, outAt);
    offsets(outAt, off, off[0], n, o, 0);
    return new Block.Var(o, java.util.Arrays.copyOf(out, end), n);
  }

  /** Whether {@link #decompressInto} can decode chunks of this encoding. */
  @Override
  public boolean direct() {
    return on && inner instanceof VariableDecoder vd && vd.offsetBits() == 32;
  }

  /**
   * Decodes a chunk (one Variable buffer, see {@link #decodeChunk}) of {@code n} values straight
   * into {@code out}'s data and offsets: no block of its own, no copy. Needs {@link #direct}.
   */
  @Override
  public void decompressInto(ByteBuffer[] buffers, int n, BlockBuilder out) {
    if (!(buffers.length == 1)) {
      throw new Decoding.Corrupt("Variable chunk has " + buffers.length + " buffers, not 1");
    }
    Scratch s = SCRATCHES.get();
    int[] off = s.off(n + 1);
    byte[] in = chunkCodes(buffers[0], n, off, s);
    int len = off[n] - off[0];
    // room for what the codes give at a typical ratio; the loop grows the buffer if need be
    out.beginVar(n, (long) len * 3 + 64);
    int at = out.count();
    int[] outAt = s.outAt(len + 1);
    int end = decodeAll(in, 0, len, out.varData(), out.varLength(), out, outAt);
    offsets(outAt, off, off[0], n, out.varOffsets(), at);
    out.endVar(n, end);
  }

  /**
   * Reads a chunk's {@code n + 1} offsets as they are (from the buffer start) into {@code off},
   * checks them, and copies the codes into the returned array (the thread's) from index 0.
   */
  private static byte[] chunkCodes(ByteBuffer b, int n, int[] off, Scratch s) {
    long need = (long) (n + 1) * 4;
    if (!(b.remaining() >= need)) {
      throw new Decoding.Corrupt("Variable: " + (n + 1) + " offsets need " + need
          + " bytes, buffer has " + b.remaining());
    }
    b.duplicate().position(0).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(0, off, 0, n + 1);
    int first = off[0];
    int prev = first;
    boolean ok = first >= 0; // an offset past 2^31 is past any buffer
    for (int i = 1; i <= n; i++) {
      int o = off[i];
      ok &= o >= prev;
      prev = o;
    }
    if (!ok) {
      int i = 1;
      while (first >= 0 && i <= n && off[i] >= off[i - 1]) {
        i++;
      }
      if (first >= 0 && i <= n && Integer.toUnsignedLong(off[i])
          < Integer.toUnsignedLong(off[i - 1])) {
        throw new Decoding.Corrupt("Variable: offsets are not ascending at value " + i);
      }
      throw new Decoding.Corrupt("Variable: bytes [" + Integer.toUnsignedLong(first) + ", "
          + Integer.toUnsignedLong(off[n]) + ") outside a buffer of " + b.remaining());
    }
    if (!(prev <= b.remaining())) {
      throw new Decoding.Corrupt("Variable: bytes [" + first + ", " + prev
          + ") outside a buffer of " + b.remaining());
    }
    int len = prev - first;
    byte[] in = s.in(len + 8);
    b.get(first, in, 0, len);
    return in;
  }

  /** Decodes every value of {@code v} (returned as is when the table says it is not compressed). */
  Block.Var decode(Block.Var v) {
    if (!on) {
      return v;
    }
    int n = v.numValues();
    int[] io = v.offsets();
    int p0 = io[0];
    int len = io[n] - p0;
    int need = len * 8 + 16;
    byte[] out = SCRATCH.get();
    if (out == null || out.length < need) {
      out = new byte[Math.max(need, 1 << 16)];
      if (out.length <= KEEP) {
        SCRATCH.set(out);
      }
    }
    Scratch s = SCRATCHES.get();
    int[] outAt = s.outAt(len + 1);
    int end = decodeAll(v.data(), p0, len, out, 0, null, outAt);
    int[] o = new int[n + 1];
    offsets(outAt, io, p0, n, o, 0);
    return new Block.Var(o, java.util.Arrays.copyOf(out, end), n);
  }

  /**
   * The values' output offsets: value {@code i} ends where its last code's output ends, {@code
   * outAt[inOff[i + 1] - p0]}; {@code outAt[0]} and {@code inOff[0]} start value 0. A value that
   * ends inside an escape (its end is the escaped byte, marked -1) is corrupt. Writes
   * {@code dst[at .. at + n]} ({@code dst[at]} only when {@code at == 0}, as the builder's
   * offset there is the previous value's end).
   */
  private static void offsets(int[] outAt, int[] inOff, int p0, int n, int[] dst, int at) {
    if (at == 0) {
      dst[0] = outAt[0];
    }
    int bad = 0;
    for (int i = 1; i <= n; i++) {
      int v = outAt[inOff[i] - p0];
      bad |= v;
      dst[at + i] = v;
    }
    if (bad < 0) {
      for (int i = 1; i <= n; i++) {
        if (outAt[inOff[i] - p0] < 0) {
          throw new Decoding.Corrupt("FSST value " + (i - 1) + " ends in an escape");
        }
      }
    }
  }

  /**
   * The decode loop: all {@code len} codes {@code in[p0, p0 + len)} of a chunk in one pass,
   * value boundaries ignored (a code never spans two values; an escape that does is caught by
   * {@link #offsets}), into {@code out} from {@code o0}; the output position of each code is
   * written to {@code outAt[p - p0]} (room for {@code len + 1}) (-1 for an escaped byte), and {@code outAt[len]} is the
   * end. {@code out} has room for 8 bytes per code + 16 when {@code grow} is null; else the
   * loop makes room through {@code grow}. Returns the end of the output.
   */
  private int decodeAll(byte[] in, int p0, int len, byte[] out, int o0, BlockBuilder grow,
      int[] outAt) {
    final int[] st = step;
    final long[] sym = symbols;
    int o = o0;
    int p = p0;
    int end = p0 + len;
    int q = 0; // p - p0
    int lim = grow == null ? Integer.MAX_VALUE : out.length - 48;
    while (p + 4 <= end) {
      if (o > lim) {
        out = grow.growVar(o + 48);
        lim = out.length - 48;
      }
      int c1 = in[p] & 0xFF;
      int c2 = in[p + 1] & 0xFF;
      int c3 = in[p + 2] & 0xFF;
      int c4 = in[p + 3] & 0xFF;
      int l1 = st[c1];
      int l2 = st[c2];
      int l3 = st[c3];
      int l4 = st[c4];
      if (((l1 - 1) | (l2 - 1) | (l3 - 1) | (l4 - 1)) >= 0) { // four symbols of the table
        outAt[q] = o;
        LONGS.set(out, o, sym[c1]);
        o += l1;
        outAt[q + 1] = o;
        LONGS.set(out, o, sym[c2]);
        o += l2;
        outAt[q + 2] = o;
        LONGS.set(out, o, sym[c3]);
        o += l3;
        outAt[q + 3] = o;
        LONGS.set(out, o, sym[c4]);
        o += l4;
        p += 4;
        q += 4;
        continue;
      }
      int k = one(in, p, end, out, o, outAt, q);
      o = outAt[q + k]; // one() left the output end there
      p += k;
      q += k;
    }
    while (p < end) {
      if (o > lim) {
        out = grow.growVar(o + 48);
        lim = out.length - 48;
      }
      int k = one(in, p, end, out, o, outAt, q);
      o = outAt[q + k];
      p += k;
      q += k;
    }
    outAt[q] = o;
    return o;
  }

  /**
   * Decodes the code at {@code in[p]} (a symbol: 1 code; an escape: 2) to {@code out[o...]};
   * records its output position at {@code outAt[q]} (the escaped byte's as -1) and the output
   * end at {@code outAt[q + k]}; returns {@code k}.
   */
  private int one(byte[] in, int p, int end, byte[] out, int o, int[] outAt, int q) {
    int code = in[p] & 0xFF;
    int len = step[code];
    outAt[q] = o;
    if (len > 0) {
      LONGS.set(out, o, symbols[code]);
      outAt[q + 1] = o + len;
      return 1;
    }
    if (code == ESC) {
      if (p + 1 >= end) {
        throw new Decoding.Corrupt("FSST value ends in an escape");
      }
      out[o] = in[p + 1];
      outAt[q + 1] = -1;
      outAt[q + 2] = o + 1;
      return 2;
    }
    throw new Decoding.Corrupt("FSST code " + code + " is not in the symbol table");
  }
}
