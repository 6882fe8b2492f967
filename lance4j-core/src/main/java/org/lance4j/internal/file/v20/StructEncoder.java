package org.lance4j.internal.file.v20;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.lance4j.LanceField;
import org.lance4j.proto.EncodingProtos;

/**
 * A struct: a header column holding one {@code SimpleStruct} page (no buffers, length = all rows,
 * written at the end), then one column set per member. Struct-level nulls are not stored by 2.0.
 */
final class StructEncoder extends ColumnEncoder {
  private final int column;
  private final List<ColumnEncoder> children = new ArrayList<>();
  private long totalRows;

  StructEncoder(EncoderContext ctx, LanceField field, boolean managed) {
    super(ctx, field, managed);
    this.column = ctx.newColumn();
    for (LanceField c : field.children()) {
      children.add(ColumnEncoder.create(ctx, c, managed));
    }
  }

  private FieldVector child(FieldVector v, int i) {
    return (FieldVector) ((StructVector) v).getChildByOrdinal(i);
  }

  @Override
  void append(FieldVector v, int start, int count) {
    totalRows += count;
    for (int i = 0; i < children.size(); i++) {
      children.get(i).append(child(v, i), start, count);
    }
  }

  @Override
  void appendRange(FieldVector v, int start, int count) {
    totalRows += count;
    for (int i = 0; i < children.size(); i++) {
      children.get(i).appendRange(child(v, i), start, count);
    }
  }

  @Override
  long bufferedBytes() {
    long sum = 0;
    for (ColumnEncoder c : children) {
      sum += c.bufferedBytes();
    }
    return sum;
  }

  @Override
  long bufferedRows() {
    return children.isEmpty() ? 0 : children.get(0).bufferedRows();
  }

  @Override
  void flushPage() {
    for (ColumnEncoder c : children) {
      c.flushPage();
    }
  }

  @Override
  void finish() {
    EncodingProtos.ArrayEncoding enc = EncodingProtos.ArrayEncoding.newBuilder()
        .setStruct(EncodingProtos.SimpleStruct.getDefaultInstance()).build();
    ctx.writePage(column, totalRows, enc, new byte[0][], new int[0]);
    for (ColumnEncoder c : children) {
      c.finish();
    }
  }
}
