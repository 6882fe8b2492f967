package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * OutOfLineBitpacking (a block encoding, e.g. 2.1 rep/def levels): whole FastLanes blocks of 1024
 * values at one width; a last partial block is either packed padded to 1024 values or stored as
 * raw words, told apart by the buffer length.
 */
final class OutOfLineBitpackingDecoder implements Decoding.BlockDecompressor {
  private final int t;
  private final int w;

  OutOfLineBitpackingDecoder(long uncompressedBits, long packedBits) {
    if (uncompressedBits != 8 && uncompressedBits != 16 && uncompressedBits != 32
        && uncompressedBits != 64) {
      throw new Decoding.Unsupported("OutOfLineBitpacking of " + uncompressedBits
          + "-bit values");
    }
    if (packedBits < 0 || packedBits > uncompressedBits) {
      throw new Decoding.Corrupt("OutOfLineBitpacking to " + packedBits + " bits of "
          + uncompressedBits + "-bit values");
    }
    this.t = (int) uncompressedBits;
    this.w = (int) packedBits;
  }

  /** Bytes of one packed block of 1024 values. */
  private int blockBytes() {
    return (FastLanes.BLOCK * w + t - 1) / t * (t / 8);
  }

  /**
   * Checks the buffer length for {@code numValues} values and says whether a last partial block
   * is stored as raw words (true) or packed padded to 1024 values (false).
   */
  private boolean rawTail(ByteBuffer b, int numValues) {
    int wordBytes = t / 8;
    int blockBytes = blockBytes();
    int whole = numValues / FastLanes.BLOCK;
    int tail = numValues % FastLanes.BLOCK;
    long wholeBytes = (long) whole * blockBytes;
    long rawLen = wholeBytes + (long) tail * wordBytes;
    long packedLen = wholeBytes + (tail > 0 ? blockBytes : 0);
    int len = b.remaining();
    boolean rawTail = tail > 0 && len == rawLen;
    if (!(rawTail || len == packedLen)) {
      throw new Decoding.Corrupt("OutOfLineBitpacking buffer of " + len
        + " bytes for " + numValues + " values at " + w + " bits (expected " + packedLen
        + (tail > 0 ? " or " + rawLen : "") + ")");
    }
    return rawTail;
  }

  @Override
  public Block decompress(ByteBuffer b, int numValues) {
    int wordBytes = t / 8;
    int blockBytes = blockBytes();
    int whole = numValues / FastLanes.BLOCK;
    int tail = numValues % FastLanes.BLOCK;
    boolean rawTail = rawTail(b, numValues);
    byte[] out = new byte[numValues * wordBytes];
    int pos = 0;
    for (int k = 0; k < whole; k++) {
      FastLanes.unpackTo(b, pos, t, w, out, k * FastLanes.BLOCK, FastLanes.BLOCK);
      pos += blockBytes;
    }
    if (tail > 0) {
      if (rawTail) {
        b.duplicate().position(pos).get(out, whole * FastLanes.BLOCK * wordBytes,
            tail * wordBytes);
      } else {
        FastLanes.unpackTo(b, pos, t, w, out, whole * FastLanes.BLOCK, tail);
      }
    }
    return new Block.Fixed(out, t, numValues);
  }

  /** Whether {@link #ints} can decode this encoding (values that always fit an int). */
  boolean intsFit() {
    return t < 32 || (t == 32 && w < 32);
  }

  /**
   * All {@code numValues} values as ints (levels), unpacked straight into the int array; the
   * buffer is checked as {@link #decompress} does. Needs {@link #intsFit}.
   */
  int[] ints(ByteBuffer b, int numValues) {
    int[] out = new int[numValues];
    ints(b, numValues, out, 0);
    return out;
  }

  /** As {@link #ints(ByteBuffer, int)}, into {@code out} from index {@code dstAt}. */
  void ints(ByteBuffer b, int numValues, int[] out, int dstAt) {
    int blockBytes = blockBytes();
    int whole = numValues / FastLanes.BLOCK;
    int tail = numValues % FastLanes.BLOCK;
    boolean rawTail = rawTail(b, numValues);
    int pos = 0;
    for (int k = 0; k < whole; k++) {
      FastLanes.unpackInts(b, pos, t, w, out, dstAt + k * FastLanes.BLOCK, FastLanes.BLOCK);
      pos += blockBytes;
    }
    if (tail > 0) {
      int at = dstAt + whole * FastLanes.BLOCK;
      if (rawTail) {
        for (int i = 0; i < tail; i++) {
          int p = pos + i * (t / 8);
          long v = switch (t) {
            case 8 -> Byte.toUnsignedInt(b.get(p));
            case 16 -> Short.toUnsignedInt(b.getShort(p));
            default -> Integer.toUnsignedLong(b.getInt(p));
          };
          if (v > Integer.MAX_VALUE) {
            throw new Decoding.Corrupt("value " + v + " is too large");
          }
          out[at + i] = (int) v;
        }
      } else {
        FastLanes.unpackInts(b, pos, t, w, out, at, tail);
      }
    }
  }

  /**
   * Values {@code [from, to)} of a buffer of {@code numValues} values as ints (levels), unpacking
   * only the blocks' values in the window; the buffer is checked as {@link #decompress} does.
   */
  int[] window(ByteBuffer b, int numValues, int from, int to) {
    int wordBytes = t / 8;
    int blockBytes = blockBytes();
    int whole = numValues / FastLanes.BLOCK;
    boolean rawTail = rawTail(b, numValues);
    byte[] out = new byte[(to - from) * wordBytes];
    int i = from;
    while (i < to) {
      int k = i / FastLanes.BLOCK;
      int end = Math.min(to, (k + 1) * FastLanes.BLOCK);
      int pos = k * blockBytes;
      if (k == whole && rawTail) {
        b.get(pos + (i - k * FastLanes.BLOCK) * wordBytes, out, (i - from) * wordBytes,
            (end - i) * wordBytes);
      } else {
        byte[] part = i == from && end == to ? out : new byte[(end - i) * wordBytes];
        FastLanes.unpackRange(b, pos, t, w, part, i - k * FastLanes.BLOCK,
            end - k * FastLanes.BLOCK);
        if (part != out) {
          System.arraycopy(part, 0, out, (i - from) * wordBytes, part.length);
        }
      }
      i = end;
    }
    return Values.toInts(new Block.Fixed(out, t, to - from));
  }
}
