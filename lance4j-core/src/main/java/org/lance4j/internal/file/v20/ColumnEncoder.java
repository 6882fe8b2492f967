package org.lance4j.internal.file.v20;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.lance4j.LanceField;
import org.lance4j.UnsupportedFormatException;

/**
 * Encodes one field into its column(s) of a 2.0 data file, page by page.
 *
 * <p>An <em>independent</em> encoder (a top-level field, or a member of a top-level struct)
 * decides itself when its page is full. A <em>managed</em> encoder (anything under a list) only
 * buffers; the enclosing list flushes it together with its own offsets page, so the item pages
 * line up with the list pages.
 */
abstract class ColumnEncoder {
  /** Rows per chunk an encoder without a size estimate starts with. */
  private static final long INITIAL_BYTES_PER_ROW_GUESS = 64;

  final EncoderContext ctx;
  final LanceField field;
  final boolean managed;
  private long statBytes;
  private long statRows;

  ColumnEncoder(EncoderContext ctx, LanceField field, boolean managed) {
    this.ctx = ctx;
    this.field = field;
    this.managed = managed;
  }

  /** Bytes this encoder (and its managed children) hold for the current page. */
  abstract long bufferedBytes();

  /** Rows (or list items, under a list) buffered for the current page. */
  abstract long bufferedRows();

  /** Copies rows {@code [start, start + count)} of {@code v} into the page buffers. */
  abstract void appendRange(FieldVector v, int start, int count);

  /** Writes the buffered page (a zero-length one too: lists flush their items that way). */
  abstract void flushPage();

  /** How many of the next rows fit into {@code budget} bytes (at least 1). */
  int rowsFitting(FieldVector v, int start, int count, long budget) {
    long perRow = statRows == 0 ? INITIAL_BYTES_PER_ROW_GUESS : Math.max(1, statBytes / statRows);
    return (int) Math.max(1, Math.min(count, budget / perRow));
  }

  /** Independent append: copies rows, flushing a page each time about a page size is buffered. */
  void append(FieldVector v, int start, int count) {
    while (count > 0) {
      long budget = Math.max(1, ctx.pageSizeBytes - bufferedBytes());
      int n = Math.max(1, Math.min(count, rowsFitting(v, start, count, budget)));
      long before = bufferedBytes();
      appendRange(v, start, n);
      statBytes += bufferedBytes() - before;
      statRows += n;
      start += n;
      count -= n;
      if (bufferedBytes() >= ctx.pageSizeBytes) {
        flushPage();
      }
    }
  }

  /** End of file: flushes what an independent encoder still holds; struct headers write here. */
  void finish() {
    if (!managed && bufferedRows() > 0) {
      flushPage();
    }
  }

  /** The encoder for {@code field} and, recursively, its children; column indices pre-order. */
  static ColumnEncoder create(EncoderContext ctx, LanceField field, boolean managed) {
    if (field.isDictionary()) {
      throw new UnsupportedFormatException("field '" + field.name()
          + "': writing dictionary-typed fields is not supported by lance4j");
    }
    if (field.logicalType().equals("map")) {
      throw new UnsupportedFormatException("field '" + field.name() + "' is a map, which Lance"
          + " stores from file format 2.2 on; it cannot be written as file format 2.0");
    }
    if (field.isStruct()) {
      return new StructEncoder(ctx, field, managed);
    }
    if (field.isList()) {
      return new ListEncoder(ctx, field, managed);
    }
    ArrowType t = field.arrowType();
    switch (t.getTypeID()) {
      case Utf8:
      case LargeUtf8:
      case Binary:
      case LargeBinary:
        return new BinaryEncoder(ctx, field, managed);
      case FixedSizeList:
        ArrowType item = field.toArrow().getChildren().get(0).getType();
        return new FixedWidthEncoder(ctx, field, managed, bitsPerValue(item, field),
            field.fixedSizeListSize());
      default:
        return new FixedWidthEncoder(ctx, field, managed, bitsPerValue(t, field), 0);
    }
  }

  /** Width in bits of one value of a fixed-width Arrow type. */
  static int bitsPerValue(ArrowType t, LanceField field) {
    switch (t.getTypeID()) {
      case Bool:
        return 1;
      case Int:
        return ((ArrowType.Int) t).getBitWidth();
      case FloatingPoint:
        FloatingPointPrecision p = ((ArrowType.FloatingPoint) t).getPrecision();
        return p == FloatingPointPrecision.HALF ? 16 : p == FloatingPointPrecision.SINGLE ? 32 : 64;
      case Date:
        return ((ArrowType.Date) t).getUnit() == DateUnit.DAY ? 32 : 64;
      case Time:
        return ((ArrowType.Time) t).getBitWidth();
      case Timestamp:
      case Duration:
        return 64;
      case Decimal:
        return ((ArrowType.Decimal) t).getBitWidth();
      case FixedSizeBinary:
        return ((ArrowType.FixedSizeBinary) t).getByteWidth() * 8;
      default:
        throw new UnsupportedFormatException("field '" + field.name() + "': type " + t
            + " (" + field.logicalType() + ") cannot be written by lance4j");
    }
  }
}
