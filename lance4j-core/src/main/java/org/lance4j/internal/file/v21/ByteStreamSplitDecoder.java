package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos;

/**
 * ByteStreamSplit: the inner block holds byte 0 of every value, then byte 1 of every value, and
 * so on; this puts the bytes of each value back together.
 */
final class ByteStreamSplitDecoder implements Decoding.MiniBlockDecompressor {
  private final Decoding.MiniBlockDecompressor inner;

  private ByteStreamSplitDecoder(Decoding.MiniBlockDecompressor inner) {
    this.inner = inner;
  }

  static ByteStreamSplitDecoder of(Encodings21Protos.ByteStreamSplit m,
      Decoding.MiniBlockDecompressor inner) {
    return new ByteStreamSplitDecoder(inner);
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    Block b = inner.decompress(buffers, numValues);
    if (!(b instanceof Block.Fixed f) || f.bits() % 8 != 0) {
      throw new Decoding.Corrupt("ByteStreamSplit over non-byte-aligned values");
    }
    int w = f.bits() / 8;
    byte[] in = f.data();
    byte[] out = new byte[in.length];
    for (int k = 0; k < w; k++) {
      int base = k * numValues;
      for (int i = 0; i < numValues; i++) {
        out[i * w + k] = in[base + i];
      }
    }
    return new Block.Fixed(out, f.bits(), numValues);
  }
}
