package org.lance4j.internal.file.v20;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lance4j.proto.EncodingProtos.ArrayEncoding;

/**
 * The u64 end offsets of Binary and List pages: Lance marks a null row by adding the page's null
 * adjustment to its end offset, and wraps the offsets array in a Nullable(NoNulls).
 */
final class Offsets {
  private Offsets() {}

  /** True when an end offset marks a null row ({@code adj} 0: the page has no nulls). */
  static boolean isNull(long end, long adj) {
    return adj > 0 && end >= adj;
  }

  /** An end offset with the null adjustment removed. */
  static long strip(long end, long adj) {
    return isNull(end, adj) ? end - adj : end;
  }

  /** The values of a Nullable(NoNulls) wrapper; any other encoding unchanged. */
  static ArrayEncoding unwrapNoNulls(ArrayEncoding e) {
    return e.hasNullable() && e.getNullable().hasNoNulls()
        ? e.getNullable().getNoNulls().getValues() : e;
  }

  /**
   * The first {@code rows} end offsets as little-endian u64, those of null rows (validity bit
   * clear, when any row is null) raised by {@code adjustment}.
   */
  static byte[] encodeEnds(long[] ends, int rows, EncoderBits validity, long adjustment) {
    byte[] out = new byte[rows * 8];
    boolean anyNull = validity.countOnes() < rows;
    ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows; i++) {
      bb.putLong(anyNull && !validity.get(i) ? ends[i] + adjustment : ends[i]);
    }
    return out;
  }
}
