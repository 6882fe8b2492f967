package org.lance4j.internal.file.v21;

/**
 * InlineBitpacking for mini-block chunks (the inverse of {@link InlineBitpackingDecoder}): each
 * chunk is 1024 values (the last one fewer, padded with zeros), stored as one word of the value
 * type holding the bit width, then the FastLanes block packed to that width (see
 * {@link FastLanes} for the interleaved order).
 */
final class BitpackWriter {
  private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

  private BitpackWriter() {}

  /** Value {@code i} of little-endian {@code t}-bit values in {@code v}, zero-extended. */
  static long word(byte[] v, int i, int t) {
    int bytes = t / 8;
    long x = 0;
    int at = i * bytes;
    for (int k = 0; k < bytes; k++) {
      x |= (v[at + k] & 0xFFL) << (8 * k);
    }
    return x;
  }

  /**
   * OutOfLineBitpacking of u16 levels {@code [from, from + count)} at width {@code w}: whole
   * 1024-value blocks, the last one padded with zeros.
   */
  static void levels(int[] levels, int from, int count, int w, GrowBytes out) {
    final int t = 16;
    final int lanes = FastLanes.BLOCK / t;
    long[] words = WORDS.get();
    int nw = w * lanes;
    for (int s = 0; s < count; s += FastLanes.BLOCK) {
      int c = Math.min(FastLanes.BLOCK, count - s);
      int off = from + s;
      java.util.Arrays.fill(words, 0, nw, 0L);
      // straight from the levels (no copy into a 64-bit block): row r of lane l is level
      // ORDER[r / 8] * 16 + (r % 8) * 128 + l of the block, zero past its end
      for (int row = 0; row < t; row++) {
        int base = ORDER[row >> 3] * 16 + (row & 7) * 128;
        int bit = row * w;
        int wk = (bit >>> 4) * lanes;
        int shift = bit & (t - 1);
        boolean spill = shift + w > t;
        int back = t - shift;
        int full = Math.min(lanes, Math.max(0, c - base));
        for (int lane = 0; lane < full; lane++) {
          long x = levels[off + base + lane];
          words[wk + lane] |= (x << shift) & 0xFFFF;
          if (spill) {
            words[wk + lanes + lane] |= x >>> back;
          }
        }
      }
      int at = out.extend(nw * 2);
      byte[] dst = out.array();
      for (int i = 0; i < nw; i++, at += 2) {
        SHORTS.set(dst, at, (short) words[i]);
      }
    }
  }

  /** Bits needed for the widest of values {@code [start, start + count)}. */
  static int width(byte[] v, int start, int count, int t) {
    long or = 0;
    int end = start + count;
    switch (t) {
      case 64 -> {
        for (int i = start; i < end; i++) {
          or |= (long) LONGS.get(v, i * 8);
        }
      }
      case 32 -> {
        for (int i = start; i < end; i++) {
          or |= (int) INTS.get(v, i * 4);
        }
        or &= 0xFFFFFFFFL;
      }
      default -> {
        for (int i = start; i < end; i++) {
          or |= word(v, i, t);
        }
      }
    }
    return 64 - Long.numberOfLeadingZeros(or);
  }

  static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Bytes of the page's values bit-packed in 1024-value chunks (to compare with Flat). */
  static long packedBytes(byte[] v, int n, int t) {
    long total = 0;
    for (int s = 0; s < n; s += FastLanes.BLOCK) {
      int w = width(v, s, Math.min(FastLanes.BLOCK, n - s), t);
      total += t / 8 + FastLanes.packedBytes(w);
    }
    return total;
  }

  /** Writes one chunk: values {@code [start, start + count)}, {@code count <= 1024}. */
  static void writeChunk(byte[] v, int start, int count, int t, GrowBytes out) {
    int w = width(v, start, count, t);
    int bytes = t / 8;
    for (int k = 0; k < bytes; k++) {
      out.u8(k == 0 ? w : 0);
    }
    if (w == 0) {
      return;
    }
    long[] in = IN.get();
    if (count < FastLanes.BLOCK) {
      java.util.Arrays.fill(in, count, FastLanes.BLOCK, 0L);
    }
    if (t == 64) {
      for (int i = 0; i < count; i++) {
        in[i] = (long) LONGS.get(v, (start + i) * 8);
      }
    } else if (t == 32) {
      for (int i = 0; i < count; i++) {
        in[i] = (int) INTS.get(v, (start + i) * 4) & 0xFFFFFFFFL;
      }
    } else {
      for (int i = 0; i < count; i++) {
        in[i] = word(v, start + i, t);
      }
    }
    packBlock(in, t, w, out);
  }

  private static final ThreadLocal<long[]> IN =
      ThreadLocal.withInitial(() -> new long[FastLanes.BLOCK]);
  private static final ThreadLocal<long[]> WORDS =
      ThreadLocal.withInitial(() -> new long[FastLanes.BLOCK]);
  static final java.lang.invoke.VarHandle SHORTS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * Packs 1024 values of a {@code t}-bit type to {@code w} bits (w > 0, every value below
   * {@code 2^w}) into {@code out}. Lane by lane: the lane's {@code t} values (rows in FastLanes
   * order) are shifted into one register word, which is stored straight into the output when
   * full ({@code w} words per lane, word k of lane l at index {@code k * lanes + l}).
   */
  static void packBlock(long[] in, int t, int w, GrowBytes out) {
    int bytes = t / 8;
    int lanes = FastLanes.BLOCK / t;
    int nw = w * lanes;
    int at = out.extend(nw * bytes);
    byte[] dst = out.array();
    switch (t) {
      case 64 -> {
        for (int lane = 0; lane < lanes; lane++) {
          long acc = 0;
          int filled = 0;
          int o = at + 8 * lane;
          for (int row = 0; row < 64; row++) {
            long x = in[ORDER[row >> 3] * 16 + (row & 7) * 128 + lane];
            acc |= x << filled;
            filled += w;
            if (filled >= 64) {
              LONGS.set(dst, o, acc);
              o += 8 * lanes;
              filled -= 64;
              acc = filled == 0 ? 0 : x >>> (w - filled);
            }
          }
        }
      }
      case 32 -> {
        for (int lane = 0; lane < lanes; lane++) {
          long acc = 0;
          int filled = 0;
          int o = at + 4 * lane;
          for (int row = 0; row < 32; row++) {
            long x = in[ORDER[row >> 3] * 16 + (row & 7) * 128 + lane];
            acc |= x << filled;
            filled += w;
            if (filled >= 32) {
              INTS.set(dst, o, (int) acc);
              o += 4 * lanes;
              filled -= 32;
              acc = x >>> (w - filled);
            }
          }
        }
      }
      default -> {
        for (int lane = 0; lane < lanes; lane++) {
          long acc = 0;
          int filled = 0;
          int o = at + bytes * lane;
          for (int row = 0; row < t; row++) {
            long x = in[ORDER[row >> 3] * 16 + (row & 7) * 128 + lane];
            acc |= x << filled;
            filled += w;
            if (filled >= t) {
              if (t == 16) {
                SHORTS.set(dst, o, (short) acc);
              } else {
                dst[o] = (byte) acc;
              }
              o += bytes * lanes;
              filled -= t;
              acc = x >>> (w - filled);
            }
          }
        }
      }
    }
  }
}
