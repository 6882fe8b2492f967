package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * Dictionary encoding of a variable-width mini-block page, for low-cardinality strings: the
 * distinct values become the dictionary (page buffer 2, a Variable block: u32 offset width, u32
 * start of the bytes, u32 offsets from that start, the bytes; 2.2 wraps it in General(LZ4)) and
 * the items u32 indices, compressed like any 32-bit column (bit-packing, Rle for runs), as Lance
 * writes them.
 */
final class DictionaryWriter {
  /** Lance's default dict-divisor: at most one distinct value per this many items. */
  static final int DIVISOR = 2;
  static final int MAX_ITEMS = 1 << 16;

  private DictionaryWriter() {}

  /** The dictionary page, or null when the page has too many distinct values to gain. */
  static EncodedPage tryEncode(int n, int[] def, Levels lv, List<RepDefLayer> layers,
      byte[] data, long[] offsets, boolean largeChunks, EncodingHints h) {
    int limit = Math.min(MAX_ITEMS, n / DIVISOR);
    if (limit < 1 || Cardinality.sampledVariableAbove(data, offsets, n, def, limit)
        || n >= 4096 && Cardinality.clearlyAbove(
        Cardinality.ofVariable(data, offsets, n, def), limit)) {
      return null; // far too many distinct values: no table to build
    }
    // open addressing over the distinct values (no per-value objects): slot -> id + 1
    int cap = Integer.highestOneBit(Math.max(16, Math.min(limit, 1 << 16) * 2 - 1)) << 1;
    int[] slots = new int[cap];
    int mask = cap - 1;
    int[] firstAt = new int[Math.min(limit, 1 << 16) + 1];
    int[] firstLen = new int[firstAt.length];
    int k = 0;
    GrowBytes items = new GrowBytes(1024);
    GrowBytes itemOffsets = new GrowBytes(256);
    itemOffsets.u32(0);
    byte[] idx = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      int id = 0;
      if (def == null || def[i] == 0) {
        int s = (int) offsets[i];
        int len = (int) (offsets[i + 1] - s);
        int slot = hash(data, s, len) & mask;
        while (true) {
          int e = slots[slot];
          if (e == 0) {
            if (k >= limit) {
              return null;
            }
            if (k + 1 > cap / 2) { // keep the table at most half full
              return null;
            }
            firstAt[k] = s;
            firstLen[k] = len;
            slots[slot] = ++k;
            id = k - 1;
            items.put(data, s, len);
            itemOffsets.u32(items.size());
            break;
          }
          int c = e - 1;
          if (firstLen[c] == len
              && java.util.Arrays.equals(data, firstAt[c], firstAt[c] + len, data, s, s + len)) {
            id = c;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
      idx[4 * i] = (byte) id;
      idx[4 * i + 1] = (byte) (id >>> 8);
      idx[4 * i + 2] = (byte) (id >>> 16);
      idx[4 * i + 3] = (byte) (id >>> 24);
    }
    if (k == 0) {
      return null;
    }
    if (items.size() + 4L * (k + 1) + BitpackWriter.packedBytes(idx, n, 32)
        >= offsets[n] + 4L * (n + 1)) {
      return null; // no gain
    }
    GrowBytes dict = new GrowBytes(8 + itemOffsets.size() + items.size());
    dict.u32(32);
    dict.u32(8 + itemOffsets.size());
    dict.put(itemOffsets.array(), 0, itemOffsets.size());
    dict.put(items.array(), 0, items.size());
    EncodingChoice.Block block = EncodingChoice.variableItems(dict.toArray(), largeChunks);
    return MiniBlockWriter.write(n, def, lv, layers, EncodingChoice.fixed(idx, n, 32, h),
        largeChunks,
        new MiniBlockWriter.Dictionary(block.encoding(), k, block.bytes()));
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** A hash of {@code d[s, s + len)}, 8 bytes at a time. */
  static int hash(byte[] d, int s, int len) {
    long h = 0x9E3779B97F4A7C15L ^ len;
    int p = s;
    int end = s + len;
    while (p + 8 <= end) {
      h = (h ^ (long) LONGS.get(d, p)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
      p += 8;
    }
    long tail = 0;
    for (int sh = 0; p < end; p++, sh += 8) {
      tail |= (d[p] & 0xFFL) << sh;
    }
    h = (h ^ tail) * 0x94D049BB133111EBL;
    h ^= h >>> 29;
    return (int) h ^ (int) (h >>> 32);
  }
}
