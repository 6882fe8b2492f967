package org.lance4j.internal.file.v21;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FSST compression of variable-width values (the inverse of {@link FsstDecoder}): a table of up
 * to 255 symbols of 1-8 bytes, learnt from a sample of the page in a few rounds (encode the
 * sample with the current table, count how often each symbol and each pair of adjacent symbols
 * occurs, keep the 255 with the most bytes saved), then each value becomes codes (0-254 a symbol,
 * 255 an escaped literal byte). The table is serialized as Lance's fsst crate does: 2312 bytes, a
 * u64 header (magic "FSST" in the high 32 bits, bit 24 = compressed, low byte = symbol count), the
 * symbols as u64 each, one length byte per symbol, zeros.
 *
 * <p>Lance uses FSST for a page whose longest value has at least 5 bytes and whose values have at
 * least 32 KiB together; below 32 KiB its encoder stores the values as they are.
 */
final class FsstEncoder {
  static final int TABLE_BYTES = 8 + 256 * 8 + 256;
  static final int MIN_INPUT = 32 * 1024;
  static final int MIN_MAX_LENGTH = 5;
  private static final long MAGIC = 0x46535354L << 32;
  private static final int ESC = 255;
  private static final int MAX_SYMBOLS = 255;
  private static final int SAMPLE_BYTES = 1 << 14;
  private static final int ROUNDS = 5;
  private static final int HASH = 4096;

  /**
   * The page after FSST: the compressed values (item i is {@code data[offsets[i],
   * offsets[i + 1])}; the array may be longer) and the symbol table message bytes.
   */
  record Result(byte[] data, long[] offsets, byte[] table) {}

  private final long[] sym = new long[MAX_SYMBOLS];
  private final int[] len = new int[MAX_SYMBOLS];
  private int count;
  /** Code of each one-byte symbol, or -1. */
  private final int[] one = new int[256];
  /** Code of each two-byte symbol by its bytes (b0 | b1 << 8), or -1. */
  private final int[] two = new int[1 << 16];
  /** Code of the 3-8 byte symbol whose first three bytes hash here, or -1. */
  private final int[] longCode = new int[HASH];

  private FsstEncoder() {}

  /** Whether Lance would FSST a page with these statistics. */
  static boolean applies(long dataBytes, long maxLen) {
    return maxLen >= MIN_MAX_LENGTH && dataBytes >= MIN_INPUT;
  }

  /** Compresses items {@code [0, n)}: item i is {@code data[offsets[i], offsets[i + 1])}. */
  static Result compress(byte[] data, long[] offsets, int n) {
    FsstEncoder e = new FsstEncoder();
    e.learn(data, offsets, n);
    e.finishTable();
    GrowBytes out = new GrowBytes((int) Math.min(Integer.MAX_VALUE - 64,
        (offsets[n] - offsets[0]) + 64));
    long[] outOff = new long[n + 1];
    for (int i = 0; i < n; i++) {
      outOff[i + 1] = e.encodeTo(data, (int) offsets[i], (int) offsets[i + 1], out);
    }
    // the offsets bound the values: the work array is returned without an exact-size copy
    return new Result(out.array(), outOff, e.table());
  }

  private byte[] table() {
    byte[] t = new byte[TABLE_BYTES];
    long info = MAGIC | (1L << 24) | count;
    for (int k = 0; k < 8; k++) {
      t[k] = (byte) (info >>> (8 * k));
    }
    for (int c = 0; c < count; c++) {
      for (int k = 0; k < 8; k++) {
        t[8 + 8 * c + k] = (byte) (sym[c] >>> (8 * k));
      }
      t[8 + 8 * count + c] = (byte) len[c];
    }
    return t;
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Up to 8 bytes at {@code p} (fewer at {@code end}), little-endian. */
  private static long load(byte[] d, int p, int end) {
    if (p + 8 <= d.length) {
      long x = (long) LONGS.get(d, p);
      return end - p >= 8 ? x : x & mask(end - p);
    }
    int m = Math.min(8, end - p);
    long x = 0;
    for (int k = 0; k < m; k++) {
      x |= (d[p + k] & 0xFFL) << (8 * k);
    }
    return x;
  }

  private static int hash3(long w) {
    long x = (w & 0xFFFFFFL) * 0x9E3779B1L;
    return (int) (x >>> 20) & (HASH - 1);
  }

  private static long mask(int l) {
    return l == 8 ? -1L : (1L << (8 * l)) - 1;
  }

  /**
   * Per two-byte prefix (b0 | b1 << 8): the code to emit and how many bytes it takes, as
   * {@code len << 8 | code} (a two-byte symbol, else the one-byte symbol of b0, else the escape
   * with length 1); built once the table is final.
   */
  private short[] shortCode;
  /** Per code: the mask of its symbol's bytes. */
  private final long[] symMask = new long[MAX_SYMBOLS];

  private void finishTable() {
    shortCode = new short[1 << 16];
    for (int k = 0; k < 1 << 16; k++) {
      int c2 = two[k];
      if (c2 >= 0) {
        shortCode[k] = (short) (2 << 8 | c2);
      } else {
        int c1 = one[k & 0xFF];
        shortCode[k] = (short) (1 << 8 | (c1 >= 0 ? c1 : ESC));
      }
    }
    for (int c = 0; c < count; c++) {
      symMask[c] = mask(len[c]);
    }
  }

  /** Encodes {@code d[from, to)} onto {@code out}; returns out's new size. */
  private int encodeTo(byte[] d, int from, int to, GrowBytes out) {
    int o = out.extend(2 * (to - from)); // at most an escape per byte
    byte[] dst = out.array();
    int p = from;
    short[] sc = shortCode;
    int[] lc = longCode;
    // all but the last byte: two-byte prefixes are whole
    int end1 = to - 1;
    while (p < end1) {
      long w = load(d, p, to);
      int r = to - p;
      if (r >= 3) {
        int c = lc[hash3(w)];
        if (c >= 0 && len[c] <= r && (w & symMask[c]) == sym[c]) {
          dst[o++] = (byte) c;
          p += len[c];
          continue;
        }
      }
      int e = sc[(int) w & 0xFFFF];
      int code = e & 0xFF;
      dst[o++] = (byte) code;
      if (code == ESC) {
        dst[o++] = (byte) w;
        p++;
      } else {
        p += e >>> 8;
      }
    }
    if (p < to) {
      int b = d[p] & 0xFF;
      int c = one[b];
      if (c >= 0) {
        dst[o++] = (byte) c;
      } else {
        dst[o++] = (byte) ESC;
        dst[o++] = (byte) b;
      }
    }
    out.truncate(o);
    return o;
  }

  /**
   * Encodes {@code d[from, to)}; with {@code symbols} not null, records the symbol ids used
   * instead (a code, or 256 + byte for an escaped byte) and writes nothing.
   */
  private void encode(byte[] d, int from, int to, GrowBytes out, IntList symbols) {
    int p = from;
    while (p < to) {
      long w = load(d, p, to);
      int r = to - p;
      int code = -1;
      int l = 0;
      if (r >= 3) {
        int c = longCode[hash3(w)];
        if (c >= 0 && len[c] <= r && (w & mask(len[c])) == sym[c]) {
          code = c;
          l = len[c];
        }
      }
      if (code < 0 && r >= 2) {
        int c = two[(int) (w & 0xFFFF)];
        if (c >= 0) {
          code = c;
          l = 2;
        }
      }
      if (code < 0) {
        int b = (int) (w & 0xFF);
        int c = one[b];
        if (c >= 0) {
          code = c;
          l = 1;
        } else {
          if (symbols != null) {
            symbols.add(256 + b);
          } else {
            out.u8(ESC);
            out.u8(b);
          }
          p++;
          continue;
        }
      }
      if (symbols != null) {
        symbols.add(code);
      } else {
        out.u8(code);
      }
      p += l;
    }
  }

  private static final class IntList {
    int[] a = new int[1024];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }
  }

  private void clearTable() {
    count = 0;
    Arrays.fill(one, -1);
    Arrays.fill(two, -1);
    Arrays.fill(longCode, -1);
  }

  /** Adds a symbol unless its slot is taken; returns whether it was added. */
  private boolean add(long s, int l) {
    if (count >= MAX_SYMBOLS) {
      return false;
    }
    if (l == 1) {
      int b = (int) (s & 0xFF);
      if (one[b] >= 0) {
        return false;
      }
      one[b] = count;
    } else if (l == 2) {
      int k = (int) (s & 0xFFFF);
      if (two[k] >= 0) {
        return false;
      }
      two[k] = count;
    } else {
      int h = hash3(s);
      if (longCode[h] >= 0) {
        return false;
      }
      longCode[h] = count;
    }
    sym[count] = s;
    len[count] = l;
    count++;
    return true;
  }

  /** Learns the table from an evenly spread sample of the values. */
  private void learn(byte[] data, long[] offsets, int n) {
    List<int[]> sample = new ArrayList<>();
    long total = offsets[n] - offsets[0];
    long avg = Math.max(1, total / Math.max(1, n));
    int stride = (int) Math.max(1, n / Math.max(1, SAMPLE_BYTES / avg));
    long taken = 0;
    for (int i = 0; i < n && taken < SAMPLE_BYTES; i += stride) {
      int a = (int) offsets[i];
      int b = (int) offsets[i + 1];
      if (b > a) {
        int e = Math.min(b, a + 512);
        sample.add(new int[] {a, e});
        taken += e - a;
      }
    }
    clearTable();
    IntList ids = new IntList();
    for (int round = 0; round < ROUNDS; round++) {
      // symbol ids: 0..count-1 table symbols, 256..511 literal bytes
      Gains gains = new Gains();
      long[] single = new long[512];
      long[] symOf = new long[512];
      int[] lenOf = new int[512];
      for (int c = 0; c < count; c++) {
        symOf[c] = sym[c];
        lenOf[c] = len[c];
      }
      for (int b = 0; b < 256; b++) {
        symOf[256 + b] = b;
        lenOf[256 + b] = 1;
      }
      for (int[] s : sample) {
        ids.n = 0;
        encode(data, s[0], s[1], null, ids);
        for (int k = 0; k < ids.n; k++) {
          int cur = ids.a[k];
          single[cur]++;
          if (k > 0) {
            int prev = ids.a[k - 1];
            int l = lenOf[prev] + lenOf[cur];
            if (l <= 8) {
              long cat = symOf[prev] | (symOf[cur] << (8 * lenOf[prev]));
              gains.add(cat, l, l);
            }
          }
        }
      }
      for (int id = 0; id < 512; id++) {
        if (single[id] > 0) {
          int l = lenOf[id];
          // a byte that would otherwise be escaped saves two bytes per use
          long g = l == 1 ? single[id] * 2 : single[id] * l;
          gains.add(symOf[id], l, g);
        }
      }
      // the best candidates first; only the top ones are sorted (a symbol can be refused when
      // its slot is taken, so if they run out before the table is full, all are sorted)
      long[][] all = gains.candidates(); // {gain, symbol, length}
      long[][] top = top(all, 4 * MAX_SYMBOLS);
      if (!fill(top) && top.length < all.length) {
        fill(all);
      }
    }
  }

  private static final java.util.Comparator<long[]> BY_GAIN = (x, y) -> x[0] != y[0]
      ? Long.compare(y[0], x[0]) : x[2] != y[2] ? Long.compare(y[2], x[2])
      : Long.compare(x[1], y[1]);

  /** The candidates whose gain is at least the {@code k}-th largest (all when fewer). */
  private static long[][] top(long[][] cands, int k) {
    if (cands.length <= k) {
      return cands;
    }
    long[] g = new long[cands.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = cands[i][0];
    }
    Arrays.sort(g);
    long min = g[g.length - k];
    int c = 0;
    for (long[] x : cands) {
      if (x[0] >= min) {
        c++;
      }
    }
    long[][] out = new long[c][];
    int j = 0;
    for (long[] x : cands) {
      if (x[0] >= min) {
        out[j++] = x;
      }
    }
    return out;
  }

  /** Rebuilds the table from the candidates, best first; returns whether it filled up. */
  private boolean fill(long[][] cands) {
    Arrays.sort(cands, BY_GAIN);
    clearTable();
    for (long[] c : cands) {
      if (count >= MAX_SYMBOLS) {
        return true;
      }
      add(c[1], (int) c[2]);
    }
    return count >= MAX_SYMBOLS;
  }

  /** Gain per candidate symbol (bytes and length), open addressing: no per-entry objects. */
  private static final class Gains {
    private long[] keys = new long[1 << 12];
    private byte[] lens = new byte[1 << 12];
    private long[] gain = new long[1 << 12];
    private int size;

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
      if (++size * 2 > keys.length) {
        grow();
      }
    }

    private void grow() {
      long[] k = keys;
      byte[] ls = lens;
      long[] gs = gain;
      keys = new long[k.length * 2];
      lens = new byte[k.length * 2];
      gain = new long[k.length * 2];
      size = 0;
      for (int i = 0; i < k.length; i++) {
        if (ls[i] != 0) {
          add(k[i], ls[i], gs[i]);
        }
      }
    }

    long[][] candidates() {
      long[][] out = new long[size][];
      int j = 0;
      for (int i = 0; i < keys.length; i++) {
        if (lens[i] != 0) {
          out[j++] = new long[] {gain[i], keys[i], lens[i]};
        }
      }
      return out;
    }
  }
}
