package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FSST over variable-width values. The symbol table (from the encoding message) starts with a
 * u64 header whose low byte is the symbol count and bit 24 says whether the data is compressed
 * at all; then the symbols (u64 each, little-endian) and then one length byte per symbol. Code
 * 255 escapes the next byte, which is copied literally. Decodes a whole chunk into one buffer.
 */
final class FsstDecoder implements Decoding.WindowedMiniBlock {
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
    long need = (long) (n + 1) * 4;
    if (!(b.remaining() >= need)) {
      throw new Decoding.Corrupt("Variable: " + (n + 1) + " offsets need " + need
          + " bytes, buffer has " + b.remaining());
    }
    int[] off = new int[n + 1];
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
    return decode(in, off, n, len);
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
    final int[] st = step;
    final long[] sym = symbols;
    int[] outOff = inOff;
    int o = 0;
    int p = inOff[0];
    outOff[0] = 0;
    for (int i = 0; i < n; i++) {
      int end = inOff[i + 1];
      while (p < end) {
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
      outOff[i + 1] = o;
    }
    return new Block.Var(outOff, java.util.Arrays.copyOf(out, o), n);
  }
}
