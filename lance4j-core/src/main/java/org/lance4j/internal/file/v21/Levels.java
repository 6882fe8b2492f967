package org.lance4j.internal.file.v21;

/**
 * The repetition and definition levels of a page whose leaf sits under a list: one level per
 * leaf item, null list or empty list ({@code numLevels} of them), and for each of the page's
 * {@code n} values (the visible items: valid leaves and nulls below the innermost list) the
 * level it belongs to. {@code def} is null when every level is 0.
 */
record Levels(int numLevels, int[] rep, int[] def, int numLists, int[] valueLevel) {

  /** Whether level {@code i} starts a new row. */
  boolean rowStart(int i) {
    return rep[i] == numLists;
  }

  int rows() {
    int r = 0;
    for (int i = 0; i < numLevels; i++) {
      if (rep[i] == numLists) {
        r++;
      }
    }
    return r;
  }

  static int bits(int max) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(max));
  }
}
