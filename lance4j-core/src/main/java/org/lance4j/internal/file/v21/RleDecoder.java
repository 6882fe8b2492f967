package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * Rle: run values (fixed width) and run lengths (u8 in what Lance writes). In a mini-block chunk
 * they are two buffers; as a block (2.2 rep/def levels) one buffer: u64 byte length of the values,
 * the values, then the lengths.
 */
final class RleDecoder implements Decoding.MiniBlockDecompressor, Decoding.BlockDecompressor {
  private final int valueBits;
  private final int lengthBits;

  RleDecoder(long valueBits, long lengthBits) {
    if (valueBits != 8 && valueBits != 16 && valueBits != 32 && valueBits != 64
        && valueBits != 128) {
      throw new Decoding.Unsupported("Rle of " + valueBits + "-bit values");
    }
    if (lengthBits != 8 && lengthBits != 16 && lengthBits != 32) {
      throw new Decoding.Unsupported("Rle with " + lengthBits + "-bit run lengths");
    }
    this.valueBits = (int) valueBits;
    this.lengthBits = (int) lengthBits;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    if (!(buffers.length == 2)) {
      throw new Decoding.Corrupt("Rle chunk has " + buffers.length + " buffers, not 2");
    }
    return expand(buffers[0], buffers[1], numValues);
  }

  @Override
  public Block decompress(ByteBuffer b, int numValues) {
    if (numValues == 0) {
      return new Block.Fixed(new byte[0], valueBits, 0);
    }
    long vlen = valuesLength(b);
    ByteBuffer values = Decoding.slice(b, 8, (int) vlen);
    ByteBuffer lengths = Decoding.slice(b, 8 + (int) vlen, b.remaining() - 8 - (int) vlen);
    return expand(values, lengths, numValues);
  }

  /** The byte length of the values of a one-buffer block (u64 first), checked to fit it. */
  private static long valuesLength(ByteBuffer b) {
    if (!(b.remaining() >= 8)) {
      throw new Decoding.Corrupt("Rle block of " + b.remaining() + " bytes");
    }
    long vlen = b.getLong(0);
    if (!(vlen >= 0 && vlen <= b.remaining() - 8)) {
      throw new Decoding.Corrupt("Rle block: values of " + vlen
        + " bytes in " + b.remaining());
    }
    return vlen;
  }

  /** Whether {@link #window} can read these levels (values of at most 32 bits). */
  boolean windowable() {
    return valueBits <= 32;
  }

  /**
   * Values {@code [from, to)} of a block of {@code numValues} levels (the one-buffer form of
   * {@link #decompress(ByteBuffer, int)}) as ints, without expanding the other runs; the runs
   * are checked to add up to {@code numValues} as a whole decode does. Needs {@link #windowable}.
   */
  int[] window(ByteBuffer b, int numValues, int from, int to) {
    int[] out = new int[to - from];
    if (numValues == 0) {
      return out;
    }
    long vlen = valuesLength(b);
    int vb = valueBits / 8;
    int lb = lengthBits / 8;
    int vAt = 8;
    int lAt = 8 + (int) vlen;
    int runs = (b.remaining() - lAt) / lb;
    if (!(vlen >= (long) runs * vb)) {
      throw new Decoding.Corrupt("Rle: " + runs + " runs but " + vlen + " bytes of values");
    }
    long at = 0;
    for (int r = 0; r < runs; r++) {
      long len = runLength(b, lAt, r, lb);
      long end = at + len;
      if (!(end <= numValues)) {
        throw new Decoding.Corrupt("Rle runs add up to more than " + numValues + " values");
      }
      if (end > from && at < to) {
        int v = switch (vb) {
          case 1 -> b.get(vAt + r) & 0xFF;
          case 2 -> b.getShort(vAt + 2 * r) & 0xFFFF;
          default -> b.getInt(vAt + 4 * r);
        };
        java.util.Arrays.fill(out, (int) Math.max(at, from) - from,
            (int) Math.min(end, to) - from, v);
      }
      at = end;
    }
    if (!(at == numValues)) {
      throw new Decoding.Corrupt("Rle runs add up to " + at + " values, not " + numValues);
    }
    return out;
  }

  /**
   * All {@code numValues} levels of a one-buffer block (the form of {@link
   * #decompress(ByteBuffer, int)}) written as ints into {@code out} from {@code at} on: no byte
   * array between, no copy. The runs are checked as {@link #decompress} does. Needs
   * {@link #windowable}.
   */
  void ints(ByteBuffer b, int numValues, int[] out, int at) {
    if (!(at >= 0 && numValues >= 0 && out.length - at >= numValues)) {
      throw new Decoding.Corrupt("Rle levels: " + numValues + " values at " + at + " of "
          + out.length);
    }
    if (numValues == 0) {
      return;
    }
    long vlen = valuesLength(b);
    int lAt = 8 + (int) vlen;
    int runs = (b.remaining() - lAt) / (lengthBits / 8);
    if (!(vlen >= (long) runs * (valueBits / 8))) {
      throw new Decoding.Corrupt("Rle: " + runs + " runs but " + vlen + " bytes of values");
    }
    int done = lengthBits == 8 && valueBits <= 16
        ? fillShortRuns(b, lAt, runs, numValues, out, at, valueBits == 16)
        : fillAny(b, lAt, runs, numValues, out, at);
    if (!(done == numValues)) {
      throw new Decoding.Corrupt("Rle runs add up to " + done + " values, not " + numValues);
    }
  }

  /**
   * The common case (u8 or u16 levels, u8 run lengths); returns the number of values the runs
   * hold. A run is written 8 ints at a time (mostly one step: run lengths vary too much for a
   * branch per value to predict well), exactly near the end so nothing past the levels is
   * written.
   */
  private static int fillShortRuns(ByteBuffer b, int lAt, int runs, int numValues, int[] out,
      int at, boolean wide) {
    int pos = at;
    int end = at + numValues;
    int safe = end - 8;
    for (int r = 0; r < runs; r++) {
      int len = b.get(lAt + r) & 0xFF;
      if (len > end - pos) {
        throw new Decoding.Corrupt("Rle runs add up to more than " + numValues + " values");
      }
      int v = wide ? b.getShort(8 + 2 * r) & 0xFFFF : b.get(8 + r) & 0xFF;
      int e = pos + len;
      if (e <= safe) {
        int j = pos;
        do {
          out[j] = v;
          out[j + 1] = v;
          out[j + 2] = v;
          out[j + 3] = v;
          out[j + 4] = v;
          out[j + 5] = v;
          out[j + 6] = v;
          out[j + 7] = v;
          j += 8;
        } while (j < e);
      } else {
        for (int j = pos; j < e; j++) {
          out[j] = v;
        }
      }
      pos = e;
    }
    return pos - at;
  }

  private int fillAny(ByteBuffer b, int lAt, int runs, int numValues, int[] out, int at) {
    int vb = valueBits / 8;
    int lb = lengthBits / 8;
    long done = 0;
    for (int r = 0; r < runs; r++) {
      long len = runLength(b, lAt, r, lb);
      if (len > numValues - done) {
        throw new Decoding.Corrupt("Rle runs add up to more than " + numValues + " values");
      }
      int v = switch (vb) {
        case 1 -> b.get(8 + r) & 0xFF;
        case 2 -> b.getShort(8 + 2 * r) & 0xFFFF;
        default -> b.getInt(8 + 4 * r);
      };
      java.util.Arrays.fill(out, at + (int) done, at + (int) (done + len), v);
      done += len;
    }
    return (int) done;
  }

  private Block expand(ByteBuffer values, ByteBuffer lengths, int numValues) {
    int vb = valueBits / 8;
    int lb = lengthBits / 8;
    int runs = lengths.remaining() / lb;
    if (!(values.remaining() >= (long) runs * vb)) {
      throw new Decoding.Corrupt("Rle: " + runs + " runs but "
        + values.remaining() + " bytes of values");
    }
    byte[] out = new byte[numValues * vb];
    int at = 0;
    for (int r = 0; r < runs; r++) {
      long len = switch (lb) {
        case 1 -> lengths.get(r) & 0xFFL;
        case 2 -> lengths.getShort(2 * r) & 0xFFFFL;
        default -> lengths.getInt(4 * r) & 0xFFFFFFFFL;
      };
      if (!(at + len <= numValues)) {
        throw new Decoding.Corrupt("Rle runs add up to more than " + numValues
          + " values");
      }
      int n = (int) len;
      if (vb == 1) {
        java.util.Arrays.fill(out, at, at + n, values.get(r));
      } else {
        for (int k = 0; k < vb; k++) {
          out[at * vb + k] = values.get(r * vb + k);
        }
        // double the filled region until the run is complete
        int filled = vb;
        int total = n * vb;
        int base = at * vb;
        while (filled < total) {
          int c = Math.min(filled, total - filled);
          System.arraycopy(out, base, out, base + filled, c);
          filled += c;
        }
      }
      at += n;
    }
    if (!(at == numValues)) {
      throw new Decoding.Corrupt("Rle runs add up to " + at + " values, not " + numValues);
    }
    return new Block.Fixed(out, valueBits, numValues);
  }

  /** Length of run {@code r}: the {@code lb}-byte (1, 2 or 4) unsigned word at {@code lAt}. */
  private static long runLength(ByteBuffer b, int lAt, int r, int lb) {
    return switch (lb) {
      case 1 -> b.get(lAt + r) & 0xFFL;
      case 2 -> b.getShort(lAt + 2 * r) & 0xFFFFL;
      default -> b.getInt(lAt + 4 * r) & 0xFFFFFFFFL;
    };
  }
}
