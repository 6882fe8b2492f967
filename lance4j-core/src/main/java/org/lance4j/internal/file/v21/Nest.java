package org.lance4j.internal.file.v21;

/**
 * What the rows of one leaf column say about every layer on its path, leaf first: for layer
 * {@code p}, {@code count[p]} slots with validity {@code validity[p]} (null = all valid) and, for
 * a list layer, {@code count[p] + 1} offsets into the slots of layer {@code p - 1}; the leaf
 * values, one per leaf slot.
 */
record Nest(int[] count, byte[][] validity, long[][] offsets, Block values) {}
