package org.lance4j.internal.file.v21;

/**
 * A HyperLogLog estimate of a page's distinct values (4,096 registers: about 1.6% standard
 * error), so that a dictionary attempt on a page with far too many distinct values is skipped
 * without building its hash table. Callers only skip when the estimate passes their limit by a
 * wide margin ({@link #clearlyAbove}), so the dictionary decision stays the exact count's.
 */
final class Cardinality {
  private static final int P = 12;
  private static final int M = 1 << P;

  private Cardinality() {}

  /** Whether the estimate is far enough above {@code limit} that the exact count is too. */
  static boolean clearlyAbove(double estimate, long limit) {
    return estimate > limit * 1.25 + 64;
  }

  /** Estimated distinct values among the valid items {@code [0, n)} of a variable-width page. */
  static double ofVariable(byte[] data, long[] offsets, int n, int[] def) {
    byte[] reg = new byte[M];
    for (int i = 0; i < n; i++) {
      if (def == null || def[i] == 0) {
        int s = (int) offsets[i];
        add(reg, mix(DictionaryWriter.hash(data, s, (int) (offsets[i + 1] - s))));
      }
    }
    return estimate(reg);
  }

  /** Estimated distinct values among {@code n} little-endian 64-bit values. */
  static double ofLongs(byte[] v, int n) {
    byte[] reg = new byte[M];
    for (int i = 0; i < n; i++) {
      add(reg, mix((long) BitpackWriter.LONGS.get(v, i * 8)));
    }
    return estimate(reg);
  }

  private static void add(byte[] reg, long h) {
    int j = (int) (h >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
    if (rank > reg[j]) {
      reg[j] = (byte) rank;
    }
  }

  /** splitmix64's finalizer. */
  static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }

  private static double estimate(byte[] reg) {
    double sum = 0;
    int zeros = 0;
    for (byte r : reg) {
      sum += Math.scalb(1.0, -r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / M);
    double e = alpha * M * M / sum;
    if (e <= 2.5 * M && zeros > 0) {
      e = M * Math.log((double) M / zeros);
    }
    return e;
  }
}
