package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.ByteStreamSplit;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/**
 * ByteStreamSplit of 32/64-bit values: per chunk byte 0 of every value, then byte 1, and so on
 * (what general compression then squeezes). Lance uses it only under General compression, when
 * {@code lance-encoding:bss} is on, or on auto when the bytes at each position have low entropy.
 */
final class ByteStreamSplitChunks implements ChunkEncoding {
  private final byte[] v;
  private final int w;
  private final int per;

  ByteStreamSplitChunks(byte[] v, int bits) {
    this.v = v;
    this.w = bits / 8;
    this.per = MiniBlockWriter.fixedChunkValues(bits);
  }

  /** Lance's auto rule: mean Shannon entropy of the byte positions under 8 * sensitivity bits. */
  static boolean lowEntropy(byte[] v, int n, int bits, double sensitivity) {
    int w = bits / 8;
    if (n == 0) {
      return false;
    }
    int step = Math.max(1, n / 8192); // a sample is enough
    double sum = 0;
    int[] counts = new int[256];
    for (int k = 0; k < w; k++) {
      java.util.Arrays.fill(counts, 0);
      int m = 0;
      for (int i = 0; i < n; i += step) {
        counts[v[i * w + k] & 0xFF]++;
        m++;
      }
      double h = 0;
      for (int c : counts) {
        if (c > 0) {
          double p = (double) c / m;
          h -= p * Math.log(p) / Math.log(2);
        }
      }
      sum += h;
    }
    return sum / w < 8 * sensitivity;
  }

  @Override
  public CompressiveEncoding encoding() {
    return CompressiveEncoding.newBuilder().setByteStreamSplit(ByteStreamSplit.newBuilder()
        .setValues(EncodedPage.flat(w * 8L))).build();
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return Math.min(per, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    int at = out.skip(count * w);
    byte[] dst = out.array();
    for (int i = 0; i < count; i++) {
      int src = (start + i) * w;
      for (int k = 0; k < w; k++) {
        dst[at + k * count + i] = v[src + k];
      }
    }
  }
}
