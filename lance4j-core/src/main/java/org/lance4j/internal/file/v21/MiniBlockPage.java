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
    Block dict = mb.hasDictionary() ? dictionary(mb, bufs.length >= 3 ? bufs[2] : null) : null;
    ChunkIndex idx = index(mb, bufs[0], bufs[1].remaining());
    return decode(mb, bufs[1], 0, layers, dict, idx, 0, idx.chunks());
  }

  /**
   * Where the chunks of a page are: chunk {@code c} holds values (items, when the page has no
   * repetition) {@code [firstValue[c], firstValue[c + 1])} and bytes
   * {@code [firstByte[c], firstByte[c + 1])} of the chunk buffer.
   */
  record ChunkIndex(long[] firstValue, long[] firstByte) {
    int chunks() {
      return firstValue.length - 1;
    }

    /** The last chunk whose first value is at most {@code v} (0 <= v < total). */
    int chunkOf(long v) {
      int lo = 0;
      int hi = chunks() - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (firstValue[mid] <= v) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }
  }

  /** Reads the chunk metadata words of a page whose chunk buffer has {@code dataBytes} bytes. */
  static ChunkIndex index(MiniBlockLayout mb, ByteBuffer meta, long dataBytes) {
    boolean large = mb.getHasLargeChunk();
    int wordBytes = large ? 4 : 2;
    if (!(meta.remaining() % wordBytes == 0)) {
      throw new Decoding.Corrupt("chunk metadata of " + meta.remaining()
        + " bytes");
    }
    long totalItems = mb.getNumItems();
    if (!(totalItems >= 0 && totalItems < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("mini-block page of "
        + totalItems + " items");
    }
    int chunks = meta.remaining() / wordBytes;
    long[] fv = new long[chunks + 1];
    long[] fb = new long[chunks + 1];
    for (int c = 0; c < chunks; c++) {
      long w = large ? Integer.toUnsignedLong(meta.getInt(4 * c))
          : Short.toUnsignedInt(meta.getShort(2 * c));
      long chunkBytes = ((w >>> 4) + 1) * 8;
      long values = c == chunks - 1 ? totalItems - fv[c] : 1L << (w & 0xF);
      if (!(values >= 0 && fv[c] + values <= totalItems)) {
        throw new Decoding.Corrupt("chunk " + c
          + " claims " + values + " values beyond the page's " + totalItems);
      }
      if (!(fb[c] + chunkBytes <= dataBytes)) {
        throw new Decoding.Corrupt("chunk " + c + " of "
          + chunkBytes + " bytes at " + fb[c] + " overruns the " + dataBytes
          + "-byte chunk buffer");
      }
      fv[c + 1] = fv[c] + values;
      fb[c + 1] = fb[c] + chunkBytes;
    }
    if (!(fv[chunks] == totalItems)) {
      throw new Decoding.Corrupt("chunks hold " + fv[chunks]
        + " values, the page has " + totalItems + " items");
    }
    return new ChunkIndex(fv, fb);
  }

  /** Decodes the dictionary of a dictionary page from page buffer 2. */
  static Block dictionary(MiniBlockLayout mb, ByteBuffer buf) {
    if (buf == null) {
      throw new Decoding.Corrupt("dictionary page without a dictionary buffer");
    }
    long n = mb.getNumDictionaryItems();
    if (!(n >= 0 && n < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("dictionary of " + n + " items");
    }
    return Decompressors.block(mb.getDictionary()).decompress(buf, (int) n);
  }

  /**
   * Decodes chunks {@code [c0, c1)} of a page; {@code data} holds the chunk buffer's bytes from
   * {@code dataStart} on (the whole buffer, or just those chunks). The result's items are the
   * chunks' levels (values when the page has no levels).
   */
  static PageData decode(MiniBlockLayout mb, ByteBuffer data, long dataStart, Layers layers,
      Block dict, ChunkIndex idx, int c0, int c1) {
    return decode(mb, data, dataStart, layers, dict, idx, c0, c1, -1, -1, null);
  }

  /**
   * As above; when {@code windowed} is not null, the page has no repetition and one chunk is
   * asked for, only its items {@code [winFrom, winTo)} are decoded if the value encoding can
   * (then {@code windowed[0]} is set and the result holds just those items).
   */
  static PageData decode(MiniBlockLayout mb, ByteBuffer data, long dataStart, Layers layers,
      Block dict, ChunkIndex idx, int c0, int c1, int winFrom, int winTo, boolean[] windowed) {
    return decode(mb, data, dataStart, layers, dict, idx, c0, c1, winFrom, winTo, windowed,
        Decoders.of(mb));
  }

  /** The decompressors of a page's rep levels, def levels and values (reused across chunks). */
  record Decoders(Decoding.BlockDecompressor rep, Decoding.BlockDecompressor def,
      Decoding.MiniBlockDecompressor values) {
    static Decoders of(MiniBlockLayout mb) {
      return new Decoders(mb.hasRepCompression() ? Decompressors.block(mb.getRepCompression())
          : null, mb.hasDefCompression() ? Decompressors.block(mb.getDefCompression()) : null,
          Decompressors.miniBlock(mb.getValueCompression()));
    }
  }

  /** As above with the page's decompressors made once ({@link Decoders#of}). */
  static PageData decode(MiniBlockLayout mb, ByteBuffer data, long dataStart, Layers layers,
      Block dict, ChunkIndex idx, int c0, int c1, int winFrom, int winTo, boolean[] windowed,
      Decoders decoders) {
    return decode(mb, data, dataStart, layers, dict, idx, c0, c1, winFrom, winTo, windowed,
        decoders, null);
  }

  /**
   * Whether a result of {@link #decode} owns its arrays (several chunks decoded into a builder
   * of its own, nothing windowed): then it can be passed back as the {@code spare} of a later
   * decode once nothing reads it any more.
   */
  static boolean ownsArrays(int c0, int c1, boolean[] windowed) {
    return c1 - c0 > 1 && (windowed == null || !windowed[0]);
  }

  /**
   * As above; {@code spare} (null, or an earlier result that {@link #ownsArrays} and that
   * nothing reads any more) lends its arrays to this decode, which may overwrite them: a scan
   * then allocates no new value and level arrays per piece. The result's value arrays may then
   * be longer than the values (the offsets / {@code numValues} say where they end).
   */
  static PageData decode(MiniBlockLayout mb, ByteBuffer data, long dataStart, Layers layers,
      Block dict, ChunkIndex idx, int c0, int c1, int winFrom, int winTo, boolean[] windowed,
      Decoders decoders, PageData spare) {
    boolean large = mb.getHasLargeChunk();
    boolean hasRep = mb.hasRepCompression();
    boolean hasDef = mb.hasDefCompression();
    Decoding.BlockDecompressor repDec = decoders.rep();
    Decoding.BlockDecompressor defDec = decoders.def();
    Decoding.MiniBlockDecompressor valDec = decoders.values();
    int numBuffers = (int) mb.getNumBuffers();
    if (!(numBuffers >= 1 && numBuffers <= 16)) {
      throw new Decoding.Corrupt("mini-block chunks with " + numBuffers
        + " value buffers");
    }
    long totalItems = idx.firstValue()[c1] - idx.firstValue()[c0];
    int wordBytes = large ? 4 : 2;
    boolean one = c1 - c0 == 1;
    // one chunk: its level arrays are the result (no copy)
    int[] rep = hasRep && !one ? new int[(int) Math.min(totalItems + 64, 1 << 20)] : null;
    int[] def = null;
    if (hasDef && !one) {
      // without repetition there is one level per item: exactly sized, nothing to trim
      int defLen = hasRep ? (int) Math.min(totalItems + 64, 1 << 20) : (int) totalItems;
      def = !hasRep && spare != null && spare.def() != null && spare.def().length == defLen
          ? spare.def() : new int[defLen];
    }
    // a window of one chunk without lists: only the window's def levels are unpacked
    boolean windowDefs = windowed != null && one && !hasRep && layers.numLists == 0
        && defDec instanceof OutOfLineBitpackingDecoder
        && valDec instanceof Decoding.WindowedMiniBlock;
    int[] winDef = null;
    ByteBuffer defBuf = null;
    BlockBuilder values = c1 - c0 == 1 ? null : new BlockBuilder((int) totalItems,
        (idx.firstByte()[c1] - idx.firstByte()[c0]) * 2, spare == null ? null : spare.values());
    Block single = null;
    int levelsSoFar = 0;
    long valuesSoFar = 0;
    ByteBuffer[] vb = new ByteBuffer[numBuffers];
    for (int c = c0; c < c1; c++) {
      int chunkBytes = (int) (idx.firstByte()[c + 1] - idx.firstByte()[c]);
      ByteBuffer chunk = Decoding.slice(data, (int) (idx.firstByte()[c] - dataStart),
          chunkBytes);
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
        if (rep != null && rep.length < levelsSoFar + numLevels) {
          rep = java.util.Arrays.copyOf(rep, Math.max(rep.length * 2, levelsSoFar + numLevels));
        }
        if (def != null && def.length < levelsSoFar + numLevels) {
          def = java.util.Arrays.copyOf(def, Math.max(def.length * 2, levelsSoFar + numLevels));
        }
      }
      if (hasRep) {
        chunkRep = levels(repDec, Decoding.slice(chunk, p, repSize), numLevels, "rep", c);
        if (one) {
          rep = chunkRep;
        } else {
          System.arraycopy(chunkRep, 0, rep, levelsSoFar, numLevels);
        }
        p = pad8(p + repSize);
      }
      if (hasDef) {
        defBuf = Decoding.slice(chunk, p, defSize);
        if (windowDefs && 0 <= winFrom && winFrom <= winTo && winTo <= numLevels) {
          winDef = ((OutOfLineBitpackingDecoder) defDec).window(defBuf, numLevels, winFrom,
              winTo);
        } else {
          if (one) {
            chunkDef = levels(defDec, defBuf, numLevels, "def", c);
            def = chunkDef;
          } else if (defDec instanceof OutOfLineBitpackingDecoder ob && ob.intsFit()
              && layers.firstListLevel == Integer.MAX_VALUE) {
            // straight into the page's level array (no list: every level is visible)
            ob.ints(defBuf, numLevels, def, levelsSoFar);
          } else {
            chunkDef = levels(defDec, defBuf, numLevels, "def", c);
            System.arraycopy(chunkDef, 0, def, levelsSoFar, numLevels);
          }
        }
        p = pad8(p + defSize);
      }
      for (int k = 0; k < numBuffers; k++) {
        vb[k] = Decoding.slice(chunk, p, sizes[k]);
        p = pad8(p + sizes[k]);
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
      Block b = null;
      if (windowed != null && c1 - c0 == 1 && !hasRep
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
        chunkDef = levels(defDec, defBuf, numLevels, "def", c);
        def = chunkDef;
      }
      if (b == null && values != null && dict == null
          && valDec instanceof Decoding.DirectMiniBlock dm && dm.direct()) {
        int before = values.count();
        dm.decompressInto(vb, chunkValues, values); // straight into the page's values
        if (!(values.count() - before == chunkValues)) {
          throw new Decoding.Corrupt("chunk " + c + " decoded " + (values.count() - before)
              + " values, expected " + chunkValues);
        }
        continue;
      }
      if (b == null) {
        b = valDec.decompress(vb.clone(), chunkValues);
        if (!(b.numValues() == chunkValues)) {
          throw new Decoding.Corrupt("chunk " + c + " decoded "
            + b.numValues() + " values, expected " + chunkValues);
        }
      }
      Block resolved = dict == null ? b : Dictionaries.lookup(dict, b);
      if (c1 - c0 == 1) {
        single = resolved; // one chunk: its block as is, no copy
      } else {
        values.add(resolved);
      }
    }
    if (!(valuesSoFar == totalItems)) {
      throw new Decoding.Corrupt("chunks hold " + valuesSoFar
        + " values, the page has " + totalItems + " items");
    }
    if (windowed != null && windowed[0]) {
      return new PageData(winTo - winFrom, null, winDef != null ? winDef
          : def == null ? null : java.util.Arrays.copyOfRange(def, winFrom, winTo), single);
    }
    int levels = hasRep || hasDef ? levelsSoFar : (int) totalItems;
    return new PageData(levels, rep == null ? null : exact(rep, levels),
        def == null ? null : exact(def, levels),
        values == null ? single : values.build());
  }

  private static int[] exact(int[] a, int n) {
    return a.length == n ? a : java.util.Arrays.copyOf(a, n);
  }

  private static int[] levels(Decoding.BlockDecompressor dec, ByteBuffer buf, int n,
      String what, int chunk) {
    if (dec instanceof OutOfLineBitpackingDecoder ob && ob.intsFit()) {
      return ob.ints(buf, n); // straight into the int array, no byte array between
    }
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
