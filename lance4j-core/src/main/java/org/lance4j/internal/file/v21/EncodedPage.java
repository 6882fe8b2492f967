package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.Flat;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.Encodings21Protos.Rle;
import org.lance4j.proto.Encodings21Protos.Variable;

/**
 * One encoded page: its layout message and its buffers in page-buffer order; buffer {@code i} is
 * the first {@code sizes[i]} bytes of {@code buffers[i]} (an array may be a larger work buffer,
 * so that pages need no exact-size copy; the writer writes the page out before it encodes the
 * next one of the same file).
 */
record EncodedPage(PageLayout layout, byte[][] buffers, int[] sizes) {

  EncodedPage(PageLayout layout, byte[][] buffers) {
    this(layout, buffers, lengths(buffers));
  }

  private static int[] lengths(byte[][] buffers) {
    int[] s = new int[buffers.length];
    for (int i = 0; i < buffers.length; i++) {
      s[i] = buffers[i].length;
    }
    return s;
  }

  static CompressiveEncoding flat(long bits) {
    return CompressiveEncoding.newBuilder().setFlat(Flat.newBuilder().setBitsPerValue(bits))
        .build();
  }

  static CompressiveEncoding variable(int offsetBits) {
    return CompressiveEncoding.newBuilder().setVariable(Variable.newBuilder()
        .setOffsets(flat(offsetBits))).build();
  }

  static CompressiveEncoding inlineBitpacking(long bits) {
    return CompressiveEncoding.newBuilder().setInlineBitpacking(
        org.lance4j.proto.Encodings21Protos.InlineBitpacking.newBuilder()
            .setUncompressedBitsPerValue(bits)).build();
  }

  static CompressiveEncoding outOfLineBitpacking(long bits, long packedBits) {
    return CompressiveEncoding.newBuilder().setOutOfLineBitpacking(
        org.lance4j.proto.Encodings21Protos.OutOfLineBitpacking.newBuilder()
            .setUncompressedBitsPerValue(bits).setValues(flat(packedBits))).build();
  }

  /** 2.2's rep/def level compression: runs of u16 levels with u8 run lengths. */
  static CompressiveEncoding rleLevels() {
    return CompressiveEncoding.newBuilder().setRle(Rle.newBuilder()
        .setValues(flat(16)).setRunLengths(flat(8))).build();
  }
}
