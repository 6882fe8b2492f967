package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * InlineBitpacking (mini-block only): a chunk of at most 1024 values is one word of the value
 * type holding the bit width, then one FastLanes block packed to that width.
 */
final class InlineBitpackingDecoder implements Decoding.MiniBlockDecompressor {
  private final int t;

  InlineBitpackingDecoder(long uncompressedBits) {
    if (uncompressedBits != 8 && uncompressedBits != 16 && uncompressedBits != 32
        && uncompressedBits != 64) {
      throw new Decoding.Unsupported("InlineBitpacking of " + uncompressedBits + "-bit values");
    }
    this.t = (int) uncompressedBits;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    Decoding.check(buffers.length == 1, "InlineBitpacking chunk has " + buffers.length
        + " buffers, not 1");
    byte[] out = new byte[numValues * (t / 8)];
    if (numValues == 0) {
      return new Block.Fixed(out, t, 0);
    }
    Decoding.check(numValues <= FastLanes.BLOCK, "InlineBitpacking chunk of " + numValues
        + " values (at most 1024)");
    ByteBuffer b = buffers[0];
    int wordBytes = t / 8;
    Decoding.check(b.remaining() >= wordBytes, "InlineBitpacking chunk of " + b.remaining()
        + " bytes has no bit width");
    long w = switch (t) {
      case 8 -> Byte.toUnsignedLong(b.get(0));
      case 16 -> Short.toUnsignedLong(b.getShort(0));
      case 32 -> Integer.toUnsignedLong(b.getInt(0));
      default -> b.getLong(0);
    };
    Decoding.check(w >= 0 && w <= t, "InlineBitpacking bit width " + w + " for " + t
        + "-bit values");
    int need = wordBytes + FastLanes.packedBytes((int) w);
    Decoding.check(b.remaining() >= need, "InlineBitpacking chunk has " + b.remaining()
        + " bytes, width " + w + " needs " + need);
    long[] vals = new long[FastLanes.BLOCK];
    FastLanes.unpack(b, wordBytes, t, (int) w, vals);
    Values.store(vals, numValues, t, out, 0);
    return new Block.Fixed(out, t, numValues);
  }
}
