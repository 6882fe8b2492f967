package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;

/**
 * The chunk-by-chunk state of one {@link MiniBlockPage#decode} call: the page's decoders and
 * what they decode into (level arrays, the value builder), and {@link #chunk} that decodes one
 * chunk into them. What is the same for every chunk of the call (which decoders, whether values
 * and def levels go straight into the page's arrays) is decided once here, not per chunk.
 *
 * <p>{@link #chunk} is deliberately one method too large for C2 to inline into the chunk loop:
 * the loop then compiles small and fast, and the chunk body is compiled once on its own (C2 had
 * compiled the whole page decode four times, each recompile caused by a profiled loop predicate
 * hoisted from the chunk body that a later column's chunks failed).</p>
 */
final class MiniBlockChunks {
  private final ByteBuffer data;
  private final long dataStart;
  private final Layers layers;
  private final Block dict;
  private final MiniBlockPage.ChunkIndex idx;
  private final int winFrom;
  private final int winTo;
  private final boolean[] windowed;
  private final boolean large;
  private final boolean hasRep;
  private final boolean hasDef;
  private final boolean one;
  private final int numBuffers;
  private final long totalItems;
  private final Decoding.BlockDecompressor repDec;
  private final Decoding.BlockDecompressor defDec;
  private final Decoding.MiniBlockDecompressor valDec;
  /** Values decode straight into {@link #values} ({@link Decoding.DirectMiniBlock}). */
  private final Decoding.DirectMiniBlock direct;
  /** Def levels unpack straight into {@link #def} (bit-packed levels, no list). */
  private final OutOfLineBitpackingDecoder defStraight;
  /** As {@link #defStraight} for 2.2's RLE def levels. */
  private final RleDecoder defRleStraight;
  /** A window of one chunk without lists: only the window's def levels are unpacked. */
  private final boolean windowDefs;
  private final BlockBuilder values;
  private final int[] sizes;
  private final ByteBuffer[] vb;

  private int[] rep;
  private int[] def;
  private int[] winDef;
  private Block single;
  private int levelsSoFar;
  private long valuesSoFar;

  MiniBlockChunks(MiniBlockLayout mb, ByteBuffer data, long dataStart, Layers layers,
      Block dict, MiniBlockPage.ChunkIndex idx, int c0, int c1, int winFrom, int winTo,
      boolean[] windowed, MiniBlockPage.Decoders decoders, PageData spare, int numBuffers) {
    this.data = data;
    this.dataStart = dataStart;
    this.layers = layers;
    this.dict = dict;
    this.idx = idx;
    this.winFrom = winFrom;
    this.winTo = winTo;
    this.windowed = windowed;
    this.large = mb.getHasLargeChunk();
    this.hasRep = mb.hasRepCompression();
    this.hasDef = mb.hasDefCompression();
    this.repDec = decoders.rep();
    this.defDec = decoders.def();
    this.valDec = decoders.values();
    this.numBuffers = numBuffers;
    this.totalItems = idx.firstValue()[c1] - idx.firstValue()[c0];
    this.one = c1 - c0 == 1;
    // one chunk: its level arrays are the result (no copy)
    rep = hasRep && !one ? new int[(int) Math.min(totalItems + 64, 1 << 20)] : null;
    if (hasDef && !one) {
      // without repetition there is one level per item: exactly sized, nothing to trim
      int defLen = hasRep ? (int) Math.min(totalItems + 64, 1 << 20) : (int) totalItems;
      def = !hasRep && spare != null && spare.def() != null && spare.def().length == defLen
          ? spare.def() : new int[defLen];
    }
    this.windowDefs = windowed != null && one && !hasRep && layers.numLists == 0
        && (defDec instanceof OutOfLineBitpackingDecoder
            || defDec instanceof RleDecoder rd && rd.windowable())
        && valDec instanceof Decoding.WindowedMiniBlock;
    this.values = one ? null : new BlockBuilder((int) totalItems,
        (idx.firstByte()[c1] - idx.firstByte()[c0]) * 2, spare == null ? null : spare.values());
    this.direct = values != null && dict == null
        && valDec instanceof Decoding.DirectMiniBlock dm && dm.direct() ? dm : null;
    this.defStraight = !one && defDec instanceof OutOfLineBitpackingDecoder ob && ob.intsFit()
        && layers.firstListLevel == Integer.MAX_VALUE ? ob : null;
    this.defRleStraight = !one && defDec instanceof RleDecoder rd && rd.windowable()
        && layers.firstListLevel == Integer.MAX_VALUE ? rd : null;
    this.sizes = new int[numBuffers];
    this.vb = new ByteBuffer[numBuffers];
  }

  /** Decodes chunk {@code c} into this call's arrays. */
  void chunk(int c) {
    int chunkBytes = (int) (idx.firstByte()[c + 1] - idx.firstByte()[c]);
    ByteBuffer chunk = Decoding.slice(data, (int) (idx.firstByte()[c] - dataStart), chunkBytes);
    long metaValues = idx.firstValue()[c + 1] - idx.firstValue()[c];
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
    int p = MiniBlockPage.pad8(sizes(chunk, h, chunkBytes, c));
    int[] chunkRep = null;
    int[] chunkDef = null;
    ByteBuffer defBuf = null;
    if (hasRep || hasDef) {
      room(numLevels, c);
    }
    if (hasRep) {
      chunkRep = MiniBlockPage.levels(repDec, Decoding.slice(chunk, p, repSize), numLevels,
          "rep", c);
      if (one) {
        rep = chunkRep;
      } else {
        System.arraycopy(chunkRep, 0, rep, levelsSoFar, numLevels);
      }
      p = MiniBlockPage.pad8(p + repSize);
    }
    if (hasDef) {
      defBuf = Decoding.slice(chunk, p, defSize);
      if (windowDefs && 0 <= winFrom && winFrom <= winTo && winTo <= numLevels) {
        winDef = defDec instanceof RleDecoder rd // take: 2.2's RLE levels, one window
            ? rd.window(defBuf, numLevels, winFrom, winTo)
            : ((OutOfLineBitpackingDecoder) defDec).window(defBuf, numLevels, winFrom, winTo);
      } else if (one) {
        chunkDef = MiniBlockPage.levels(defDec, defBuf, numLevels, "def", c);
        def = chunkDef;
      } else if (defStraight != null) {
        // straight into the page's level array (no list: every level is visible)
        defStraight.ints(defBuf, numLevels, def, levelsSoFar);
      } else if (defRleStraight != null) {
        defRleStraight.ints(defBuf, numLevels, def, levelsSoFar);
      } else {
        chunkDef = MiniBlockPage.levels(defDec, defBuf, numLevels, "def", c);
        System.arraycopy(chunkDef, 0, def, levelsSoFar, numLevels);
      }
      p = MiniBlockPage.pad8(p + defSize);
    }
    for (int k = 0; k < numBuffers; k++) {
      vb[k] = Decoding.slice(chunk, p, sizes[k]);
      p = MiniBlockPage.pad8(p + sizes[k]);
    }
    int chunkValues;
    if (hasRep || hasDef) {
      // without lists every level is a visible item
      int visible = winDef != null ? numLevels
          : layers.visibleCount(chunkRep, chunkDef, numLevels);
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
    if (direct != null) {
      int before = values.count();
      direct.decompressInto(vb, chunkValues, values); // straight into the page's values
      if (!(values.count() - before == chunkValues)) {
        throw new Decoding.Corrupt("chunk " + c + " decoded " + (values.count() - before)
            + " values, expected " + chunkValues);
      }
      return;
    }
    blockValues(c, chunkValues, numLevels, defBuf);
  }

  /** Reads the chunk's value buffer sizes from byte {@code h} on; returns the header's end. */
  private int sizes(ByteBuffer chunk, int h, int chunkBytes, int c) {
    int wordBytes = large ? 4 : 2;
    for (int k = 0; k < numBuffers; k++) {
      long s = large ? Integer.toUnsignedLong(chunk.getInt(h))
          : Short.toUnsignedInt(chunk.getShort(h));
      if (!(s <= chunkBytes)) {
        throw new Decoding.Corrupt("chunk " + c + " value buffer of " + s + " bytes");
      }
      sizes[k] = (int) s;
      h += wordBytes;
    }
    return h;
  }

  /** Makes room for {@code numLevels} more levels in the level arrays. */
  private void room(int numLevels, int c) {
    if (!(levelsSoFar + (long) numLevels < Integer.MAX_VALUE - 64)) {
      throw new Decoding.Corrupt("chunk " + c + " has too many levels");
    }
    if (rep != null && rep.length < levelsSoFar + numLevels) {
      rep = java.util.Arrays.copyOf(rep, Math.max(rep.length * 2, levelsSoFar + numLevels));
    }
    if (def != null && def.length < levelsSoFar + numLevels) {
      def = java.util.Arrays.copyOf(def, Math.max(def.length * 2, levelsSoFar + numLevels));
    }
  }

  /** The values of a chunk that are not decoded straight into the page's builder. */
  private void blockValues(int c, int chunkValues, int numLevels, ByteBuffer defBuf) {
    Block b = null;
    if (windowed != null && one && !hasRep
        && valDec instanceof Decoding.WindowedMiniBlock wd
        && 0 <= winFrom && winFrom <= winTo && winTo <= chunkValues) {
      b = wd.decompress(vb.clone(), chunkValues, winFrom, winTo);
      if (b != null) {
        if (!(b.numValues() == winTo - winFrom)) {
          throw new Decoding.Corrupt("chunk " + c + " decoded " + b.numValues()
              + " values, expected " + (winTo - winFrom));
        }
        windowed[0] = true;
      }
    }
    if (b == null && winDef != null) { // the values need the whole chunk: all its levels
      winDef = null;
      def = MiniBlockPage.levels(defDec, defBuf, numLevels, "def", c);
    }
    if (b == null) {
      b = valDec.decompress(vb.clone(), chunkValues);
      if (!(b.numValues() == chunkValues)) {
        throw new Decoding.Corrupt("chunk " + c + " decoded "
          + b.numValues() + " values, expected " + chunkValues);
      }
    }
    Block resolved = dict == null ? b : Dictionaries.lookup(dict, b);
    if (one) {
      single = resolved; // one chunk: its block as is, no copy
    } else {
      values.add(resolved);
    }
  }

  /** The decoded chunks, after {@link #chunk} ran for each. */
  PageData result() {
    if (!(valuesSoFar == totalItems)) {
      throw new Decoding.Corrupt("chunks hold " + valuesSoFar
        + " values, the page has " + totalItems + " items");
    }
    if (windowed != null && windowed[0]) {
      return new PageData(winTo - winFrom, null, winDef != null ? winDef
          : def == null ? null : java.util.Arrays.copyOfRange(def, winFrom, winTo), single);
    }
    int levels = hasRep || hasDef ? levelsSoFar : (int) totalItems;
    return new PageData(levels, rep == null ? null : MiniBlockPage.exact(rep, levels),
        def == null ? null : MiniBlockPage.exact(def, levels),
        values == null ? single : values.build());
  }
}
