package org.lance4j.internal.file.v20;

import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.proto.EncodingProtos;

/**
 * utf8 / large_utf8 / binary / large_binary: {@code Binary{indices, bytes, null_adjustment}}
 * (not wrapped in Nullable). Indices are u64 end offsets relative to the page; a null row stores
 * its end offset plus {@code null_adjustment} (= page bytes + 1). Buffers: [indices, bytes].
 */
final class BinaryEncoder extends ColumnEncoder {
  private final int column;
  private final EncoderBits validity = new EncoderBits();
  private final EncoderBytes bytes = new EncoderBytes(1024);
  private long[] ends = new long[256];
  private int rows;

  BinaryEncoder(EncoderContext ctx, LanceField field, boolean managed) {
    super(ctx, field, managed);
    this.column = ctx.newColumn();
  }

  /** Reads the Arrow offset at {@code index} (32- or 64-bit offsets). */
  static long offset(FieldVector v, long index) {
    if (v instanceof BaseLargeVariableWidthVector) {
      return v.getOffsetBuffer().getLong(index * 8);
    }
    return v.getOffsetBuffer().getInt(index * 4);
  }

  @Override
  long bufferedBytes() {
    return bytes.size() + 8L * rows + validity.byteLength();
  }

  @Override
  long bufferedRows() {
    return rows;
  }

  @Override
  int rowsFitting(FieldVector v, int start, int count, long budget) {
    long base = offset(v, start);
    int lo = 1;
    int hi = count;
    // largest k with (bytes of rows start..start+k) + 8k <= budget
    while (lo < hi) {
      int mid = (int) (((long) lo + hi + 1) >>> 1);
      if (offset(v, (long) start + mid) - base + 8L * mid <= budget) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  void appendRange(FieldVector v, int start, int count) {
    if (!(v instanceof BaseVariableWidthVector) && !(v instanceof BaseLargeVariableWidthVector)) {
      throw new InvalidInputException("field '" + field.name() + "': expected a variable-width"
          + " binary vector, got " + v.getClass().getSimpleName());
    }
    if (rows + count > ends.length) {
      ends = Arrays.copyOf(ends, Math.max(rows + count, ends.length * 2));
    }
    long base = offset(v, start);
    long pageBase = bytes.size();
    if (v instanceof BaseLargeVariableWidthVector) {
      LongBuffer offs = v.getOffsetBuffer().nioBuffer(start * 8L, (count + 1) * 8)
          .order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      for (int i = 0; i < count; i++) {
        ends[rows + i] = pageBase + offs.get(i + 1) - base;
      }
    } else {
      IntBuffer offs = v.getOffsetBuffer().nioBuffer(start * 4L, (count + 1) * 4)
          .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
      for (int i = 0; i < count; i++) {
        ends[rows + i] = pageBase + offs.get(i + 1) - base;
      }
    }
    long len = offset(v, (long) start + count) - base;
    if (len > Integer.MAX_VALUE) {
      throw new InvalidInputException("field '" + field.name() + "': more than 2 GiB of values"
          + " in one batch slice");
    }
    bytes.append(v.getDataBuffer(), base, (int) len);
    FixedWidthEncoder.appendValidity(validity, v, start, count);
    rows += count;
  }

  @Override
  void flushPage() {
    EncodingProtos.Binary.Builder bin = EncodingProtos.Binary.newBuilder()
        .setIndices(EncoderContext.noNulls(EncoderContext.flat(64, 0)))
        .setBytes(EncoderContext.flat(8, 1));
    byte[] indices = new byte[0];
    if (rows > 0) {
      long adjustment = bytes.size() + 1L;
      bin.setNullAdjustment(adjustment);
      indices = Offsets.encodeEnds(ends, rows, validity, adjustment);
    }
    EncodingProtos.ArrayEncoding enc =
        EncodingProtos.ArrayEncoding.newBuilder().setBinary(bin).build();
    ctx.writePage(column, rows, enc, new byte[][] {indices, bytes.array()},
        new int[] {indices.length, bytes.size()});
    rows = 0;
    bytes.clear();
    validity.clear();
    if (ends.length > 1 << 20) {
      ends = new long[256];
    }
  }
}
