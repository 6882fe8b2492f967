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

  /** Values drawn by {@link #sampledVariableAbove} and {@link #sampledLongsAbove}. */
  static final int SAMPLE = 1 << 14;
  /** They are drawn as runs of this many neighbours (one cache miss per run, not per value). */
  static final int RUN = 8;

  /**
   * Whether a random sample of the valid items {@code [0, n)} of a variable-width page shows far
   * more than {@code limit} distinct values (see {@link #sampleAbove}); false when the page is
   * too small to sample or the sample cannot tell (the caller then counts).
   */
  static boolean sampledVariableAbove(byte[] data, long[] offsets, int n, int[] def,
      long limit) {
    if (n < 4 * SAMPLE) {
      return false;
    }
    int[] hashes = new int[SAMPLE];
    int[] runSize = new int[SAMPLE / RUN];
    int m = 0;
    long x = 0x243F6A8885A308D3L ^ n;
    for (int r = 0; r < SAMPLE / RUN; r++) {
      x = mix(x + 0x9E3779B97F4A7C15L);
      int first = (int) (((x >>> 32) * (n - RUN + 1)) >>> 32);
      int before = m;
      for (int i = first; i < first + RUN; i++) {
        if (def == null || def[i] == 0) {
          int s = (int) offsets[i];
          hashes[m++] = DictionaryWriter.hash(data, s, (int) (offsets[i + 1] - s));
        }
      }
      runSize[r] = m - before;
    }
    return sampleAbove(hashes, m, runSize, limit);
  }

  /** As {@link #sampledVariableAbove}, for {@code n} little-endian 64-bit values. */
  static boolean sampledLongsAbove(byte[] v, int n, long limit) {
    if (n < 4 * SAMPLE) {
      return false;
    }
    int[] hashes = new int[SAMPLE];
    int[] runSize = new int[SAMPLE / RUN];
    long x = 0x13198A2E03707344L ^ n;
    int m = 0;
    for (int r = 0; r < SAMPLE / RUN; r++) {
      x = mix(x + 0x9E3779B97F4A7C15L);
      int first = (int) (((x >>> 32) * (n - RUN + 1)) >>> 32);
      for (int i = first; i < first + RUN; i++) {
        long h = mix((long) BitpackWriter.LONGS.get(v, i * 8));
        hashes[m++] = (int) h ^ (int) (h >>> 32);
      }
      runSize[r] = RUN;
    }
    return sampleAbove(hashes, m, runSize, limit);
  }

  /**
   * The birthday test. Two values at independent random positions of a page with {@code D}
   * distinct values are equal with probability at least {@code 1 / D} (the least when all values
   * are equally frequent). The sample is runs of neighbours starting at random positions, so
   * values of different runs are such pairs: with {@code D <= limit} they hold on average at
   * least {@code mu = crossPairs / limit} equal pairs. Fewer than {@code mu / 2} equal pairs in
   * the whole sample (with {@code mu >= 64 * RUN}: even when equal pairs come in clumps of a run,
   * chance cannot explain it) means far more distinct values than the limit. Equal pairs inside
   * a run and equal hashes of different values only add pairs: the test errs towards "cannot
   * tell".
   */
  private static boolean sampleAbove(int[] hashes, int m, int[] runSize, long limit) {
    double cross = (double) m * m;
    for (int c : runSize) {
      cross -= (double) c * c;
    }
    double mu = cross / 2 / limit;
    if (mu < 64.0 * RUN) {
      return false;
    }
    long pairs = 0;
    long budget = (long) (mu / 2);
    int cap = Integer.highestOneBit(Math.max(16, m)) * 4;
    int[] keys = new int[cap];
    int[] counts = new int[cap];
    int mask = cap - 1;
    for (int k = 0; k < m; k++) {
      int h = hashes[k];
      int slot = (h * 0x9E3779B1) >>> 7 & mask;
      while (counts[slot] != 0 && keys[slot] != h) {
        slot = (slot + 1) & mask;
      }
      pairs += counts[slot]; // pairs with the earlier draws of this value
      if (pairs >= budget) {
        return false;
      }
      keys[slot] = h;
      counts[slot]++;
    }
    return true;
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
