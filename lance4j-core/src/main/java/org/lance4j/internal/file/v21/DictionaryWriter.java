package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Map<ByteBuffer, Integer> ids = new HashMap<>();
    GrowBytes items = new GrowBytes(1024);
    GrowBytes itemOffsets = new GrowBytes(256);
    itemOffsets.u32(0);
    byte[] idx = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      int id = 0;
      if (def == null || def[i] == 0) {
        int s = (int) offsets[i];
        int len = (int) (offsets[i + 1] - s);
        ByteBuffer key = ByteBuffer.wrap(data, s, len);
        Integer known = ids.get(key);
        if (known == null) {
          if (ids.size() >= limit) {
            return null;
          }
          known = ids.size();
          ids.put(key, known);
          items.put(data, s, len);
          itemOffsets.u32(items.size());
        }
        id = known;
      }
      idx[4 * i] = (byte) id;
      idx[4 * i + 1] = (byte) (id >>> 8);
      idx[4 * i + 2] = (byte) (id >>> 16);
      idx[4 * i + 3] = (byte) (id >>> 24);
    }
    if (ids.isEmpty()) {
      return null;
    }
    int k = ids.size();
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
}
