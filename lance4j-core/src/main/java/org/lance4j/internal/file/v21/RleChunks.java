package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.Rle;

/**
 * Rle in mini-block chunks: two value buffers per chunk, the run values (the value width) and the
 * run lengths (u8; longer runs are split), chunks of at most 2048 values as Lance writes them.
 * Lance chooses it when a page has fewer runs than half its values.
 */
final class RleChunks implements ChunkEncoding {
  static final int CHUNK = 2048;
  /** Lance's default rle-threshold: runs below this fraction of the values. */
  static final double THRESHOLD = 0.5;
  private final byte[] v;
  private final int w;

  RleChunks(byte[] v, int bits) {
    this.v = v;
    this.w = bits / 8;
  }

  /** Runs of equal values among the first {@code n} {@code bits}-bit values. */
  static long runCount(byte[] v, int n, int bits) {
    if (n == 0) {
      return 0;
    }
    int w = bits / 8;
    long runs = 1;
    for (int i = 1; i < n; i++) {
      if (!java.util.Arrays.equals(v, i * w, i * w + w, v, (i - 1) * w, i * w)) {
        runs++;
      }
    }
    return runs;
  }

  static boolean applies(byte[] v, int n, int bits, double threshold) {
    return (bits == 8 || bits == 16 || bits == 32 || bits == 64)
        && runCount(v, n, bits) < n * threshold;
  }

  @Override
  public CompressiveEncoding encoding() {
    return CompressiveEncoding.newBuilder().setRle(Rle.newBuilder()
        .setValues(EncodedPage.flat(w * 8L)).setRunLengths(EncodedPage.flat(8))).build();
  }

  @Override
  public int buffers() {
    return 2;
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return Math.min(CHUNK, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    throw new UnsupportedOperationException("Rle chunks have two buffers");
  }

  @Override
  public void write(int start, int count, GrowBytes[] out) {
    int i = start;
    int end = start + count;
    while (i < end) {
      int j = i + 1;
      while (j < end && j - i < 255
          && java.util.Arrays.equals(v, j * w, j * w + w, v, i * w, i * w + w)) {
        j++;
      }
      out[0].put(v, i * w, w);
      out[1].u8(j - i);
      i = j;
    }
  }
}
