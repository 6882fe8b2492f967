package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;

/**
 * Decodes a mini-block page. Page buffers: 0 = chunk metadata (one u16 word per chunk, u32 with
 * {@code has_large_chunk}: bits 4.. = chunk size in 8-byte words minus one, bits 0-3 = log2 of
 * the chunk's value count, 0 for the last chunk), 1 = the chunks, 2 = the dictionary (when there
 * is one), then the repetition index (when there is repetition).
 *
 * <p>A chunk: u16 level count, u16 rep size (when rep levels exist), u16 def size (when def
 * levels exist), one u16 (u32 with {@code has_large_chunk}) size per value buffer, padding to 8
 * bytes; then the rep buffer, the def buffer and each value buffer, each padded to 8 bytes.
 */
final class MiniBlockPage {
  private MiniBlockPage() {}

  static PageData decode(MiniBlockLayout mb, ByteBuffer[] bufs, Layers layers) {
    if (!(bufs.length >= 2)) {
      throw new Decoding.Corrupt("mini-block page with " + bufs.length + " buffers");
    }
    boolean large = mb.getHasLargeChunk();
    boolean hasRep = mb.hasRepCompression();
    boolean hasDef = mb.hasDefCompression();
    Decoding.BlockDecompressor repDec = hasRep ? Decompressors.block(mb.getRepCompression()) : null;
    Decoding.BlockDecompressor defDec = hasDef ? Decompressors.block(mb.getDefCompression()) : null;
    Decoding.MiniBlockDecompressor valDec = Decompressors.miniBlock(mb.getValueCompression());
    int numBuffers = (int) mb.getNumBuffers();
    if (!(numBuffers >= 1 && numBuffers <= 16)) {
      throw new Decoding.Corrupt("mini-block chunks with " + numBuffers
        + " value buffers");
    }
    long totalItems = mb.getNumItems();
    if (!(totalItems >= 0 && totalItems < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("mini-block page of "
        + totalItems + " items");
    }

    Block dict = null;
    if (mb.hasDictionary()) {
      if (!(bufs.length >= 3)) {
        throw new Decoding.Corrupt("dictionary page without a dictionary buffer");
      }
      long n = mb.getNumDictionaryItems();
      if (!(n >= 0 && n < Integer.MAX_VALUE)) {
        throw new Decoding.Corrupt("dictionary of " + n + " items");
      }
      dict = Decompressors.block(mb.getDictionary()).decompress(bufs[2], (int) n);
    }

    ByteBuffer meta = bufs[0];
    ByteBuffer data = bufs[1];
    int wordBytes = large ? 4 : 2;
    if (!(meta.remaining() % wordBytes == 0)) {
      throw new Decoding.Corrupt("chunk metadata of " + meta.remaining()
        + " bytes");
    }
    int chunks = meta.remaining() / wordBytes;
    int[] rep = hasRep ? new int[(int) Math.min(totalItems + 64, 1 << 20)] : null;
    int[] def = hasDef ? new int[(int) Math.min(totalItems + 64, 1 << 20)] : null;
    BlockBuilder values = new BlockBuilder((int) totalItems, (long) data.remaining() * 2);
    int levelsSoFar = 0;
    long valuesSoFar = 0;
    int pos = 0;
    ByteBuffer[] vb = new ByteBuffer[numBuffers];
    for (int c = 0; c < chunks; c++) {
      long w = large ? Integer.toUnsignedLong(meta.getInt(4 * c))
          : Short.toUnsignedInt(meta.getShort(2 * c));
      int chunkBytes = (int) (((w >>> 4) + 1) * 8);
      int log = (int) (w & 0xF);
      if (!(pos + (long) chunkBytes <= data.remaining())) {
        throw new Decoding.Corrupt("chunk " + c + " of "
          + chunkBytes + " bytes at " + pos + " overruns the " + data.remaining()
          + "-byte chunk buffer");
      }
      ByteBuffer chunk = Decoding.slice(data, pos, chunkBytes);
      pos += chunkBytes;
      long metaValues;
      if (c == chunks - 1) {
        metaValues = totalItems - valuesSoFar;
      } else {
        metaValues = 1L << log;
      }
      if (!(metaValues >= 0 && valuesSoFar + metaValues <= totalItems)) {
        throw new Decoding.Corrupt("chunk " + c
          + " claims " + metaValues + " values beyond the page's " + totalItems);
      }
      int h = 0;
      int numLevels = Short.toUnsignedInt(chunk.getShort(h));
      h += 2;
      int repSize = 0;
      int defSize = 0;
      if (hasRep) {
        repSize = Short.toUnsignedInt(chunk.getShort(h));
        h += 2;
      }
      if (hasDef) {
        defSize = Short.toUnsignedInt(chunk.getShort(h));
        h += 2;
      }
      int[] sizes = new int[numBuffers];
      for (int k = 0; k < numBuffers; k++) {
        long s = large ? Integer.toUnsignedLong(chunk.getInt(h))
            : Short.toUnsignedInt(chunk.getShort(h));
        if (!(s <= chunkBytes)) {
          throw new Decoding.Corrupt("chunk " + c + " value buffer of " + s + " bytes");
        }
        sizes[k] = (int) s;
        h += wordBytes;
      }
      int p = pad8(h);
      int[] chunkRep = null;
      int[] chunkDef = null;
      if (hasRep || hasDef) {
        if (!(levelsSoFar + (long) numLevels < Integer.MAX_VALUE - 64)) {
          throw new Decoding.Corrupt("chunk " + c
            + " has too many levels");
        }
        if (hasRep && rep.length < levelsSoFar + numLevels) {
          rep = java.util.Arrays.copyOf(rep, Math.max(rep.length * 2, levelsSoFar + numLevels));
        }
        if (hasDef && def.length < levelsSoFar + numLevels) {
          def = java.util.Arrays.copyOf(def, Math.max(def.length * 2, levelsSoFar + numLevels));
        }
      }
      if (hasRep) {
        chunkRep = levels(repDec, Decoding.slice(chunk, p, repSize), numLevels, "rep", c);
        System.arraycopy(chunkRep, 0, rep, levelsSoFar, numLevels);
        p = pad8(p + repSize);
      }
      if (hasDef) {
        chunkDef = levels(defDec, Decoding.slice(chunk, p, defSize), numLevels, "def", c);
        System.arraycopy(chunkDef, 0, def, levelsSoFar, numLevels);
        p = pad8(p + defSize);
      }
      for (int k = 0; k < numBuffers; k++) {
        vb[k] = Decoding.slice(chunk, p, sizes[k]);
        p = pad8(p + sizes[k]);
      }
      int chunkValues;
      if (hasRep || hasDef) {
        int visible = layers.visibleCount(chunkRep, chunkDef, numLevels);
        if (!(visible == metaValues)) {
          throw new Decoding.Corrupt("chunk " + c + " has " + visible
            + " visible items in its levels but " + metaValues + " values");
        }
        chunkValues = visible;
        levelsSoFar += numLevels;
      } else {
        chunkValues = (int) metaValues;
      }
      valuesSoFar += chunkValues;
      Block b = valDec.decompress(vb.clone(), chunkValues);
      if (!(b.numValues() == chunkValues)) {
        throw new Decoding.Corrupt("chunk " + c + " decoded "
          + b.numValues() + " values, expected " + chunkValues);
      }
      values.add(dict == null ? b : Dictionaries.lookup(dict, b));
    }
    if (!(valuesSoFar == totalItems)) {
      throw new Decoding.Corrupt("chunks hold " + valuesSoFar
        + " values, the page has " + totalItems + " items");
    }
    int levels = hasRep || hasDef ? levelsSoFar : (int) totalItems;
    return new PageData(levels, rep == null ? null : java.util.Arrays.copyOf(rep, levels),
        def == null ? null : java.util.Arrays.copyOf(def, levels), values.build());
  }

  private static int[] levels(Decoding.BlockDecompressor dec, ByteBuffer buf, int n,
      String what, int chunk) {
    Block b = dec.decompress(buf, n);
    if (!(b instanceof Block.Fixed && b.numValues() == n)) {
      throw new Decoding.Corrupt("chunk " + chunk + ": "
        + what + " levels decode to " + b.numValues() + " values, expected " + n);
    }
    return Values.toInts((Block.Fixed) b);
  }

  static int pad8(int p) {
    return (p + 7) & ~7;
  }
}
