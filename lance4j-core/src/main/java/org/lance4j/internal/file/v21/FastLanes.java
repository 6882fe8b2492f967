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

  /**
   * Unpacks one block of 1024 values from {@code src} at byte {@code pos} into {@code out} (1024
   * entries, zero-extended to long).
   */
  static void unpack(ByteBuffer src, int pos, int t, int w, long[] out) {
    if (w == 0) {
      java.util.Arrays.fill(out, 0, BLOCK, 0L);
      return;
    }
    int lanes = BLOCK / t;
    int bytes = t / 8;
    long mask = w == 64 ? -1L : (1L << w) - 1;
    long tmask = t == 64 ? -1L : (1L << t) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      int k = -1;
      long cur = 0;
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit / t;
        int shift = bit % t;
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
        out[ORDER[row >> 3] * 16 + (row & 7) * 128 + lane] = v & mask;
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
