package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FSST over variable-width values. The symbol table (from the encoding message) starts with a
 * u64 header whose low byte is the symbol count and bit 24 says whether the data is compressed
 * at all; then the symbols (u64 each, little-endian) and then one length byte per symbol. Code
 * 255 escapes the next byte, which is copied literally. Decodes a whole chunk into one buffer.
 */
final class FsstDecoder implements Decoding.WindowedMiniBlock, Decoding.DirectMiniBlock {
  private static final int ESC = 255;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private final Decoding.MiniBlockDecompressor inner;
  private final boolean on;
  private final long[] symbols = new long[256];
  private final byte[] lens = new byte[256];
  /** Per code: the symbol length, or 0 for the escape code and codes not in the table. */
  private final int[] step = new int[256];
  /** Per thread: the reused output buffer (kept when at most 8 MiB). */
  private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();
  private static final int KEEP = 8 << 20;

  FsstDecoder(byte[] table, Decoding.MiniBlockDecompressor inner) {
    this.inner = inner;
    if (table.length < 8) {
      throw new Decoding.Corrupt("FSST symbol table of " + table.length + " bytes");
    }
    ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    long info = t.getLong(0);
    this.on = (info & (1L << 24)) != 0;
    int n = (int) (info & 0xFF);
    if (on && table.length < 8 + 9 * n) {
      throw new Decoding.Corrupt("FSST symbol table of " + table.length + " bytes for " + n
          + " symbols");
    }
    if (on) {
      for (int i = 0; i < n; i++) {
        symbols[i] = t.getLong(8 + 8 * i);
        lens[i] = table[8 + 8 * n + i];
        if (lens[i] < 1 || lens[i] > 8) {
          throw new Decoding.Corrupt("FSST symbol " + i + " has length " + lens[i]);
        }
        step[i] = lens[i];
      }
    }
    step[ESC] = 0;
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

  /** Per thread: the compressed bytes of a chunk (kept when at most 1 MiB). */
  private static final ThreadLocal<byte[]> IN = new ThreadLocal<>();

  /**
   * A Variable mini-block chunk (n + 1 u32 offsets from the buffer start, then the bytes) read
   * straight from the buffer: its offsets are checked as {@link VariableDecoder} does, the
   * compressed bytes copied once, and the output offsets written over the input ones.
   */
  private Block.Var decodeChunk(ByteBuffer b, int n) {
    int[] off = new int[n + 1];
    byte[] in = chunkCodes(b, n, off);
    return decode(in, off, n, off[n]);
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
    int[] off = new int[n + 1];
    byte[] in = chunkCodes(buffers[0], n, off);
    out.beginVar(n, (long) off[n] * 8 + 16);
    int at = out.count();
    int base = out.varLength();
    int end = decodeLoop(in, off, n, out.varData(), base);
    int[] o = out.varOffsets();
    for (int i = 1; i <= n; i++) {
      o[at + i] = base + off[i];
    }
    out.endVar(n, end);
  }

  /**
   * Reads a chunk's offsets (relative to the first, into {@code off}: {@code off[n]} is the
   * number of code bytes) and copies its codes into the returned array (the thread's buffer).
   */
  private static byte[] chunkCodes(ByteBuffer b, int n, int[] off) {
    long need = (long) (n + 1) * 4;
    if (!(b.remaining() >= need)) {
      throw new Decoding.Corrupt("Variable: " + (n + 1) + " offsets need " + need
          + " bytes, buffer has " + b.remaining());
    }
    long first = Integer.toUnsignedLong(b.getInt(0));
    long prev = first;
    for (int i = 1; i <= n; i++) {
      long o = Integer.toUnsignedLong(b.getInt(4 * i));
      if (!(o >= prev)) {
        throw new Decoding.Corrupt("Variable: offsets are not ascending at value " + i);
      }
      off[i] = (int) Math.min(o - first, Integer.MAX_VALUE);
      prev = o;
    }
    if (!(prev <= b.remaining())) {
      throw new Decoding.Corrupt("Variable: bytes [" + first + ", " + prev
          + ") outside a buffer of " + b.remaining());
    }
    int len = (int) (prev - first);
    byte[] in = IN.get();
    if (in == null || in.length < len) {
      in = new byte[Math.max(len, 1 << 14)];
      if (in.length <= (1 << 20)) {
        IN.set(in);
      }
    }
    b.get((int) first, in, 0, len);
    return in;
  }

  /** Decodes every value of {@code v} (returned as is when the table says it is not compressed). */
  Block.Var decode(Block.Var v) {
    if (!on) {
      return v;
    }
    return decode(v.data(), v.offsets().clone(), v.numValues(), v.data().length);
  }

  /**
   * Decodes values {@code [0, n)} whose codes are {@code in[inOff[i], inOff[i + 1])} ({@code
   * inLen} bytes in all); the output offsets are written over {@code inOff}.
   */
  private Block.Var decode(byte[] in, int[] inOff, int n, int inLen) {
    // each code yields at most 8 bytes; symbols are written 8 bytes at a time (the slack past
    // the symbol's length is overwritten by what follows)
    int need = inLen * 8 + 16;
    byte[] out = SCRATCH.get();
    if (out == null || out.length < need) {
      out = new byte[Math.max(need, 1 << 16)];
      if (out.length <= KEEP) {
        SCRATCH.set(out);
      }
    }
    int o = decodeLoop(in, inOff, n, out, 0);
    return new Block.Var(inOff, java.util.Arrays.copyOf(out, o), n);
  }

  /**
   * The decode loop: values {@code [0, n)} with codes {@code in[inOff[i], inOff[i + 1])} into
   * {@code out} from {@code o0} (room for 8 bytes per code + 16); the values' end offsets
   * relative to {@code o0} are written over {@code inOff[1..n]} ({@code inOff[0]} becomes 0).
   * Returns the end of the output.
   */
  private int decodeLoop(byte[] in, int[] inOff, int n, byte[] out, int o0) {
    final int[] st = step;
    final long[] sym = symbols;
    int[] outOff = inOff;
    int o = o0;
    int p = inOff[0];
    outOff[0] = 0;
    for (int i = 0; i < n; i++) {
      int end = inOff[i + 1];
      while (p < end) {
        if (p + 1 < end) { // two symbols per step: their loads overlap
          int c1 = in[p] & 0xFF;
          int c2 = in[p + 1] & 0xFF;
          int l1 = st[c1];
          int l2 = st[c2];
          if (l1 > 0 && l2 > 0) {
            LONGS.set(out, o, sym[c1]);
            o += l1;
            LONGS.set(out, o, sym[c2]);
            o += l2;
            p += 2;
            continue;
          }
        }
        int code = in[p++] & 0xFF;
        int len = st[code];
        if (len > 0) { // one branch on the common path: a symbol of the table
          LONGS.set(out, o, sym[code]);
          o += len;
        } else if (code == ESC) {
          if (p >= end) {
            throw new Decoding.Corrupt("FSST value " + i + " ends in an escape");
          }
          out[o++] = in[p++];
        } else {
          throw new Decoding.Corrupt("FSST code " + code + " is not in the symbol table");
        }
      }
      outOff[i + 1] = o - o0;
    }
    return o;
  }
}
