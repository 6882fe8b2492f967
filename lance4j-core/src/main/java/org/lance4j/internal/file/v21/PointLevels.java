package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/** How the def level of one item of a mini-block chunk is read ({@link MiniBlockPoints}). */
final class PointLevels {
  /** 0 = Flat words, 1 = OutOfLineBitpacking, 2 = Rle. */
  private final int kind;
  private final int t;
  private final int w;
  private final RleDecoder rle;

  private PointLevels(int kind, int t, int w, RleDecoder rle) {
    this.kind = kind;
    this.t = t;
    this.w = w;
    this.rle = rle;
  }

  static PointLevels of(CompressiveEncoding e) {
    switch (e.getCompressionCase()) {
      case FLAT -> {
        long bits = e.getFlat().getBitsPerValue();
        return !e.getFlat().hasData() && (bits == 8 || bits == 16 || bits == 32)
            ? new PointLevels(0, (int) bits, (int) bits, null) : null;
      }
      case OUT_OF_LINE_BITPACKING -> {
        var o = e.getOutOfLineBitpacking();
        long t = o.getUncompressedBitsPerValue();
        long w = o.getValues().getFlat().getBitsPerValue();
        return o.getValues().getCompressionCase() == CompressiveEncoding.CompressionCase.FLAT
            && !o.getValues().getFlat().hasData() && (t == 8 || t == 16 || t == 32)
            && w >= 0 && w <= Math.min(t, 31) ? new PointLevels(1, (int) t, (int) w, null)
            : null;
      }
      case RLE -> {
        return Decompressors.block(e) instanceof RleDecoder r && r.windowable()
            ? new PointLevels(2, 0, 0, r) : null;
      }
      default -> {
        return null;
      }
    }
  }

  int level(ByteBuffer b, int at, int size, int n, int i) {
    long v;
    switch (kind) {
      case 0 -> {
        if (!(size >= (long) n * (t / 8))) {
          throw new Decoding.Corrupt("Flat def levels of " + size + " bytes for " + n);
        }
        v = FastLanes.word(b, at, t, i);
      }
      case 1 -> v = bitpacked(b, at, size, n, i);
      default -> {
        return rle.window(Decoding.slice(b, at, size), n, i, i + 1)[0];
      }
    }
    if (!(v <= Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("definition level " + v);
    }
    return (int) v;
  }

  /** OutOfLineBitpacking: whole blocks of 1024, a last partial block packed or raw. */
  private long bitpacked(ByteBuffer b, int at, int size, int n, int i) {
    int wb = t / 8;
    int blockBytes = (FastLanes.BLOCK * w + t - 1) / t * wb;
    int whole = n / FastLanes.BLOCK;
    int tail = n % FastLanes.BLOCK;
    long wholeBytes = (long) whole * blockBytes;
    boolean raw = tail > 0 && size == wholeBytes + (long) tail * wb;
    if (!(raw || size == wholeBytes + (tail > 0 ? blockBytes : 0))) {
      throw new Decoding.Corrupt("OutOfLineBitpacking def levels of " + size + " bytes for "
          + n + " values at " + w + " bits");
    }
    int k = i / FastLanes.BLOCK;
    int pos = at + k * blockBytes;
    int j = i - k * FastLanes.BLOCK;
    return k == whole && raw ? FastLanes.word(b, pos, t, j)
        : FastLanes.value(b, pos, t, w, j);
  }
}
