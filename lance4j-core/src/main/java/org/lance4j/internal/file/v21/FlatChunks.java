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
    if (bits == 1 && (start & 7) == 0) {
      // chunks start at multiples of 8 (they are 2^k >= 8 values): whole bytes, the bits past
      // the chunk's last value cleared
      int bytes = (count + 7) / 8;
      out.put(v, start >> 3, bytes);
      if ((count & 7) != 0) {
        byte[] dst = out.array();
        dst[out.size() - 1] &= (byte) ((1 << (count & 7)) - 1);
      }
    } else if (bits == 1) {
      int at = out.skip((count + 7) / 8);
      byte[] dst = out.array();
      for (int i = 0; i < count; i++) {
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
