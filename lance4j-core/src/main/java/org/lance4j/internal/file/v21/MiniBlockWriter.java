package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * Writes a mini-block page (see {@link MiniBlockPage} for the bytes): the items are cut into
 * chunks of a power-of-two count (the last chunk excepted), each chunk holding its definition
 * levels and value buffer. 2.1: u16 chunk words and value-buffer sizes, def levels OutOfLineBitpacking(16 bits to the page's def width);
 * 2.2 ({@code large}): u32 words and sizes, def levels Rle(Flat16, Flat8).
 */
final class MiniBlockWriter {
  /** Most values in one chunk (what Lance uses). */
  static final int MAX_CHUNK_VALUES = 4096;
  /** Fixed-width chunks hold at most this many value bytes (Lance's rule). */
  static final int FIXED_CHUNK_BYTES = 8186;
  /** Variable-width chunks are cut where their value bytes would pass this. */
  static final int VAR_CHUNK_BYTES = 4096;
  /** Most values in one variable-width chunk (keeps 2.1 chunks under 32 KiB). */
  static final int MAX_VAR_CHUNK_VALUES = 1024;
  /** 2.1 chunk words count 8-byte words in 12 bits. */
  private static final int MAX_SMALL_CHUNK = 4096 * 8;

  private MiniBlockWriter() {}

  /** Produces the value buffer of items {@code [start, start + count)} into {@code out}. */
  interface Values {
    /** How many items, starting at {@code start}, the next chunk takes (at least 1). */
    int chunkCount(int start, int remaining);

    void write(int start, int count, GrowBytes out);

    /** Value buffers per chunk (Rle has two: run values and run lengths). */
    default int buffers() {
      return 1;
    }

    /** Writes the chunk's value buffers, one per {@link #buffers()}. */
    default void write(int start, int count, GrowBytes[] out) {
      write(start, count, out[0]);
    }
  }

  /** A dictionary page's dictionary: its block encoding, item count and bytes (buffer 2). */
  record Dictionary(CompressiveEncoding encoding, int items, byte[] bytes) {}

  /**
   * Writes a page with a chosen encoding; a General wrapper that did not pay is dropped and the
   * page written with the encoding inside it (as Lance does).
   */
  static EncodedPage write(int n, int[] def, Levels lv, List<RepDefLayer> layers,
      ChunkEncoding values, boolean large, Dictionary dict) {
    EncodedPage page = write(n, def, lv, layers, values, values.encoding(), large, dict);
    if (values instanceof GeneralChunks g && !g.worthIt()) {
      return write(n, def, lv, layers, g.inner(), large, dict);
    }
    return page;
  }

  static EncodedPage write(int n, int[] def, Levels lv, List<RepDefLayer> layers, Values values,
      CompressiveEncoding valueEncoding, boolean large) {
    return write(n, def, lv, layers, values, valueEncoding, large, null);
  }

  static EncodedPage write(int n, int[] def, Levels lv, List<RepDefLayer> layers, Values values,
      CompressiveEncoding valueEncoding, boolean large, Dictionary dict) {
    GrowBytes meta = new GrowBytes(64);
    GrowBytes data = new GrowBytes(64 * 1024);
    GrowBytes defBuf = new GrowBytes(1024);
    GrowBytes repBuf = new GrowBytes(256);
    int numBuffers = values.buffers();
    // one value buffer is written straight into the page; Rle's two go through scratch buffers
    GrowBytes[] valBufs = null;
    int[] valSizes = new int[numBuffers];
    if (numBuffers > 1) {
      valBufs = new GrowBytes[numBuffers];
      for (int k = 0; k < numBuffers; k++) {
        valBufs[k] = new GrowBytes(k == 0 ? 16 * 1024 : 1024);
      }
    }
    int[] ldef = lv == null ? def : lv.def();
    int[] lrep = lv == null ? null : lv.rep();
    int numLevels = lv == null ? n : lv.numLevels();
    boolean hasDef = ldef != null;
    boolean hasRep = lrep != null;
    int defBits = 0;
    if (hasDef) {
      int max = 0;
      for (int i = 0; i < numLevels; i++) {
        max |= ldef[i];
      }
      defBits = Levels.bits(max);
    }
    int repBits = hasRep ? Levels.bits(lv.numLists()) : 0;
    GrowBytes repIndex = hasRep ? new GrowBytes(64) : null;
    // the chunk header: item (or level) count, rep and def sizes, value buffer sizes; padded
    int header = 2 + (hasRep ? 2 : 0) + (hasDef ? 2 : 0) + numBuffers * (large ? 4 : 2);
    header = (header + 7) & ~7;
    int at = 0;
    int levelAt = 0;
    while (at < n) {
      int count = values.chunkCount(at, n - at);
      while (true) {
        boolean last = at + count == n;
        if (!last && Integer.bitCount(count) != 1) {
          throw new IllegalStateException("chunk of " + count + " values is not a power of two");
        }
        // the chunk's levels: through its last value (invisible levels after it go with the
        // next chunk), all the rest for the last chunk
        int levelEnd = lv == null ? at + count : last ? numLevels
            : lv.valueLevel()[at + count - 1] + 1;
        int levels = levelEnd - levelAt;
        int chunkStart = data.size();
        boolean fits = levels <= 0xFFFF;
        if (fits) {
          if (hasRep) {
            repBuf.clear();
            levelBlock(lrep, levelAt, levels, repBits, large, repBuf);
            fits = repBuf.size() <= 0xFFFF;
          }
          if (hasDef) {
            defBuf.clear();
            levelBlock(ldef, levelAt, levels, defBits, large, defBuf);
            fits &= defBuf.size() <= 0xFFFF;
          }
        }
        if (fits) {
          // written in place: header (sizes filled in below), levels, values
          data.zeros(header);
          if (hasRep) {
            data.put(repBuf.array(), 0, repBuf.size());
            data.pad8((byte) 0);
          }
          if (hasDef) {
            data.put(defBuf.array(), 0, defBuf.size());
            data.pad8((byte) 0);
          }
          if (valBufs == null) {
            int v0 = data.size();
            values.write(at, count, data);
            valSizes[0] = data.size() - v0;
            data.pad8((byte) 0);
          } else {
            for (GrowBytes vb : valBufs) {
              vb.clear();
            }
            values.write(at, count, valBufs);
            for (int k = 0; k < numBuffers; k++) {
              valSizes[k] = valBufs[k].size();
              data.put(valBufs[k].array(), 0, valSizes[k]);
              data.pad8((byte) 0);
            }
          }
          int h = chunkStart;
          data.setU16(h, lv == null ? count : levels);
          h += 2;
          if (hasRep) {
            data.setU16(h, repBuf.size());
            h += 2;
          }
          if (hasDef) {
            data.setU16(h, defBuf.size());
            h += 2;
          }
          for (int k = 0; k < numBuffers; k++) {
            if (large) {
              data.setU32(h, valSizes[k]);
              h += 4;
            } else {
              fits &= valSizes[k] <= 0xFFFF;
              data.setU16(h, valSizes[k]);
              h += 2;
            }
          }
          fits &= large || data.size() - chunkStart <= MAX_SMALL_CHUNK;
          if (!fits) {
            data.truncate(chunkStart);
          }
        }
        if (!fits) {
          // too many levels or bytes for one chunk: fewer values (a power of two, at least 8
          // so that bit-packed chunks stay byte-aligned)
          int smaller = Integer.bitCount(count) == 1 ? count / 2 : Integer.highestOneBit(count);
          if (smaller < 8) {
            throw new ChunkOverflow("mini-block chunk of " + count + " values and " + levels
                + " levels does not fit");
          }
          count = smaller;
          continue;
        }
        int bytes = data.size() - chunkStart;
        long word = ((long) (bytes / 8 - 1) << 4)
            | (last ? 0 : Integer.numberOfTrailingZeros(count));
        if (large) {
          meta.u32(word);
        } else {
          meta.u16((int) word);
        }
        if (hasRep) {
          repIndexEntry(lv, levelAt, levelEnd, last, repIndex);
        }
        if (at == 0 && !last && count >= 64) {
          // the page's size from its first chunk (plus an eighth, at most 32 MiB: a chunk of a
          // few huge values says little about the rest): one allocation instead of doubling
          long est = (long) bytes * n / count;
          data.reserve(Math.min(est + est / 8 + 4096, 32L << 20));
        }
        at += count;
        levelAt = levelEnd;
        break;
      }
    }
    MiniBlockLayout.Builder mb = MiniBlockLayout.newBuilder()
        .setValueCompression(valueEncoding)
        .addAllLayers(layers)
        .setNumBuffers(numBuffers)
        .setNumItems(n)
        .setHasLargeChunk(large);
    if (hasDef) {
      mb.setDefCompression(large ? EncodedPage.rleLevels()
          : EncodedPage.outOfLineBitpacking(16, defBits));
    }
    if (hasRep) {
      mb.setRepCompression(large ? EncodedPage.rleLevels()
          : EncodedPage.outOfLineBitpacking(16, repBits));
      mb.setRepetitionIndexDepth(1);
    }
    int nb = 2 + (dict != null ? 1 : 0) + (hasRep ? 1 : 0);
    byte[][] bufs = new byte[nb][];
    int[] sizes = new int[nb];
    bufs[0] = meta.array();
    sizes[0] = meta.size();
    bufs[1] = data.array();
    sizes[1] = data.size();
    int k = 2;
    if (dict != null) {
      mb.setDictionary(dict.encoding()).setNumDictionaryItems(dict.items());
      bufs[k] = dict.bytes();
      sizes[k++] = dict.bytes().length;
    }
    if (hasRep) {
      bufs[k] = repIndex.array();
      sizes[k] = repIndex.size();
    }
    return new EncodedPage(PageLayout.newBuilder().setMiniBlockLayout(mb).build(), bufs, sizes);
  }

  /** A chunk that cannot be cut small enough (the caller falls back to another layout). */
  static final class ChunkOverflow extends RuntimeException {
    ChunkOverflow(String message) {
      super(message);
    }
  }

  private static void levelBlock(int[] levels, int from, int count, int bits, boolean large,
      GrowBytes out) {
    if (large) {
      rle(levels, from, count, out);
    } else {
      BitpackWriter.levels(levels, from, count, bits, out);
    }
  }

  /**
   * The chunk's repetition-index entry: the rows that end in it (a row ends where the next one
   * starts, or at the page's end) and the items of the row still open at its end.
   */
  private static void repIndexEntry(Levels lv, int from, int to, boolean last, GrowBytes out) {
    boolean nextStartsRow = last || lv.rowStart(to);
    long ended = 0;
    int lastStart = -1;
    for (int i = from; i < to; i++) {
      if (lv.rowStart(i)) {
        if (i > from) {
          ended++;
        }
        lastStart = i;
      }
    }
    if (nextStartsRow) {
      ended++;
    }
    long partial = nextStartsRow ? 0 : to - (lastStart >= 0 ? lastStart : from);
    out.u64(ended);
    out.u64(partial);
  }

  /** Levels as one Rle block: u64 byte length of the run values, u16 values, u8 lengths. */
  static void rle(int[] levels, int from, int count, GrowBytes out) {
    GrowBytes lengths = new GrowBytes(64);
    int lenAt = out.skip(8);
    int end = from + count;
    int i = from;
    int runs = 0;
    while (i < end) {
      int v = levels[i];
      int j = i + 1;
      while (j < end && levels[j] == v && j - i < 255) {
        j++;
      }
      out.u16(v);
      lengths.u8(j - i);
      runs++;
      i = j;
    }
    out.setU32(lenAt, 2L * runs);
    out.put(lengths.array(), 0, lengths.size());
  }

  /** Chunk sizes of fixed-width values: the largest power of two that fits the byte budget. */
  static int fixedChunkValues(int bits) {
    int c = MAX_CHUNK_VALUES;
    while (c > 1 && (long) c * bits > FIXED_CHUNK_BYTES * 8L) {
      c >>= 1;
    }
    return c;
  }

  /**
   * Chunk count of variable-width values: walk until the bytes would pass the budget, then the
   * largest power of two passed (all of them when they end the page).
   */
  static int varChunkCount(long[] offsets, int start, int remaining) {
    int limit = Math.min(remaining, MAX_VAR_CHUNK_VALUES);
    int c = 0;
    long base = offsets[start];
    while (c < limit && (c == 0 || offsets[start + c + 1] - base <= VAR_CHUNK_BYTES)) {
      c++;
    }
    if (c == remaining) {
      return c;
    }
    return Integer.highestOneBit(c);
  }
}
