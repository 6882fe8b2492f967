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
      }
    }
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
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

  /** Decodes every value of {@code v} (returned as is when the table says it is not compressed). */
  Block.Var decode(Block.Var v) {
    if (!on) {
      return v;
    }
    byte[] in = v.data();
    int[] inOff = v.offsets();
    int n = v.numValues();
    // each code yields at most 8 bytes; symbols are written 8 bytes at a time (the slack past
    // the symbol's length is overwritten by what follows)
    int need = in.length * 8 + 16;
    byte[] out = SCRATCH.get();
    if (out == null || out.length < need) {
      out = new byte[Math.max(need, 1 << 16)];
      if (out.length <= KEEP) {
        SCRATCH.set(out);
      }
    }
    int[] outOff = new int[n + 1];
    int o = 0;
    for (int i = 0; i < n; i++) {
      int p = inOff[i];
      int end = inOff[i + 1];
      while (p < end) {
        int code = in[p++] & 0xFF;
        if (code == ESC) {
          if (p >= end) {
            throw new Decoding.Corrupt("FSST value " + i + " ends in an escape");
          }
          out[o++] = in[p++];
        } else {
          int len = lens[code];
          if (len == 0) {
            throw new Decoding.Corrupt("FSST code " + code + " is not in the symbol table");
          }
          LONGS.set(out, o, symbols[code]);
          o += len;
        }
      }
      outOff[i + 1] = o;
    }
    return new Block.Var(outOff, java.util.Arrays.copyOf(out, o), n);
  }
}
