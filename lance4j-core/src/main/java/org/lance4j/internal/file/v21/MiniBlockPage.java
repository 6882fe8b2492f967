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
    int numBuffers = (int) mb.getNumBuffers();
    if (!(numBuffers >= 1 && numBuffers <= 16)) {
      throw new Decoding.Corrupt("mini-block chunks with " + numBuffers
        + " value buffers");
    }
    // the per-chunk work is a method of its own (MiniBlockChunks.chunk, too large to be inlined
    // here): this loop stays tiny, so C2 compiles it quickly and has no branches of the chunk
    // body to hoist out of it as profiled predicates (their traps recompiled the whole decode)
    MiniBlockChunks k = new MiniBlockChunks(mb, data, dataStart, layers, dict, idx, c0, c1,
        winFrom, winTo, windowed, decoders, spare, numBuffers);
    for (int c = c0; c < c1; c++) {
      k.chunk(c);
    }
    return k.result();
  }

  static int[] exact(int[] a, int n) {
    return a.length == n ? a : java.util.Arrays.copyOf(a, n);
  }

  static int[] levels(Decoding.BlockDecompressor dec, ByteBuffer buf, int n,
      String what, int chunk) {
    if (dec instanceof OutOfLineBitpackingDecoder ob && ob.intsFit()) {
      return ob.ints(buf, n); // straight into the int array, no byte array between
    }
    if (dec instanceof RleDecoder rd && rd.windowable()) {
      int[] out = new int[n]; // 2.2's RLE levels: straight into the int array
      rd.ints(buf, n, out, 0);
      return out;
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
