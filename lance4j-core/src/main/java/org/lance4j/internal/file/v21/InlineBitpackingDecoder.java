package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * InlineBitpacking (mini-block only): a chunk of at most 1024 values is one word of the value
 * type holding the bit width, then one FastLanes block packed to that width. As a block encoding
 * the buffer is such chunks back to back, 1024 values each (the last one padded).
 */
final class InlineBitpackingDecoder implements Decoding.WindowedMiniBlock,
    Decoding.BlockDecompressor, Decoding.DirectMiniBlock {
  private final int t;

  InlineBitpackingDecoder(long uncompressedBits) {
    if (uncompressedBits != 8 && uncompressedBits != 16 && uncompressedBits != 32
        && uncompressedBits != 64) {
      throw new Decoding.Unsupported("InlineBitpacking of " + uncompressedBits + "-bit values");
    }
    this.t = (int) uncompressedBits;
  }

  @Override
  public Block decompress(ByteBuffer b, int numValues) {
    int wordBytes = t / 8;
    byte[] out = new byte[numValues * wordBytes];
    int pos = 0;
    for (int done = 0; done < numValues; done += FastLanes.BLOCK) {
      int w = width(b, pos);
      int need = wordBytes + FastLanes.packedBytes(w);
      if (!(pos + need <= b.remaining())) {
        throw new Decoding.Corrupt("InlineBitpacking block overruns its "
          + b.remaining() + " bytes");
      }
      FastLanes.unpackTo(b, pos + wordBytes, t, w, out, done,
          Math.min(FastLanes.BLOCK, numValues - done));
      pos += need;
    }
    return new Block.Fixed(out, t, numValues);
  }

  private int width(ByteBuffer b, int pos) {
    if (!(b.remaining() >= pos + t / 8)) {
      throw new Decoding.Corrupt("InlineBitpacking chunk has no bit width");
    }
    long w = switch (t) {
      case 8 -> Byte.toUnsignedLong(b.get(pos));
      case 16 -> Short.toUnsignedLong(b.getShort(pos));
      case 32 -> Integer.toUnsignedLong(b.getInt(pos));
      default -> b.getLong(pos);
    };
    if (!(w >= 0 && w <= t)) {
      throw new Decoding.Corrupt("InlineBitpacking bit width " + w + " for " + t
        + "-bit values");
    }
    return (int) w;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues, int from, int to) {
    if (!(buffers.length == 1 && numValues > 0 && numValues <= FastLanes.BLOCK
        && 0 <= from && from <= to && to <= numValues)) {
      return null; // the whole-chunk path checks and names the problem
    }
    ByteBuffer b = buffers[0];
    int wordBytes = t / 8;
    if (!(b.remaining() >= wordBytes)) {
      return null;
    }
    int w = width(b, 0);
    if (!(b.remaining() >= wordBytes + FastLanes.packedBytes(w))) {
      return null;
    }
    byte[] out = new byte[(to - from) * wordBytes];
    FastLanes.unpackRange(b, wordBytes, t, w, out, from, to);
    return new Block.Fixed(out, t, to - from);
  }

  @Override
  public boolean direct() {
    return true;
  }

  @Override
  public void decompressInto(ByteBuffer[] buffers, int numValues, BlockBuilder out) {
    int at = out.beginFixed(t, numValues);
    unpackChunk(buffers, numValues, out.varData(), at / (t / 8));
    out.endFixed(numValues);
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    byte[] out = new byte[numValues * (t / 8)];
    unpackChunk(buffers, numValues, out, 0);
    return new Block.Fixed(out, t, numValues);
  }

  /** Unpacks a chunk of {@code numValues} values into {@code out} from value {@code at}. */
  private void unpackChunk(ByteBuffer[] buffers, int numValues, byte[] out, int at) {
    if (!(buffers.length == 1)) {
      throw new Decoding.Corrupt("InlineBitpacking chunk has " + buffers.length
        + " buffers, not 1");
    }
    if (numValues == 0) {
      return;
    }
    if (!(numValues <= FastLanes.BLOCK)) {
      throw new Decoding.Corrupt("InlineBitpacking chunk of " + numValues
        + " values (at most 1024)");
    }
    ByteBuffer b = buffers[0];
    int wordBytes = t / 8;
    if (!(b.remaining() >= wordBytes)) {
      throw new Decoding.Corrupt("InlineBitpacking chunk of " + b.remaining()
        + " bytes has no bit width");
    }
    int w = width(b, 0);
    int need = wordBytes + FastLanes.packedBytes(w);
    if (!(b.remaining() >= need)) {
      throw new Decoding.Corrupt("InlineBitpacking chunk has " + b.remaining()
        + " bytes, width " + w + " needs " + need);
    }
    FastLanes.unpackTo(b, wordBytes, t, w, out, at, numValues);
  }
}
