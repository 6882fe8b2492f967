package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/** InlineBitpacking: chunks of 1024 values, each packed to its own width (see BitpackWriter). */
final class BitpackChunks implements ChunkEncoding {
  private final byte[] v;
  private final int bits;

  BitpackChunks(byte[] v, int bits) {
    this.v = v;
    this.bits = bits;
  }

  /** Whether bit-packing the {@code n} values is smaller than Flat (Lance packs on any gain). */
  static boolean gains(byte[] v, int n, int bits) {
    return (bits == 8 || bits == 16 || bits == 32 || bits == 64)
        && BitpackWriter.packedBytes(v, n, bits) < (long) n * (bits / 8);
  }

  @Override
  public CompressiveEncoding encoding() {
    return EncodedPage.inlineBitpacking(bits);
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return Math.min(FastLanes.BLOCK, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    BitpackWriter.writeChunk(v, start, count, bits, out);
  }
}
