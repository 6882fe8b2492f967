package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/** Flat: fixed-width values as they are (booleans as bits), chunks of Lance's byte budget. */
final class FlatChunks implements ChunkEncoding {
  private final byte[] v;
  private final int bits;
  private final int per;

  /** {@code v}: little-endian values of {@code bits} each (bits 1: an LSB-first bitmap). */
  FlatChunks(byte[] v, int bits) {
    this.v = v;
    this.bits = bits;
    this.per = MiniBlockWriter.fixedChunkValues(bits);
  }

  @Override
  public CompressiveEncoding encoding() {
    return EncodedPage.flat(bits);
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return Math.min(per, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    if (bits == 1) {
      int at = out.skip((count + 7) / 8);
      byte[] dst = out.array();
      for (int i = 0; i < count; i++) { // start is a multiple of 8 (chunks are 2^k >= 8)
        int s = start + i;
        if ((v[s >> 3] >> (s & 7) & 1) != 0) {
          dst[at + (i >> 3)] |= (byte) (1 << (i & 7));
        }
      }
    } else {
      out.put(v, start * (bits / 8), count * (bits / 8));
    }
  }
}
