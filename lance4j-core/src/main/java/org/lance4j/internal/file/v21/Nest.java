package org.lance4j.internal.file.v21;

/**
 * What the rows of one leaf column say about every layer on its path, leaf first: for layer
 * {@code p}, {@code count[p]} slots with validity {@code validity[p]} (null = all valid) and, for
 * a list layer, {@code count[p] + 1} offsets into the slots of layer {@code p - 1}; the leaf
 * values, one per leaf slot, from value {@code valuesFrom} of {@code values} (a window on a
 * decoded page piece of fixed-width or variable-width values; 0 otherwise).
 */
record Nest(int[] count, byte[][] validity, long[][] offsets, Block values, int valuesFrom) {
  /** The leaf values from value 0. */
  Nest(int[] count, byte[][] validity, long[][] offsets, Block values) {
    this(count, validity, offsets, values, 0);
  }
}
