package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * Dictionary encoding of a 64-bit fixed-width mini-block page (2.2 only, as lance-core 7.0.0
 * writes it for low-cardinality int64, timestamps, float64): the distinct values become the
 * dictionary (page buffer 2, a block: bit-packed, else General(LZ4) over Flat) and the items u32
 * indices, compressed like any 32-bit column (Rle, bit-packing). Lance's estimate decides: the
 * dictionary counted at 16 bytes per entry plus 4 bytes per index must be under
 * {@code dict-size-ratio} (0.8) of the plain values, on pages of at least 100 values.
 */
final class FixedDictionaryWriter {
  static final int MIN_VALUES = 100;
  private static final int ENTRY_BYTES = 16;

  private FixedDictionaryWriter() {}

  static EncodedPage tryEncode(int n, int[] def, Levels lv, List<RepDefLayer> layers,
      byte[] v, int bits, EncodingHints h, boolean largeChunks) {
    if (bits != 64 || n < MIN_VALUES) {
      return null;
    }
    double budget = h.dictSizeRatio() * n * 8.0 - 4.0 * n;
    long limit = (long) Math.floor(budget / ENTRY_BYTES);
    if (limit < 1) {
      return null;
    }
    if (Cardinality.sampledLongsAbove(v, n, limit)
        || n >= 4096 && Cardinality.clearlyAbove(Cardinality.ofLongs(v, n), limit)) {
      return null; // far too many distinct values: no table to build
    }
    // open addressing over the values; slot holds index + 1
    int cap = Integer.highestOneBit((int) Math.min(Math.max(limit * 2, 16), 1 << 22)) * 2;
    long[] keys = new long[cap];
    int[] slot = new int[cap];
    long[] items = new long[(int) Math.min(limit, n) + 1];
    int k = 0;
    byte[] idx = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      long x = BitpackWriter.word(v, i, 64);
      int p = (int) (mix(x) & (cap - 1));
      while (slot[p] != 0 && keys[p] != x) {
        p = (p + 1) & (cap - 1);
      }
      int id;
      if (slot[p] == 0) {
        if (k >= limit) {
          return null;
        }
        keys[p] = x;
        slot[p] = k + 1;
        items[k] = x;
        id = k++;
      } else {
        id = slot[p] - 1;
      }
      idx[4 * i] = (byte) id;
      idx[4 * i + 1] = (byte) (id >>> 8);
      idx[4 * i + 2] = (byte) (id >>> 16);
      idx[4 * i + 3] = (byte) (id >>> 24);
    }
    byte[] dict = new byte[8 * k];
    for (int j = 0; j < k; j++) {
      for (int b = 0; b < 8; b++) {
        dict[8 * j + b] = (byte) (items[j] >>> (8 * b));
      }
    }
    EncodingChoice.Block block = EncodingChoice.fixedItems(dict, k, 64);
    return MiniBlockWriter.write(n, def, lv, layers, EncodingChoice.fixed(idx, n, 32, h),
        largeChunks,
        new MiniBlockWriter.Dictionary(block.encoding(), k, block.bytes()));
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }
}
