package org.lance4j.internal.file.v21;

/** Reads decoded little-endian value bytes as integers (levels, indices, descriptors). */
final class Values {
  private Values() {}

  /** Reads value {@code i} of a fixed block of 8/16/32/64-bit values as an unsigned long. */
  static long get(Block.Fixed b, int i) {
    byte[] d = b.data();
    switch (b.bits()) {
      case 8:
        return d[i] & 0xFFL;
      case 16:
        return (d[2 * i] & 0xFFL) | (d[2 * i + 1] & 0xFFL) << 8;
      case 32: {
        int p = 4 * i;
        return (d[p] & 0xFFL) | (d[p + 1] & 0xFFL) << 8 | (d[p + 2] & 0xFFL) << 16
            | (d[p + 3] & 0xFFL) << 24;
      }
      case 64: {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
          v = v << 8 | (d[8 * i + k] & 0xFFL);
        }
        return v;
      }
      default:
        throw new Decoding.Corrupt("cannot read " + b.bits() + "-bit values as integers");
    }
  }

  /** The values of a fixed block of 8/16/32/64-bit unsigned integers as ints (levels, indices). */
  static int[] toInts(Block.Fixed b) {
    int n = b.numValues();
    int[] out = new int[n];
    byte[] d = b.data();
    switch (b.bits()) {
      case 8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = d[i] & 0xFF;
        }
      }
      case 16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (d[2 * i] & 0xFF) | (d[2 * i + 1] & 0xFF) << 8;
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          long v = get(b, i);
          if (v < 0 || v > Integer.MAX_VALUE) {
            throw new Decoding.Corrupt("value " + Long.toUnsignedString(v) + " is too large");
          }
          out[i] = (int) v;
        }
      }
    }
    return out;
  }
}
