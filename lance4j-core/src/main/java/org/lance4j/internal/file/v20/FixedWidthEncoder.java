package org.lance4j.internal.file.v20;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.proto.EncodingProtos;

/**
 * Fixed-width values (ints, floats, temporal types, decimals, fixed-size binary, booleans as a
 * bitmap) and fixed_size_list of those: {@code Nullable{...Flat}} or
 * {@code Nullable{...FixedSizeList{items: Nullable{...Flat}}}}, nullability decided per page.
 * Buffers: [validity?][item validity?][values].
 */
final class FixedWidthEncoder extends ColumnEncoder {
  private final int column;
  private final int bits;
  /** List size for fixed_size_list, 0 for plain values. */
  private final int dimension;
  private final int valuesPerRow;
  private final EncoderBits validity = new EncoderBits();
  private final EncoderBits itemValidity;
  private final EncoderBytes values;
  private final EncoderBits boolValues;
  private long rows;

  FixedWidthEncoder(EncoderContext ctx, LanceField field, boolean managed, int bits, int dimension) {
    super(ctx, field, managed);
    this.column = ctx.newColumn();
    this.bits = bits;
    this.dimension = dimension;
    this.valuesPerRow = dimension == 0 ? 1 : dimension;
    this.itemValidity = dimension == 0 ? null : new EncoderBits();
    this.values = bits == 1 ? null : new EncoderBytes(1024);
    this.boolValues = bits == 1 ? new EncoderBits() : null;
  }

  private long bytesPerRow() {
    return Math.max(1, (long) valuesPerRow * bits / 8);
  }

  @Override
  long bufferedBytes() {
    long v = values != null ? values.size() : boolValues.byteLength();
    return v + validity.byteLength() + (itemValidity == null ? 0 : itemValidity.byteLength());
  }

  @Override
  long bufferedRows() {
    return rows;
  }

  @Override
  int rowsFitting(FieldVector v, int start, int count, long budget) {
    return (int) Math.max(1, Math.min(count, budget / bytesPerRow()));
  }

  static void appendValidity(EncoderBits dst, FieldVector v, long start, int count) {
    ArrowBuf vb = v.getValidityBuffer();
    if (vb == null || vb.capacity() * 8 < start + count) {
      dst.appendOnes(count); // no validity buffer: every value is valid
    } else {
      dst.append(vb, start, count);
    }
  }

  @Override
  void appendRange(FieldVector v, int start, int count) {
    appendValidity(validity, v, start, count);
    FieldVector data = v;
    long first = start;
    long n = count;
    if (dimension != 0) {
      data = ((FixedSizeListVector) v).getDataVector();
      first = (long) start * dimension;
      n = (long) count * dimension;
      if (n > Integer.MAX_VALUE) {
        throw new InvalidInputException("field '" + field.name()
            + "': too many list items in one batch");
      }
      appendValidity(itemValidity, data, first, (int) n);
    }
    if (bits == 1) {
      boolValues.append(data.getDataBuffer(), first, (int) n);
    } else {
      int width = bits / 8;
      values.append(data.getDataBuffer(), first * width, (int) (n * width));
    }
    rows += count;
  }

  @Override
  void flushPage() {
    long valid = validity.countOnes();
    if (rows == 0 || valid == 0) {
      ctx.writePage(column, rows, EncoderContext.allNulls(), new byte[0][], new int[0]);
      reset();
      return;
    }
    boolean someNulls = valid < rows;
    int nbuf = 0;
    byte[][] bufs = new byte[3][];
    int[] sizes = new int[3];
    EncodingProtos.ArrayEncoding validityEnc = null;
    if (someNulls) {
      validityEnc = EncoderContext.flat(1, nbuf);
      bufs[nbuf] = validity.array();
      sizes[nbuf++] = validity.byteLength();
    }
    EncodingProtos.ArrayEncoding valuesEnc;
    if (dimension == 0) {
      valuesEnc = EncoderContext.flat(bits, nbuf);
    } else {
      EncodingProtos.ArrayEncoding items;
      if (itemValidity.countOnes() < itemValidity.length()) {
        EncodingProtos.ArrayEncoding iv = EncoderContext.flat(1, nbuf);
        bufs[nbuf] = itemValidity.array();
        sizes[nbuf++] = itemValidity.byteLength();
        items = EncoderContext.someNulls(iv, EncoderContext.flat(bits, nbuf));
      } else {
        items = EncoderContext.noNulls(EncoderContext.flat(bits, nbuf));
      }
      valuesEnc = EncodingProtos.ArrayEncoding.newBuilder().setFixedSizeList(
          EncodingProtos.FixedSizeList.newBuilder().setDimension(dimension).setItems(items))
          .build();
    }
    if (bits == 1) {
      bufs[nbuf] = boolValues.array();
      sizes[nbuf++] = boolValues.byteLength();
    } else {
      bufs[nbuf] = values.array();
      sizes[nbuf++] = values.size();
    }
    EncodingProtos.ArrayEncoding enc = someNulls
        ? EncoderContext.someNulls(validityEnc, valuesEnc) : EncoderContext.noNulls(valuesEnc);
    ctx.writePage(column, rows, enc, Arrays.copyOf(bufs, nbuf),
        Arrays.copyOf(sizes, nbuf));
    reset();
  }

  private void reset() {
    rows = 0;
    validity.clear();
    if (itemValidity != null) {
      itemValidity.clear();
    }
    if (values != null) {
      values.clear();
    } else {
      boolValues.clear();
    }
  }
}
