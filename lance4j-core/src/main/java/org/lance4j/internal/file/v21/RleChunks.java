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
    long runs = 1;
    for (int i = 1; i < n; i++) {
      if (!same(v, i, i - 1, bits)) {
        runs++;
      }
    }
    return runs;
  }

  /** Whether all {@code n} values (n > 0) are equal. */
  static boolean allSame(byte[] v, int n, int bits) {
    if (n == 0) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      if (!same(v, i, 0, bits)) {
        return false;
      }
    }
    return true;
  }

  /** Whether values i and j (of {@code bits} each) are equal. */
  static boolean same(byte[] v, int i, int j, int bits) {
    return switch (bits) {
      case 64 -> (long) BitpackWriter.LONGS.get(v, i * 8)
          == (long) BitpackWriter.LONGS.get(v, j * 8);
      case 32 -> (int) BitpackWriter.INTS.get(v, i * 4) == (int) BitpackWriter.INTS.get(v, j * 4);
      case 16 -> v[2 * i] == v[2 * j] && v[2 * i + 1] == v[2 * j + 1];
      case 8 -> v[i] == v[j];
      default -> java.util.Arrays.equals(v, i * (bits / 8), (i + 1) * (bits / 8), v,
          j * (bits / 8), (j + 1) * (bits / 8));
    };
  }

  /** Bytes of the run values and lengths (runs over 255 values split, per 2048-value chunk). */
  static long encodedBytes(byte[] v, int n, int bits) {
    int w = bits / 8;
    long runs = 0;
    for (int s = 0; s < n; s += CHUNK) {
      int end = Math.min(n, s + CHUNK);
      int i = s;
      while (i < end) {
        int j = i + 1;
        while (j < end && j - i < 255 && same(v, j, i, bits)) {
          j++;
        }
        runs++;
        i = j;
      }
    }
    return runs * (w + 1);
  }

  static boolean applies(byte[] v, int n, int bits, double threshold) {
    if (!(bits == 8 || bits == 16 || bits == 32 || bits == 64) || n == 0) {
      return false;
    }
    double limit = n * threshold;
    long runs = 1;
    for (int i = 1; i < n; i++) {
      if (!same(v, i, i - 1, bits) && ++runs >= limit) {
        return false;
      }
    }
    return runs < limit;
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
      while (j < end && j - i < 255 && same(v, j, i, w * 8)) {
        j++;
      }
      out[0].put(v, i * w, w);
      out[1].u8(j - i);
      i = j;
    }
  }
}
