package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * Unpacks the bit-packed blocks Lance writes for InlineBitpacking and OutOfLineBitpacking: 1024
 * values of a {@code t}-bit type (8, 16, 32, 64) packed to {@code w} bits in the FastLanes
 * interleaved order. The packed words form {@code 1024 / t} lanes; the value in row {@code r} of
 * lane {@code l} starts at bit {@code r * w} of that lane's word stream (word {@code k} of lane
 * {@code l} is packed word {@code k * lanes + l}) and lands at output position
 * {@code ORDER[r / 8] * 16 + (r % 8) * 128 + l}.
 */
final class FastLanes {
  static final int BLOCK = 1024;
  private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

  private FastLanes() {}

  /** Bytes of one packed block of 1024 values at width {@code w}. */
  static int packedBytes(int w) {
    return BLOCK * w / 8;
  }

  private static final java.lang.invoke.VarHandle SHORTS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class,
          java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final java.lang.invoke.VarHandle INTS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
          java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
          java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * Unpacks one block straight into {@code dst} as {@code t}-bit little-endian values, value
   * {@code k} of the block at value {@code dstValue + k}; only the first {@code n} values of the
   * block are written ({@code dst} needs room for just those).
   */
  static void unpackTo(ByteBuffer src, int pos, int t, int w, byte[] dst, int dstValue, int n) {
    int bytes = t / 8;
    int base = dstValue * bytes;
    if (w == 0) {
      java.util.Arrays.fill(dst, base, base + n * bytes, (byte) 0);
      return;
    }
    int lanes = BLOCK / t;
    long mask = w == 64 ? -1L : (1L << w) - 1;
    long tmask = t == 64 ? -1L : (1L << t) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      int k = 0;
      long cur = word(src, pos + lane * bytes, t) & tmask;
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit / t;
        int shift = bit - wk * t;
        if (wk != k) {
          k = wk;
          cur = word(src, pos + (wk * lanes + lane) * bytes, t) & tmask;
        }
        long v = cur >>> shift;
        if (shift + w > t) {
          k = wk + 1;
          cur = word(src, pos + (k * lanes + lane) * bytes, t) & tmask;
          v |= cur << (t - shift);
        }
        v &= mask;
        int idx = ORDER[row >> 3] * 16 + (row & 7) * 128 + lane;
        if (idx < n) {
          int at = base + idx * bytes;
          switch (t) {
            case 8 -> dst[at] = (byte) v;
            case 16 -> SHORTS.set(dst, at, (short) v);
            case 32 -> INTS.set(dst, at, (int) v);
            default -> LONGS.set(dst, at, v);
          }
        }
      }
    }
  }

  private static long word(ByteBuffer b, int at, int t) {
    switch (t) {
      case 8:
        return b.get(at);
      case 16:
        return b.getShort(at);
      case 32:
        return b.getInt(at);
      default:
        return b.getLong(at);
    }
  }
}
