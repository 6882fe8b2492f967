package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * Variable: offsets plus value bytes. In a mini-block chunk one buffer holds {@code n + 1}
 * offsets (measured from the buffer start) followed by the bytes. As a block (dictionaries,
 * constants): bits per offset, start of the bytes (both u32 with 32-bit offsets, both u64 with
 * 64-bit ones), the offsets (relative to that start), the bytes.
 */
final class VariableDecoder implements Decoding.WindowedMiniBlock,
    Decoding.BlockDecompressor {
  private final int offsetBits;

  VariableDecoder(long offsetBits) {
    if (offsetBits != 32 && offsetBits != 64) {
      throw new Decoding.Unsupported("Variable with " + offsetBits + "-bit offsets");
    }
    this.offsetBits = (int) offsetBits;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    if (!(buffers.length == 1)) {
      throw new Decoding.Corrupt("Variable chunk has " + buffers.length
        + " buffers, not 1");
    }
    ByteBuffer b = buffers[0];
    long[] off = offsets(b, 0, numValues, offsetBits);
    return build(b, off, 0, numValues);
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues, int from, int to) {
    if (!(buffers.length == 1)) {
      throw new Decoding.Corrupt("Variable chunk has " + buffers.length
        + " buffers, not 1");
    }
    if (!(0 <= from && from <= to && to <= numValues)) {
      throw new Decoding.Corrupt("Variable: values [" + from + ", " + to + ") of "
          + numValues);
    }
    ByteBuffer b = buffers[0];
    int w = offsetBits / 8;
    // offsets from..to (absolute positions in the buffer), and only their bytes
    offsets(b, 0, numValues, offsetBits, true);
    long[] off = offsets(b, from * w, to - from, offsetBits);
    return build(b, off, 0, to - from);
  }

  /** Checks that a chunk buffer holds {@code n + 1} offsets (without reading them). */
  private static void offsets(ByteBuffer b, int at, int n, int bits, boolean checkOnly) {
    long need = at + (long) (n + 1) * (bits / 8);
    if (!(b.remaining() >= need)) {
      throw new Decoding.Corrupt("Variable: " + (n + 1) + " offsets need " + need
        + " bytes, buffer has " + b.remaining());
    }
  }

  @Override
  public Block decompress(ByteBuffer b, int numValues) {
    if (!(b.remaining() >= 8)) {
      throw new Decoding.Corrupt("Variable block of " + b.remaining() + " bytes");
    }
    int bits = b.getInt(0);
    if (!(bits == 32 || bits == 64)) {
      throw new Decoding.Corrupt("Variable block with " + bits + "-bit offsets");
    }
    // the two header words are as wide as the offsets: u32 + u32, or u64 + u64 (large types)
    if (bits == 64 && !(b.remaining() >= 16)) {
      throw new Decoding.Corrupt("Variable block of " + b.remaining() + " bytes");
    }
    long start = bits == 32 ? Integer.toUnsignedLong(b.getInt(4)) : b.getLong(8);
    if (!(start >= 0 && start <= b.remaining())) {
      throw new Decoding.Corrupt("Variable block: bytes start at " + Long.toUnsignedString(start)
          + " in a buffer of " + b.remaining());
    }
    long[] off = offsets(b, bits / 4, numValues, bits);
    return build(b, off, start, numValues);
  }

  static long[] offsets(ByteBuffer b, int at, int n, int bits) {
    long need = at + (long) (n + 1) * (bits / 8);
    if (!(b.remaining() >= need)) {
      throw new Decoding.Corrupt("Variable: " + (n + 1) + " offsets need " + need
        + " bytes, buffer has " + b.remaining());
    }
    long[] off = new long[n + 1];
    if (bits == 32) {
      for (int i = 0; i <= n; i++) {
        off[i] = Integer.toUnsignedLong(b.getInt(at + 4 * i));
      }
    } else {
      for (int i = 0; i <= n; i++) {
        off[i] = b.getLong(at + 8 * i);
      }
    }
    return off;
  }

  /** Copies the bytes of values {@code [0, n)} with offsets {@code off} measured from {@code base}. */
  static Block.Var build(ByteBuffer b, long[] off, long base, int n) {
    long first = off[0];
    long last = off[n];
    if (!(first <= last && base + last <= b.remaining())) {
      throw new Decoding.Corrupt("Variable: bytes ["
        + (base + first) + ", " + (base + last) + ") outside a buffer of " + b.remaining());
    }
    if (!(last - first <= Integer.MAX_VALUE - 16)) {
      throw new Decoding.Corrupt("Variable: too many bytes");
    }
    int[] o = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      long v = off[i] - first;
      if (!(v >= 0 && v <= last - first && (i == 0 || off[i] >= off[i - 1]))) {
        throw new Decoding.Corrupt("Variable: offsets are not ascending at value " + i);
      }
      o[i] = (int) v;
    }
    byte[] data = new byte[(int) (last - first)];
    b.duplicate().position((int) (base + first)).get(data);
    return new Block.Var(o, data, n);
  }
}
