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
    long[] outOff = new long[n + 1];
    byte[] dst;
    if (n < 64) {
      dst = new byte[room(0, offsets[n] - offsets[0])];
      e.encodeRange(data, offsets, 0, n, dst, 0, outOff);
    } else {
      dst = e.encodeTwo(data, offsets, n / 2, n, outOff);
    }
    // the offsets bound the values: the work array is returned without an exact-size copy
    return new Result(dst, outOff, e.table());
  }

  /** An output size for {@code o} bytes written and {@code more} input bytes to come. */
  private static int room(long o, long more) {
    long want = o + more + 64; // codes rarely take more bytes than the input: grown when they do
    return (int) Math.min(Integer.MAX_VALUE - 64, want);
  }

  /** {@code dst} with room for {@code o + 2 * len + 2} bytes (grown by half when short). */
  private static byte[] fit(byte[] dst, int o, int len) {
    if (o + 2L * len + 2 <= dst.length) {
      return dst;
    }
    long want = Math.max(dst.length + (long) (dst.length >> 1), o + 2L * len + 64);
    if (want > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("FSST output of a page over 2 GiB");
    }
    return Arrays.copyOf(dst, (int) want);
  }

  /**
   * Encodes items {@code [from, to)} into {@code dst} from {@code o} on, setting
   * {@code outOff[i + 1]} to the end of item i's codes; returns the (maybe grown) array.
   */
  private byte[] encodeRange(byte[] d, long[] off, int from, int to, byte[] dst, int o,
      long[] outOff) {
    for (int i = from; i < to; i++) {
      int a = (int) off[i];
      int b = (int) off[i + 1];
      dst = fit(dst, o, b - a);
      o = encodeTo(d, a, b, dst, o);
      outOff[i + 1] = o;
    }
    return dst;
  }

  /**
   * Encodes items {@code [0, half)} and {@code [half, n)} as two interleaved lanes, one code of
   * each per step: a code's lookups wait on the previous code's length, so one lane leaves the
   * core idle where two keep it busy. The second lane's codes are appended to the first's.
   */
  private byte[] encodeTwo(byte[] d, long[] off, int half, int n, long[] outOff) {
    byte[] da = new byte[room(0, off[half] - off[0])];
    byte[] db = new byte[room(0, off[n] - off[half])];
    short[] sc = shortCode;
    byte[] se = slotEntry;
    long[] es = entrySym;
    long[] em = entryMask;
    byte[] el = entryLen;
    int safe = d.length - 8;
    int ia = 0;
    int pa = (int) off[0];
    int ta = (int) off[1];
    int oa = 0;
    int ib = half;
    int pb = (int) off[half];
    int tb = (int) off[half + 1];
    int ob = 0;
    da = fit(da, oa, ta - pa);
    db = fit(db, ob, tb - pb);
    boolean aDone = false;
    while (true) {
      if (pa < ta - 1) {
        long w = pa <= safe ? (long) LONGS.get(d, pa) : load(d, pa, ta);
        int k = se[hash3(w)] & 0xFF;
        int l = el[k];
        boolean m = (w & em[k]) == es[k] & l <= ta - pa;
        int e = sc[(int) w & 0xFFFF];
        int code = m ? k - 1 : e & 0xFF;
        da[oa] = (byte) code;
        da[oa + 1] = (byte) w;
        oa += code == ESC ? 2 : 1;
        pa += m ? l : e >>> 8;
      } else {
        if (pa < ta) {
          oa = last(d[pa] & 0xFF, da, oa);
        }
        outOff[ia + 1] = oa;
        if (++ia == half) {
          aDone = true;
          break;
        }
        pa = (int) off[ia];
        ta = (int) off[ia + 1];
        da = fit(da, oa, ta - pa);
      }
      if (pb < tb - 1) {
        long w = pb <= safe ? (long) LONGS.get(d, pb) : load(d, pb, tb);
        int k = se[hash3(w)] & 0xFF;
        int l = el[k];
        boolean m = (w & em[k]) == es[k] & l <= tb - pb;
        int e = sc[(int) w & 0xFFFF];
        int code = m ? k - 1 : e & 0xFF;
        db[ob] = (byte) code;
        db[ob + 1] = (byte) w;
        ob += code == ESC ? 2 : 1;
        pb += m ? l : e >>> 8;
      } else {
        if (pb < tb) {
          ob = last(d[pb] & 0xFF, db, ob);
        }
        outOff[ib + 1] = ob;
        if (++ib == n) {
          break;
        }
        pb = (int) off[ib];
        tb = (int) off[ib + 1];
        db = fit(db, ob, tb - pb);
      }
    }
    // the lane still going finishes alone: its current item from where it is, then the rest
    if (aDone) {
      ob = encodeTo(d, pb, tb, db, ob);
      outOff[ib + 1] = ob;
      db = encodeRange(d, off, ib + 1, n, db, ob, outOff);
      ob = (int) outOff[n];
    } else {
      oa = encodeTo(d, pa, ta, da, oa);
      outOff[ia + 1] = oa;
      da = encodeRange(d, off, ia + 1, half, da, oa, outOff);
      oa = (int) outOff[half];
    }
    byte[] out = oa + ob + 2 <= da.length ? da : Arrays.copyOf(da, oa + ob + 2);
    System.arraycopy(db, 0, out, oa, ob);
    for (int i = half + 1; i <= n; i++) {
      outOff[i] += oa;
    }
    return out;
  }

  /** The code of a value's last byte (its one-byte symbol or an escape); returns the new end. */
  private int last(int b, byte[] dst, int o) {
    int c = one[b];
    if (c >= 0) {
      dst[o++] = (byte) c;
    } else {
      dst[o++] = (byte) ESC;
      dst[o++] = (byte) b;
    }
    return o;
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
  /**
   * Built once the table is final, small enough to stay in the L1 cache: per hash slot of the
   * 3-8 byte symbols, its code + 1 (0: empty); per code + 1, the symbol, the mask of its bytes
   * and its length (entry 0, the empty slot, has mask 0 and symbol -1: it never matches).
   */
  private final byte[] slotEntry = new byte[HASH];
  private final long[] entrySym = new long[MAX_SYMBOLS + 1];
  private final long[] entryMask = new long[MAX_SYMBOLS + 1];
  private final byte[] entryLen = new byte[MAX_SYMBOLS + 1];

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
    entrySym[0] = -1L;
    entryMask[0] = 0;
    entryLen[0] = 9;
    for (int h = 0; h < HASH; h++) {
      int c = longCode[h];
      slotEntry[h] = (byte) (c + 1);
      if (c >= 0) {
        entrySym[c + 1] = sym[c];
        entryMask[c + 1] = mask(len[c]);
        entryLen[c + 1] = (byte) len[c];
      }
    }
  }

  /**
   * Encodes {@code d[from, to)} into {@code dst} at {@code o} (room for two bytes per input byte
   * is there); returns the end of the codes. Eight input bytes are read at a time: a 3-8 byte
   * symbol is matched under its mask (no byte beyond {@code to} is compared: its length must fit),
   * else the two-byte table gives the two-byte or one-byte symbol or the escape.
   */
  private int encodeTo(byte[] d, int from, int to, byte[] dst, int o) {
    int p = from;
    short[] sc = shortCode;
    byte[] se = slotEntry;
    long[] es = entrySym;
    long[] em = entryMask;
    byte[] el = entryLen;
    int safe = d.length - 8; // an unchecked 8-byte read fits up to here
    int end1 = to - 1;
    while (p < end1) { // at least two bytes left
      long w = p <= safe ? (long) LONGS.get(d, p) : load(d, p, to);
      int k = se[hash3(w)] & 0xFF;
      int l = el[k];
      boolean m = (w & em[k]) == es[k] & l <= to - p;
      int e = sc[(int) w & 0xFFFF];
      // selects instead of branches (whether a long symbol matches is unpredictable): the code,
      // and the literal byte after it, which only an escape keeps
      int code = m ? k - 1 : e & 0xFF;
      dst[o] = (byte) code;
      dst[o + 1] = (byte) w;
      o += code == ESC ? 2 : 1;
      p += m ? l : e >>> 8;
    }
    if (p < to) {
      o = last(d[p] & 0xFF, dst, o);
    }
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
    FsstGains gains = new FsstGains();
    long[] single = new long[512];
    long[] symOf = new long[512];
    int[] lenOf = new int[512];
    for (int b = 0; b < 256; b++) {
      symOf[256 + b] = b;
      lenOf[256 + b] = 1;
    }
    for (int round = 0; round < ROUNDS; round++) {
      // symbol ids: 0..count-1 table symbols, 256..511 literal bytes
      gains.clear();
      Arrays.fill(single, 0L);
      for (int c = 0; c < count; c++) {
        symOf[c] = sym[c];
        lenOf[c] = len[c];
      }
      for (int[] s : sample) {
        ids.n = 0;
        encode(data, s[0], s[1], null, ids);
        int[] a = ids.a;
        int prev = -1;
        for (int k = 0; k < ids.n; k++) {
          int cur = a[k];
          single[cur]++;
          if (prev >= 0) {
            int l = lenOf[prev] + lenOf[cur];
            if (l <= 8) {
              long cat = symOf[prev] | (symOf[cur] << (8 * lenOf[prev]));
              gains.add(cat, l, l);
            }
          }
          prev = cur;
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
      int k = 4 * MAX_SYMBOLS;
      if (gains.size() <= k) {
        fill(gains.atLeast(Long.MIN_VALUE));
      } else {
        long[][] top = gains.atLeast(gains.kth(k));
        if (!fill(top) && top.length < gains.size()) {
          fill(gains.atLeast(Long.MIN_VALUE));
        }
      }
    }
  }

  private static final java.util.Comparator<long[]> BY_GAIN = (x, y) -> x[0] != y[0]
      ? Long.compare(y[0], x[0]) : x[2] != y[2] ? Long.compare(y[2], x[2])
      : Long.compare(x[1], y[1]);

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
}
