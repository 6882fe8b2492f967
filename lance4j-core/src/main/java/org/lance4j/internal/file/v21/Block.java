package org.lance4j.internal.file.v21;

/**
 * Decoded data of a run of values: what a decompressor produces and a page reader consumes.
 * Fixed-width values are little-endian bytes ({@code bits} per value, 1 = an LSB-first bitmap);
 * variable-width values are {@code numValues + 1} offsets into {@code data}.
 */
sealed interface Block permits Block.Fixed, Block.Var, Block.Fsl, Block.Struct {

  int numValues();

  /** {@code numValues} values of {@code bits} bits each, packed LSB first in {@code data}. */
  record Fixed(byte[] data, int bits, int numValues) implements Block {
    int bytesPerValue() {
      return bits / 8;
    }
  }

  /**
   * Fixed-size lists of {@code dim} items each: {@code numValues * dim} items, and their
   * validity bitmap (null when every item is valid).
   */
  record Fsl(Fixed items, byte[] itemValidity, int dim, int numValues) implements Block {}

  /** Packed structs: one block per child, {@code numValues} values each. */
  record Struct(Block[] children, int numValues) implements Block {}

  /** Value {@code i} is {@code data[offsets[i], offsets[i + 1])}. */
  record Var(int[] offsets, byte[] data, int numValues) implements Block {}
}
