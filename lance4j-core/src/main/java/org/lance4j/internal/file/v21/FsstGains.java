package org.lance4j.internal.file.v21;

/**
 * Gain per candidate symbol (bytes and length) for {@link FsstEncoder}'s training, open
 * addressing: no per-entry objects.
 */
final class FsstGains {
  // sized for a 16 KiB sample's pairs (a few thousand distinct): no growth in the usual case
  private long[] keys = new long[1 << 14];
  private byte[] lens = new byte[1 << 14];
  private long[] gain = new long[1 << 14];
  /** Slots in use, in insertion order (so that clearing and listing touch only those). */
  private int[] used = new int[(1 << 13) + 1];
  private int size;
  private long[] scratch = new long[0];

  /** Distinct candidates added since the last {@link #clear}. */
  int size() {
    return size;
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      lens[used[i]] = 0;
    }
    size = 0;
  }

  void add(long symbol, int l, long g) {
    int mask = keys.length - 1;
    int h = (int) (((symbol * 0x9E3779B97F4A7C15L) ^ l) >>> 40) & mask;
    while (lens[h] != 0) {
      if (lens[h] == l && keys[h] == symbol) {
        gain[h] += g;
        return;
      }
      h = (h + 1) & mask;
    }
    keys[h] = symbol;
    lens[h] = (byte) l;
    gain[h] = g;
    used[size++] = h;
    if (size * 2 > keys.length) {
      grow();
    }
  }

  private void grow() {
    long[] k = keys;
    byte[] ls = lens;
    long[] gs = gain;
    int[] u = used;
    int n = size;
    keys = new long[k.length * 2];
    lens = new byte[k.length * 2];
    gain = new long[k.length * 2];
    used = new int[k.length + 1];
    size = 0;
    for (int i = 0; i < n; i++) {
      int s = u[i];
      add(k[s], ls[s], gs[s]);
    }
  }

  /** The {@code k}-th largest gain ({@code 1 <= k <= size}), by selection (no full sort). */
  long kth(int k) {
    if (scratch.length < size) {
      scratch = new long[used.length];
    }
    long[] g = scratch;
    for (int i = 0; i < size; i++) {
      g[i] = gain[used[i]];
    }
    // the (size - k)-th smallest
    int want = size - k;
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      long pivot = median3(g[lo], g[(lo + hi) >>> 1], g[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (g[i] < pivot) {
          i++;
        }
        while (g[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long t = g[i];
          g[i] = g[j];
          g[j] = t;
          i++;
          j--;
        }
      }
      if (want <= j) {
        hi = j;
      } else if (want >= i) {
        lo = i;
      } else {
        return g[want];
      }
    }
    return g[want];
  }

  private static long median3(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /** The candidates with a gain of at least {@code min}, as {gain, symbol, length}. */
  long[][] atLeast(long min) {
    int c = 0;
    for (int i = 0; i < size; i++) {
      if (gain[used[i]] >= min) {
        c++;
      }
    }
    long[][] out = new long[c][];
    int j = 0;
    for (int i = 0; i < size; i++) {
      int s = used[i];
      if (gain[s] >= min) {
        out[j++] = new long[] {gain[s], keys[s], lens[s]};
      }
    }
    return out;
  }
}
