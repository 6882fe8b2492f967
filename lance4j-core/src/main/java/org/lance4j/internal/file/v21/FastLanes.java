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
    // the packed block into a heap array once (one bulk copy), then plain array reads
    int packed = packedBytes(w);
    byte[] in = SCRATCH.get();
    src.get(pos, in, 0, packed);
    switch (t) {
      case 8 -> unpack8(in, w, dst, base, n);
      case 16 -> unpack16(in, w, dst, base, n);
      case 32 -> unpack32(in, w, dst, base, n);
      default -> unpack64(in, w, dst, base, n);
    }
  }

  /** Per thread: one packed block (at most 1024 64-bit words). */
  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[BLOCK * 8]);

  private static void unpack8(byte[] in, int w, byte[] dst, int base, int n) {
    final int t = 8;
    final int lanes = BLOCK / t;
    int mask = (1 << w) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit >>> 3;
        int shift = bit & 7;
        int v = (in[wk * lanes + lane] & 0xFF) >>> shift;
        if (shift + w > t) {
          v |= (in[(wk + 1) * lanes + lane] & 0xFF) << (t - shift);
        }
        int idx = ORDER[row >> 3] * 16 + (row & 7) * 128 + lane;
        if (idx < n) {
          dst[base + idx] = (byte) (v & mask);
        }
      }
    }
  }

  private static void unpack16(byte[] in, int w, byte[] dst, int base, int n) {
    final int t = 16;
    final int lanes = BLOCK / t;
    int mask = (1 << w) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit >>> 4;
        int shift = bit & 15;
        int v = ((short) SHORTS.get(in, 2 * (wk * lanes + lane)) & 0xFFFF) >>> shift;
        if (shift + w > t) {
          v |= ((short) SHORTS.get(in, 2 * ((wk + 1) * lanes + lane)) & 0xFFFF) << (t - shift);
        }
        int idx = ORDER[row >> 3] * 16 + (row & 7) * 128 + lane;
        if (idx < n) {
          SHORTS.set(dst, base + 2 * idx, (short) (v & mask));
        }
      }
    }
  }

  private static void unpack32(byte[] in, int w, byte[] dst, int base, int n) {
    final int t = 32;
    final int lanes = BLOCK / t;
    long mask = (1L << w) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit >>> 5;
        int shift = bit & 31;
        long v = ((int) INTS.get(in, 4 * (wk * lanes + lane)) & 0xFFFFFFFFL) >>> shift;
        if (shift + w > t) {
          v |= ((int) INTS.get(in, 4 * ((wk + 1) * lanes + lane)) & 0xFFFFFFFFL) << (t - shift);
        }
        int idx = ORDER[row >> 3] * 16 + (row & 7) * 128 + lane;
        if (idx < n) {
          INTS.set(dst, base + 4 * idx, (int) (v & mask));
        }
      }
    }
  }

  private static void unpack64(byte[] in, int w, byte[] dst, int base, int n) {
    final int t = 64;
    final int lanes = BLOCK / t;
    long mask = w == 64 ? -1L : (1L << w) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit >>> 6;
        int shift = bit & 63;
        long v = (long) LONGS.get(in, 8 * (wk * lanes + lane)) >>> shift;
        if (shift + w > t) {
          v |= (long) LONGS.get(in, 8 * ((wk + 1) * lanes + lane)) << (t - shift);
        }
        int idx = ORDER[row >> 3] * 16 + (row & 7) * 128 + lane;
        if (idx < n) {
          LONGS.set(dst, base + 8 * idx, v & mask);
        }
      }
    }
  }

  /**
   * Values {@code [from, to)} of one packed block (output order, as {@link #unpackTo} writes
   * them) into {@code dst} from value 0, read straight from {@code src}: a few values of a block
   * for a take, without unpacking the other ones. The block must have {@code packedBytes(w)}
   * bytes at {@code pos}.
   */
  static void unpackRange(ByteBuffer src, int pos, int t, int w, byte[] dst, int from, int to) {
    int bytes = t / 8;
    if (w == 0) {
      java.util.Arrays.fill(dst, 0, (to - from) * bytes, (byte) 0);
      return;
    }
    int lanes = BLOCK / t;
    long mask = w == 64 ? -1L : (1L << w) - 1;
    for (int idx = from; idx < to; idx++) {
      int lane = idx % lanes;
      int rest = idx - lane;
      int row = (ORDER[(rest & 127) >> 4] << 3) | (rest >> 7);
      int bit = row * w;
      int wk = bit / t;
      int shift = bit % t;
      long v = word(src, pos, t, wk * lanes + lane) >>> shift;
      if (shift + w > t) {
        v |= word(src, pos, t, (wk + 1) * lanes + lane) << (t - shift);
      }
      v &= mask;
      int o = (idx - from) * bytes;
      switch (t) {
        case 8 -> dst[o] = (byte) v;
        case 16 -> SHORTS.set(dst, o, (short) v);
        case 32 -> INTS.set(dst, o, (int) v);
        default -> LONGS.set(dst, o, v);
      }
    }
  }

  /** Packed word {@code k} of a block of {@code t}-bit words, unsigned. */
  private static long word(ByteBuffer src, int pos, int t, int k) {
    return switch (t) {
      case 8 -> Byte.toUnsignedLong(src.get(pos + k));
      case 16 -> Short.toUnsignedLong(src.getShort(pos + 2 * k));
      case 32 -> Integer.toUnsignedLong(src.getInt(pos + 4 * k));
      default -> src.getLong(pos + 8 * k);
    };
  }
}
