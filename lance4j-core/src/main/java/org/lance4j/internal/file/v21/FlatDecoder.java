package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/** Flat: fixed-width values back to back, as a mini-block value buffer or a whole block. */
final class FlatDecoder implements Decoding.WindowedMiniBlock, Decoding.BlockDecompressor,
    Decoding.DirectMiniBlock {
  private final int bits;

  FlatDecoder(long bits) {
    if (bits <= 0 || bits > 1 << 20 || (bits != 1 && bits % 8 != 0)) {
      throw new Decoding.Unsupported("Flat with " + bits + " bits per value");
    }
    this.bits = (int) bits;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    if (!(buffers.length == 1)) {
      throw new Decoding.Corrupt("Flat chunk has " + buffers.length + " buffers, not 1");
    }
    return decompress(buffers[0], numValues);
  }

  @Override
  public boolean direct() {
    return bits % 8 == 0;
  }

  @Override
  public void decompressInto(ByteBuffer[] buffers, int numValues, BlockBuilder out) {
    if (!(buffers.length == 1)) {
      throw new Decoding.Corrupt("Flat chunk has " + buffers.length + " buffers, not 1");
    }
    long need = (long) numValues * (bits / 8);
    if (!(buffers[0].remaining() >= need)) {
      throw new Decoding.Corrupt("Flat buffer has " + buffers[0].remaining()
        + " bytes, " + numValues + " values of " + bits + " bits need " + need);
    }
    int at = out.beginFixed(bits, numValues);
    buffers[0].get(0, out.varData(), at, (int) need);
    out.endFixed(numValues);
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues, int from, int to) {
    if (bits % 8 != 0 || buffers.length != 1) {
      return null;
    }
    int w = bits / 8;
    if (!(0 <= from && from <= to && to <= numValues
        && buffers[0].remaining() >= (long) numValues * w)) {
      throw new Decoding.Corrupt("Flat buffer has " + buffers[0].remaining()
        + " bytes for " + numValues + " values of " + bits + " bits");
    }
    byte[] data = new byte[(to - from) * w];
    buffers[0].get(from * w, data);
    return new Block.Fixed(data, bits, to - from);
  }

  @Override
  public Block decompress(ByteBuffer buffer, int numValues) {
    long need = ((long) numValues * bits + 7) / 8;
    if (!(buffer.remaining() >= need)) {
      throw new Decoding.Corrupt("Flat buffer has " + buffer.remaining()
        + " bytes, " + numValues + " values of " + bits + " bits need " + need);
    }
    byte[] data = new byte[(int) need];
    buffer.duplicate().get(data);
    return new Block.Fixed(data, bits, numValues);
  }
}
