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
    Scratch s = SCRATCH.get();
    if (t == 64) {
      long[] out = s.unpack64(src, pos, w);
      for (int i = 0; i < n; i++) {
        LONGS.set(dst, base + 8 * i, out[i]);
      }
      return;
    }
    int[] out = s.unpackNarrow(src, pos, t, w);
    switch (t) {
      case 8 -> {
        for (int i = 0; i < n; i++) {
          dst[base + i] = (byte) out[i];
        }
      }
      case 16 -> {
        for (int i = 0; i < n; i++) {
          SHORTS.set(dst, base + 2 * i, (short) out[i]);
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          INTS.set(dst, base + 4 * i, out[i]);
        }
      }
    }
  }

  /**
   * As {@link #unpackTo} for 8/16-bit values (and 32-bit ones below 2^31, e.g. levels), as ints
   * into {@code dst} from {@code dstAt}: no byte array between.
   */
  static void unpackInts(ByteBuffer src, int pos, int t, int w, int[] dst, int dstAt, int n) {
    if (w == 0) {
      java.util.Arrays.fill(dst, dstAt, dstAt + n, 0);
      return;
    }
    if (!(t <= 32 && (t < 32 || w < 32))) {
      throw new Decoding.Corrupt(w + "-bit values of a " + t + "-bit type as ints");
    }
    int[] out = SCRATCH.get().unpackNarrow(src, pos, t, w);
    System.arraycopy(out, 0, dst, dstAt, n);
  }

  /** Per thread: one packed block and one unpacked block, as typed words. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * The block unpacker: whole blocks of 1024 values, rows of the lanes outer, lanes inner (the
   * inner loop reads consecutive packed words and writes consecutive outputs, no branch).
   */
  private static final class Scratch {
    final byte[] raw = new byte[BLOCK * 8];
    final int[] in32 = new int[BLOCK];
    final int[] out32 = new int[BLOCK];
    final long[] in64 = new long[BLOCK];
    final long[] out64 = new long[BLOCK];

    /** Unpacks a block of 8/16/32-bit words packed to {@code w} bits (0 < w <= t). */
    int[] unpackNarrow(ByteBuffer src, int pos, int t, int w) {
      int words = BLOCK * w / t;
      int[] in = in32;
      int[] out = out32;
      switch (t) {
        case 8 -> {
          src.get(pos, raw, 0, words);
          for (int i = 0; i < words; i++) {
            in[i] = raw[i] & 0xFF;
          }
        }
        case 16 -> {
          src.get(pos, raw, 0, 2 * words);
          for (int i = 0; i < words; i++) {
            in[i] = (short) SHORTS.get(raw, 2 * i) & 0xFFFF;
          }
        }
        default -> {
          src.get(pos, raw, 0, 4 * words);
          for (int i = 0; i < words; i++) {
            in[i] = (int) INTS.get(raw, 4 * i);
          }
        }
      }
      int lanes = BLOCK / t;
      int mask = w == 32 ? -1 : (1 << w) - 1;
      for (int row = 0; row < t; row++) {
        int bit = row * w;
        int wk = bit / t;
        int shift = bit % t;
        int at = ORDER[row >> 3] * 16 + (row & 7) * 128;
        int k = wk * lanes;
        if (shift + w <= t) {
          for (int lane = 0; lane < lanes; lane++) {
            out[at + lane] = (in[k + lane] >>> shift) & mask;
          }
        } else {
          int k2 = k + lanes;
          int up = t - shift;
          for (int lane = 0; lane < lanes; lane++) {
            out[at + lane] = ((in[k + lane] >>> shift) | (in[k2 + lane] << up)) & mask;
          }
        }
      }
      return out;
    }

    /** Unpacks a block of 64-bit words packed to {@code w} bits (0 < w <= 64). */
    long[] unpack64(ByteBuffer src, int pos, int w) {
      int words = BLOCK * w / 64;
      long[] in = in64;
      long[] out = out64;
      src.get(pos, raw, 0, 8 * words);
      for (int i = 0; i < words; i++) {
        in[i] = (long) LONGS.get(raw, 8 * i);
      }
      final int lanes = 16;
      long mask = w == 64 ? -1L : (1L << w) - 1;
      for (int row = 0; row < 64; row++) {
        int bit = row * w;
        int wk = bit >>> 6;
        int shift = bit & 63;
        int at = ORDER[row >> 3] * 16 + (row & 7) * 128;
        int k = wk * lanes;
        if (shift + w <= 64) {
          for (int lane = 0; lane < lanes; lane++) {
            out[at + lane] = (in[k + lane] >>> shift) & mask;
          }
        } else {
          int k2 = k + lanes;
          int up = 64 - shift;
          for (int lane = 0; lane < lanes; lane++) {
            out[at + lane] = ((in[k + lane] >>> shift) | (in[k2 + lane] << up)) & mask;
          }
        }
      }
      return out;
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
    for (int idx = from; idx < to; idx++) {
      long v = value(src, pos, t, w, idx);
      int o = (idx - from) * bytes;
      switch (t) {
        case 8 -> dst[o] = (byte) v;
        case 16 -> SHORTS.set(dst, o, (short) v);
        case 32 -> INTS.set(dst, o, (int) v);
        default -> LONGS.set(dst, o, v);
      }
    }
  }

  /**
   * Value {@code idx} (0..1023, output order) of a block of {@code t}-bit words packed to
   * {@code w} bits at {@code pos}: its bits lie in one or two words of its lane (the transposed
   * layout), so one value is read without unpacking the block.
   */
  static long value(ByteBuffer src, int pos, int t, int w, int idx) {
    if (w == 0) {
      return 0;
    }
    int lanes = BLOCK / t;
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
    return w == 64 ? v : v & ((1L << w) - 1);
  }

  /** Packed word {@code k} of a block of {@code t}-bit words, unsigned. */
  static long word(ByteBuffer src, int pos, int t, int k) {
    return switch (t) {
      case 8 -> Byte.toUnsignedLong(src.get(pos + k));
      case 16 -> Short.toUnsignedLong(src.getShort(pos + 2 * k));
      case 32 -> Integer.toUnsignedLong(src.getInt(pos + 4 * k));
      default -> src.getLong(pos + 8 * k);
    };
  }
}
