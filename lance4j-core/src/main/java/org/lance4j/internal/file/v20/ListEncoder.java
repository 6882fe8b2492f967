package org.lance4j.internal.file.v20;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.proto.EncodingProtos;

/**
 * list / large_list: an offsets column with pages {@code List{offsets, null_offset_adjustment,
 * num_items}} (u64 end offsets relative to the page's first item; a null list stores its end plus
 * the adjustment = items + 1), followed by the item columns, whose pages are flushed together
 * with each offsets page.
 */
final class ListEncoder extends ColumnEncoder {
  private final int column;
  private final ColumnEncoder items;
  private final EncoderBits validity = new EncoderBits();
  private long[] ends = new long[256];
  private int rows;
  private long itemCount;

  ListEncoder(EncoderContext ctx, LanceField field, boolean managed) {
    super(ctx, field, managed);
    this.column = ctx.newColumn();
    this.items = ColumnEncoder.create(ctx, field.children().get(0), true);
  }

  private static long offset(FieldVector v, long index) {
    if (v instanceof LargeListVector) {
      return v.getOffsetBuffer().getLong(index * 8);
    }
    return v.getOffsetBuffer().getInt(index * 4);
  }

  private static FieldVector dataVector(FieldVector v) {
    return v instanceof LargeListVector ? ((LargeListVector) v).getDataVector()
        : ((ListVector) v).getDataVector();
  }

  @Override
  long bufferedBytes() {
    return 8L * rows + validity.byteLength() + items.bufferedBytes();
  }

  @Override
  long bufferedRows() {
    return rows;
  }

  @Override
  void appendRange(FieldVector v, int start, int count) {
    if (!(v instanceof ListVector) && !(v instanceof LargeListVector)) {
      throw new InvalidInputException("field '" + field.name() + "': expected a list vector, got "
          + v.getClass().getSimpleName());
    }
    if (rows + count > ends.length) {
      ends = Arrays.copyOf(ends, Math.max(rows + count, ends.length * 2));
    }
    long base = offset(v, start);
    for (int i = 0; i < count; i++) {
      ends[rows + i] = itemCount + offset(v, (long) start + i + 1) - base;
    }
    long n = offset(v, (long) start + count) - base;
    if (n > Integer.MAX_VALUE || base > Integer.MAX_VALUE) {
      throw new InvalidInputException("field '" + field.name() + "': too many list items");
    }
    FixedWidthEncoder.appendValidity(validity, v, start, count);
    if (n > 0) {
      items.appendRange(dataVector(v), (int) base, (int) n);
    }
    itemCount += n;
    rows += count;
  }

  @Override
  void flushPage() {
    long adjustment = itemCount + 1;
    byte[] offsets = Offsets.encodeEnds(ends, rows, validity, adjustment);
    EncodingProtos.ArrayEncoding enc = EncodingProtos.ArrayEncoding.newBuilder()
        .setList(EncodingProtos.List.newBuilder()
            .setOffsets(EncoderContext.noNulls(EncoderContext.flat(64, 0)))
            .setNullOffsetAdjustment(adjustment)
            .setNumItems(itemCount))
        .build();
    ctx.writePage(column, rows, enc, new byte[][] {offsets}, new int[] {offsets.length});
    items.flushPage();
    rows = 0;
    itemCount = 0;
    validity.clear();
    if (ends.length > 1 << 20) {
      ends = new long[256];
    }
  }

  @Override
  void finish() {
    super.finish();
    items.finish();
  }
}
