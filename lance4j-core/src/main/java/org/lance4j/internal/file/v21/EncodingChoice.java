package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressionScheme;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/**
 * The one place that picks a page's compression, by lance-core 7.0.0's rules (see
 * shared/lance-current.md and lance's compression.rs):
 * <ul>
 *   <li>fixed width (mini-block): {@code compression=none}: Flat; else ByteStreamSplit when
 *       General compression is asked for and {@code bss} is on (or auto and the bytes have low
 *       entropy); else Rle when the page has fewer runs than {@code rle-threshold} (0.5) of its
 *       values and they take fewer bytes than bit-packing (lance-core 7.0.0 bit-packs the indices
 *       of an 80/20 two-value dictionary rather than Rle them); else InlineBitpacking when it
 *       saves bytes (integers and floats alike); else Flat; wrapped in General when {@code compression} is zstd or lz4 and that pays;
 *   <li>variable width (mini-block): Fsst when the longest value has at least 5 bytes and the
 *       page at least 32 KiB (or {@code compression=fsst}), else Variable; General around it as
 *       above;
 *   <li>variable width (full-zip, per value): General(ZSTD) when a value passes 32 KiB or General
 *       compression is asked for (and the page has 32 KiB), else Fsst by the rule above, else
 *       Variable;
 *   <li>dictionary items (a block): 2.1 plain; 2.2 bit-packed when that works for fixed-width
 *       items, else General(LZ4).
 * </ul>
 */
final class EncodingChoice {
  /** Values longer than this go through General(ZSTD) in full-zip pages. */
  static final int GENERAL_PER_VALUE_BYTES = 32 * 1024;

  private EncodingChoice() {}

  /** The mini-block encoding of {@code n} fixed-width values of {@code bits} each. */
  static ChunkEncoding fixed(byte[] v, int n, int bits, EncodingHints h) {
    if (h.none()) {
      return new FlatChunks(v, bits);
    }
    CompressionScheme general = h.general();
    ChunkEncoding base = null;
    if (general != null && (bits == 32 || bits == 64) && !"off".equals(h.bss())) {
      boolean on = "on".equals(h.bss());
      if (on || ByteStreamSplitChunks.lowEntropy(v, n, bits, 0.5)) {
        base = new ByteStreamSplitChunks(v, bits);
      }
    }
    if (base == null && bits > 1) {
      long flat = (long) n * (bits / 8);
      long packed = flat;
      if (bits == 8 || bits == 16 || bits == 32 || bits == 64) {
        packed = Math.min(flat, BitpackWriter.packedBytes(v, n, bits)); // one pass over the page
      }
      long rle = RleChunks.applies(v, n, bits, h.rleThreshold())
          ? RleChunks.encodedBytes(v, n, bits) : Long.MAX_VALUE;
      // Rle where the page has few runs and they take fewer bytes than bit-packing
      if (rle < packed) {
        base = new RleChunks(v, bits);
      } else if (packed < flat) {
        base = new BitpackChunks(v, bits);
      }
    }
    if (base == null) {
      base = new FlatChunks(v, bits);
    }
    return general == null ? base : new GeneralChunks(base, general, h.level());
  }

  /** The mini-block encoding of {@code n} variable-width values. */
  static ChunkEncoding variable(byte[] data, long[] offsets, int n, boolean large,
      EncodingHints h) {
    if (h.none()) {
      return new VariableChunks(data, offsets, large);
    }
    ChunkEncoding base;
    if (h.fsst() || FsstEncoder.applies(offsets[n] - offsets[0], maxLength(offsets, n))) {
      base = new FsstChunks(data, offsets, n, large);
    } else {
      base = new VariableChunks(data, offsets, large);
    }
    CompressionScheme general = h.general();
    return general == null ? base : new GeneralChunks(base, general, h.level());
  }

  /** How a full-zip page compresses each variable-width value. */
  enum PerValue { VARIABLE, FSST, GENERAL }

  static PerValue perValue(long dataBytes, long maxLen, EncodingHints h) {
    if (h.none()) {
      return PerValue.VARIABLE;
    }
    boolean asked = h.general() != null;
    if ((maxLen > GENERAL_PER_VALUE_BYTES || asked) && dataBytes >= FsstEncoder.MIN_INPUT) {
      return PerValue.GENERAL;
    }
    if (h.fsst() || FsstEncoder.applies(dataBytes, maxLen)) {
      return PerValue.FSST;
    }
    return PerValue.VARIABLE;
  }

  static long maxLength(long[] offsets, int n) {
    long m = 0;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, offsets[i + 1] - offsets[i]);
    }
    return m;
  }

  /** A dictionary buffer: its block encoding and bytes. */
  record Block(CompressiveEncoding encoding, byte[] bytes) {}

  /** Fixed-width dictionary items ({@code k} of {@code bits}) as a block. */
  static Block fixedItems(byte[] items, int k, int bits) {
    if (bits == 8 || bits == 16 || bits == 32 || bits == 64) {
      int maxW = 0;
      boolean zeroChunk = false;
      for (int s = 0; s < k; s += FastLanes.BLOCK) {
        int w = BitpackWriter.width(items, s, Math.min(FastLanes.BLOCK, k - s), bits);
        zeroChunk |= w == 0;
        maxW = Math.max(maxW, w);
      }
      long data = (long) k * bits / 8;
      boolean tooSmall = k <= FastLanes.BLOCK
          && bits / 8 + FastLanes.packedBytes(maxW) >= data;
      if (!zeroChunk && !tooSmall) {
        GrowBytes out = new GrowBytes((int) data + 16);
        if (k <= FastLanes.BLOCK) {
          BitpackWriter.writeChunk(items, 0, k, bits, out);
          return new Block(EncodedPage.inlineBitpacking(bits), out.toArray());
        }
        long[] in = new long[FastLanes.BLOCK];
        for (int s = 0; s < k; s += FastLanes.BLOCK) {
          int c = Math.min(FastLanes.BLOCK, k - s);
          java.util.Arrays.fill(in, 0L);
          for (int i = 0; i < c; i++) {
            in[i] = BitpackWriter.word(items, s + i, bits);
          }
          BitpackWriter.packBlock(in, bits, maxW, out);
        }
        return new Block(EncodedPage.outOfLineBitpacking(bits, maxW), out.toArray());
      }
    }
    byte[] raw = java.util.Arrays.copyOf(items, k * bits / 8);
    return new Block(GeneralCompress.wrap(CompressionScheme.COMPRESSION_ALGORITHM_LZ4, null,
        EncodedPage.flat(bits)), GeneralCompress.compress(
            CompressionScheme.COMPRESSION_ALGORITHM_LZ4, raw));
  }

  /** Variable-width dictionary items (a Variable block) as 2.1 (plain) or 2.2 (LZ4) store them. */
  static Block variableItems(byte[] variableBlock, boolean v22) {
    if (!v22) {
      return new Block(EncodedPage.variable(32), variableBlock);
    }
    return new Block(GeneralCompress.wrap(CompressionScheme.COMPRESSION_ALGORITHM_LZ4, null,
        EncodedPage.variable(32)), GeneralCompress.compress(
            CompressionScheme.COMPRESSION_ALGORITHM_LZ4, variableBlock));
  }
}
