package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * PackedStruct (mini-block): each row's fixed-width children back to back
 * ({@code bits_per_value} per child, whole bytes) in one fixed-width block; split into one block
 * per child.
 */
final class PackedStructDecoder implements Decoding.MiniBlockDecompressor {
  private final int[] childBits;
  private final int rowBits;
  private final Decoding.MiniBlockDecompressor inner;

  PackedStructDecoder(java.util.List<Long> bits, Decoding.MiniBlockDecompressor inner) {
    childBits = new int[bits.size()];
    int total = 0;
    for (int k = 0; k < childBits.length; k++) {
      long b = bits.get(k);
      if (b <= 0 || b % 8 != 0 || b > 1 << 16) {
        throw new Decoding.Unsupported("PackedStruct with a " + b + "-bit child");
      }
      childBits[k] = (int) b;
      total += (int) b;
    }
    this.rowBits = total;
    this.inner = inner;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    Block b = inner.decompress(buffers, numValues);
    if (!(b instanceof Block.Fixed f) || f.bits() != rowBits) {
      throw new Decoding.Corrupt("PackedStruct rows are not " + rowBits + "-bit values");
    }
    return split(f.data(), 0, rowBits / 8, childBits, numValues);
  }

  /** Splits {@code n} rows of {@code rowBytes} each (starting at {@code at}) into children. */
  static Block.Struct split(byte[] rows, int at, int rowBytes, int[] childBits, int n) {
    Block[] kids = new Block[childBits.length];
    int off = 0;
    for (int k = 0; k < kids.length; k++) {
      int w = childBits[k] / 8;
      byte[] out = new byte[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(rows, at + i * rowBytes + off, out, i * w, w);
      }
      kids[k] = new Block.Fixed(out, childBits[k], n);
      off += w;
    }
    return new Block.Struct(kids, n);
  }
}
