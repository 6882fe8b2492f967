package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/**
 * Variable: per chunk the offsets (u32, u64 for large types; relative to the chunk's buffer, so
 * the first is the offsets' own size) then the bytes, padded to the offset width.
 */
final class VariableChunks implements ChunkEncoding {
  private final byte[] data;
  private final long[] offsets;
  private final int ob;

  /** Item i is {@code data[offsets[i], offsets[i + 1])}. */
  VariableChunks(byte[] data, long[] offsets, boolean large) {
    this.data = data;
    this.offsets = offsets;
    this.ob = large ? 8 : 4;
  }

  @Override
  public CompressiveEncoding encoding() {
    return EncodedPage.variable(ob * 8);
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return MiniBlockWriter.varChunkCount(offsets, start, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    long base = (long) (count + 1) * ob - offsets[start];
    int at = out.extend((count + 1) * ob);
    byte[] dst = out.array();
    if (ob == 8) {
      for (int i = 0; i <= count; i++, at += 8) {
        BitpackWriter.LONGS.set(dst, at, offsets[start + i] + base);
      }
    } else {
      for (int i = 0; i <= count; i++, at += 4) {
        BitpackWriter.INTS.set(dst, at, (int) (offsets[start + i] + base));
      }
    }
    out.put(data, (int) offsets[start], (int) (offsets[start + count] - offsets[start]));
    // Lance reads the whole buffer as offset words: pad it to the offset width
    int rem = out.size() % ob;
    if (rem != 0) {
      out.zeros(ob - rem);
    }
  }
}
