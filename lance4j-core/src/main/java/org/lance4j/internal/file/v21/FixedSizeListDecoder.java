package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;

/**
 * FixedSizeList in a mini-block chunk: with {@code has_validity} the first buffer is the item
 * validity bitmap ({@code n * dim} bits), then the buffers of the flattened items.
 */
final class FixedSizeListDecoder implements Decoding.MiniBlockDecompressor {
  private final int dim;
  private final boolean hasValidity;
  private final Decoding.MiniBlockDecompressor items;

  FixedSizeListDecoder(long dim, boolean hasValidity, Decoding.MiniBlockDecompressor items) {
    if (dim <= 0 || dim > 1 << 20) {
      throw new Decoding.Corrupt("FixedSizeList of " + dim + " items");
    }
    this.dim = (int) dim;
    this.hasValidity = hasValidity;
    this.items = items;
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    int n = numValues * dim;
    byte[] validity = null;
    ByteBuffer[] rest = buffers;
    if (hasValidity) {
      if (!(buffers.length >= 2)) {
        throw new Decoding.Corrupt("FixedSizeList chunk without item validity");
      }
      validity = new byte[(n + 7) / 8];
      if (!(buffers[0].remaining() >= validity.length)) {
        throw new Decoding.Corrupt("FixedSizeList validity of "
          + buffers[0].remaining() + " bytes for " + n + " items");
      }
      buffers[0].duplicate().get(validity);
      rest = java.util.Arrays.copyOfRange(buffers, 1, buffers.length);
    }
    Block b = items.decompress(rest, n);
    if (!(b instanceof Block.Fixed f)) {
      throw new Decoding.Unsupported("FixedSizeList of variable-width items");
    }
    return new Block.Fsl(f, validity, dim, numValues);
  }
}
