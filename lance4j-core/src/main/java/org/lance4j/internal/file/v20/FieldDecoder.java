package org.lance4j.internal.file.v20;

import org.lance4j.internal.file.FileErrors;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.proto.EncodingProtos.ArrayEncoding;

/**
 * Builds the Arrow vector of one field for a row range, walking the field tree: structs read
 * their children over the same rows, lists read their offsets column and then their item column(s)
 * over the item range those rows cover, leaves are decoded page slice by page slice by
 * {@link PageDecoder}.
 */
public final class FieldDecoder {
  private final String file;
  private final IntFunction<ColumnPageReader> columns;
  private final PageDecoder pages;

  public FieldDecoder(String file, IntFunction<ColumnPageReader> columns) {
    this.file = file;
    this.columns = columns;
    this.pages = new PageDecoder(file);
  }

  /** Fills {@code v} (freshly created, empty) with rows [start, end) of {@code f}. */
  public void fill(LanceField f, FieldVector v, IntUnaryOperator columnOf, long start, long end,
      BufferAllocator a) {
    if (f.isStruct()) {
      fillStruct(f, (StructVector) v, columnOf, start, end, a);
    } else if (f.isList()) {
      fillList(f, v, columnOf, start, end, a);
    } else {
      fillLeaf(f, v, columnOf, start, end, a);
    }
  }

  private CorruptFileException fewerRows(ColumnPageReader col, LanceField f, long end) {
    return FileErrors.corrupt(FileErrors.field(file, col.column(), f.name()), " has "
        + col.numRows() + " rows, fewer than " + end);
  }

  private ColumnPageReader column(LanceField f, IntUnaryOperator columnOf) {
    int c = columnOf.applyAsInt(f.id());
    if (c < 0) {
      throw new InvalidInputException("field '" + f.name() + "' (id " + f.id()
          + ") has no column in " + FileErrors.name(file));
    }
    return columns.apply(c);
  }

  private void fillStruct(LanceField f, StructVector v, IntUnaryOperator columnOf, long start,
      long end, BufferAllocator a) {
    int n = Math.toIntExact(end - start);
    int header = columnOf.applyAsInt(f.id());
    if (header >= 0) {
      // children have columns of their own only under a plain struct header
      ColumnPageReader col = columns.apply(header);
      for (int p = 0; p < col.numPages(); p++) {
        ArrayEncoding e = col.encoding(p);
        if (col.length(p) > 0 && !e.hasStruct()) {
          throw pages.unsupported(DecoderBuffers.context(header, f.name()),
              "struct encoded as " + PageDecoder.describe(e));
        }
      }
    }
    try (ArrowBuf validity = a.buffer(Math.max(1, BitmapDecoder.bytesFor(n)))) {
      validity.setZero(0, validity.capacity());
      BitmapDecoder.setBits(validity, 0, n);
      v.loadFieldBuffers(new ArrowFieldNode(n, 0), List.of(validity));
    }
    List<FieldVector> kids = v.getChildrenFromFields();
    for (int i = 0; i < f.children().size(); i++) {
      fill(f.children().get(i), kids.get(i), columnOf, start, end, a);
    }
  }

  private void fillList(LanceField f, FieldVector v, IntUnaryOperator columnOf, long start,
      long end, BufferAllocator a) {
    ColumnPageReader col = column(f, columnOf);
    boolean large = v instanceof LargeListVector;
    int n = Math.toIntExact(end - start);
    DecoderBuffers ctx = DecoderBuffers.context(col.column(), f.name());
    long[] itemStarts = itemStarts(col, ctx);
    try (ArrowBuf validity = a.buffer(Math.max(1, BitmapDecoder.bytesFor(n)));
        ArrowBuf offsets = a.buffer((n + 1L) * (large ? 8 : 4))) {
      validity.setZero(0, validity.capacity());
      offsets.setZero(0, offsets.capacity());
      long itemFirst = -1;
      long itemEnd = 0;
      long row = start;
      int p = col.pageOf(start);
      while (row < end) {
        if (p >= col.numPages()) {
          throw fewerRows(col, f, end);
        }
        ColumnPageReader.Page page = col.page(p);
        long from = row - page.firstRow();
        long to = Math.min(end, page.firstRow() + page.length()) - page.firstRow();
        ArrayEncoding enc = page.encoding();
        long base = itemStarts[p];
        if (enc.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.LIST) {
          // an all-null list page carries no items
          if (!(enc.hasNullable() && enc.getNullable().hasAllNulls())) {
            throw pages.unsupported(ctx, "list offsets encoded as " + PageDecoder.describe(enc));
          }
          if (itemFirst < 0) {
            itemFirst = base;
          }
          for (long i = from; i < to; i++) {
            setOffset(offsets, large, row - start + i - from + 1, base - itemFirst);
          }
          itemEnd = base;
        } else {
          var list = enc.getList();
          ArrayEncoding oe = Offsets.unwrapNoNulls(list.getOffsets());
          if (!oe.hasFlat() || oe.getFlat().getBitsPerValue() != 64) {
            throw pages.unsupported(ctx, "list offsets encoded as " + PageDecoder.describe(oe));
          }
          ByteBuffer ob = pages.flatBuffer(page, oe.getFlat(), ctx);
          if (to * 8 > ob.limit()) {
            throw pages.corrupt(ctx, "page " + p + " has too few list offsets");
          }
          long adj = list.getNullOffsetAdjustment();
          long prev = from == 0 ? 0 : Offsets.strip(ob.getLong((int) (from - 1) * 8), adj);
          if (itemFirst < 0) {
            itemFirst = base + prev;
          }
          for (long i = from; i < to; i++) {
            long val = ob.getLong((int) i * 8);
            long out = row - start + i - from;
            long e = val;
            if (Offsets.isNull(val, adj)) {
              e = val - adj;
            } else {
              BitmapDecoder.setBit(validity, out);
            }
            if (e < prev || e > list.getNumItems()) {
              throw pages.corrupt(ctx, "page " + p + " row " + i + " has list offset " + e
                  + " out of order or beyond the page's " + list.getNumItems() + " items");
            }
            prev = e;
            setOffset(offsets, large, out + 1, base + e - itemFirst);
          }
          itemEnd = base + prev;
        }
        row += to - from;
        p++;
      }
      if (itemFirst < 0) {
        itemFirst = 0;
      }
      if (!large && itemEnd - itemFirst > Integer.MAX_VALUE) {
        throw new UnsupportedFormatException("field '" + f.name() + "': too many list items in"
            + " one read; read fewer rows at a time");
      }
      int nulls = BitVectorHelper.getNullCount(validity, n);
      v.loadFieldBuffers(new ArrowFieldNode(n, nulls), List.of(validity, offsets));
      FieldVector child = large ? (FieldVector) ((LargeListVector) v).getDataVector()
          : (FieldVector) ((ListVector) v).getDataVector();
      fill(f.children().get(0), child, columnOf, itemFirst, itemEnd, a);
    }
  }

  private static void setOffset(ArrowBuf offsets, boolean large, long index, long value) {
    if (large) {
      offsets.setLong(index * 8, value);
    } else {
      offsets.setInt(index * 4, (int) value);
    }
  }

  /** First item of each page of a list offsets column (running sum of num_items). */
  private long[] itemStarts(ColumnPageReader col, DecoderBuffers ctx) {
    long[] s = col.itemStarts();
    if (s != null) {
      return s;
    }
    s = new long[col.numPages() + 1];
    for (int p = 0; p < col.numPages(); p++) {
      long items = 0;
      if (col.length(p) > 0) {
        ArrayEncoding e = col.encoding(p);
        if (e.hasList()) {
          items = e.getList().getNumItems();
        } else if (!(e.hasNullable() && e.getNullable().hasAllNulls())) {
          throw pages.unsupported(ctx, "list offsets encoded as " + PageDecoder.describe(e));
        }
      }
      s[p + 1] = s[p] + items;
    }
    col.setItemStarts(s);
    return s;
  }

  private void fillLeaf(LanceField f, FieldVector v, IntUnaryOperator columnOf, long start,
      long end, BufferAllocator a) {
    ColumnPageReader col = column(f, columnOf);
    long n = end - start;
    try (DecoderBuffers out = buffersFor(f, v, n, col.column(), a)) {
      long row = start;
      int p = col.pageOf(start);
      while (row < end) {
        if (p >= col.numPages()) {
          throw fewerRows(col, f, end);
        }
        long pageFirst = col.firstRow(p);
        ColumnPageReader.Page page = col.page(p, row - pageFirst,
            Math.min(end, pageFirst + col.length(p)) - pageFirst);
        long from = row - page.firstRow();
        long to = Math.min(end, page.firstRow() + page.length()) - page.firstRow();
        pages.decode(page, from, to, out, row - start);
        row += to - from;
        p++;
      }
      out.load(v);
    }
  }

  private DecoderBuffers buffersFor(LanceField f, FieldVector v, long n, int column,
      BufferAllocator a) {
    if (v instanceof BitVector) {
      return DecoderBuffers.bool(n, column, f.name(), a);
    }
    if (v instanceof BaseFixedWidthVector) {
      return DecoderBuffers.fixed(n, ((BaseFixedWidthVector) v).getTypeWidth(), column, f.name(),
          a);
    }
    if (v instanceof VarCharVector || v instanceof VarBinaryVector) {
      return DecoderBuffers.var(n, false, column, f.name(), f.isDictionary(), a);
    }
    if (v instanceof LargeVarCharVector || v instanceof LargeVarBinaryVector) {
      return DecoderBuffers.var(n, true, column, f.name(), f.isDictionary(), a);
    }
    if (v instanceof FixedSizeListVector) {
      FixedSizeListVector fsl = (FixedSizeListVector) v;
      FieldVector items = fsl.getDataVector();
      long count = Math.multiplyExact(n, (long) fsl.getListSize());
      DecoderBuffers inner;
      if (items instanceof BitVector) {
        inner = DecoderBuffers.bool(count, column, f.name(), a);
      } else if (items instanceof BaseFixedWidthVector) {
        inner = DecoderBuffers.fixed(count, ((BaseFixedWidthVector) items).getTypeWidth(),
            column, f.name(), a);
      } else {
        throw FileErrors.unsupported(FileErrors.field(file, column, f.name()),
            ": fixed_size_list of " + items.getField().getType() + " is not supported");
      }
      try {
        return DecoderBuffers.fsl(n, fsl.getListSize(), inner, column, f.name(), a);
      } catch (RuntimeException e) {
        inner.close();
        throw e;
      }
    }
    throw FileErrors.unsupported(FileErrors.field(file, column, f.name()), ": type "
        + f.logicalType() + " is not supported by lance4j's reader");
  }
}
