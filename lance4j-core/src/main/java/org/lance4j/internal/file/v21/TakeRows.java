package org.lance4j.internal.file.v21;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A take from a leaf column without lists: the items at some rows, in order. Rows of a mini-block
 * page whose encodings have a point path are read one by one ({@link MiniBlockPoints}); rows of
 * other pages close together share one partial decode ({@link ColumnReader#rows}); only their
 * chunks / rows are fetched.
 */
final class TakeRows {
  private TakeRows() {}

  /** Rows of one page at most this far apart are decoded by one request (one window). */
  static final int GROUP_SPAN = 16;

  /** Items at rows {@code rows[0..n)} (ascending, duplicates allowed), in that order. */
  static Leaves.Slice read(ColumnReader col, Field field, int numLayers, long[] rows, int n) {
    ArrowType type = field.getType();
    int fixedBits = ArrowFill.isVar(type) ? -1 : ArrowFill.fixedBits(type);
    byte[][] validity = new byte[numLayers][];
    if (n == 0) {
      return new Leaves.Slice(0, validity, ArrowFill.zeros(field, 0));
    }
    BlockBuilder values = new BlockBuilder(n, (long) n * Math.max(1, fixedBits / 8));
    int i = 0;
    while (i < n) {
      long r = rows[i];
      int p = col.pageOf(r);
      long first = col.firstRow(p);
      long pageEnd = col.firstRow(p + 1);
      if (!(r >= first && r < pageEnd)) {
        throw new org.lance4j.CorruptFileException(col.where(p) + ": row " + r
            + " is not in the page's rows [" + first + ", " + pageEnd + ")");
      }
      Layers layers = Leaves.flatLayers(col, p, numLayers);
      MiniBlockPoints points = col.points(p);
      int[] plain = points == null && numLayers == 1 ? col.plainValues(p) : null;
      if (points != null) {
        i = points(col, p, points, layers, rows, i, n, pageEnd, validity, values);
      } else if (plain != null && plain[1] % 8 == 0 && plain[1] > 0) {
        i = plain(col, p, plain, rows, i, n, pageEnd, values);
      } else {
        i = window(col, p, layers, rows, i, n, pageEnd, fixedBits, field, validity, values);
      }
    }
    return new Leaves.Slice(n, validity, values.build());
  }

  /** Rows {@code rows[i..)} of page {@code p} read one by one; returns the first row after. */
  private static int points(ColumnReader col, int p, MiniBlockPoints points, Layers layers,
      long[] rows, int i, int n, long pageEnd, byte[][] validity, BlockBuilder values) {
    long first = col.firstRow(p);
    int max = layers.maxDef();
    int end = i;
    while (end < n && rows[end] < pageEnd) {
      end++;
    }
    int k = i;
    try {
      points.prefetch(rows, i, end, first);
      for (; k < end; k++) {
        int item = (int) (rows[k] - first);
        int lv = points.level(item);
        if (lv != 0) {
          if (lv < 0 || lv > max) {
            throw new org.lance4j.CorruptFileException(col.where(p) + ": definition level "
                + lv + " at item " + item + " (at most " + max + ")");
          }
          Leaves.clearInvalid(validity, layers, lv, k, n);
        }
        points.value(item, values);
      }
    } catch (org.lance4j.LanceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw col.typed(p, e);
    } finally {
      points.release();
    }
    return k;
  }

  /**
   * Rows {@code rows[i..)} of a page of plain fixed-width values ({@link
   * ColumnReader#plainValues}: no levels, e.g. vectors), each read alone; runs of consecutive
   * rows share a read. Returns the first row after the page's.
   */
  private static int plain(ColumnReader col, int p, int[] shape, long[] rows, int i, int n,
      long pageEnd, BlockBuilder values) {
    long first = col.firstRow(p);
    int dim = shape[0];
    int itemBits = shape[1];
    int valueBytes = shape[2];
    if (!(dim > 0 ? (long) dim * itemBits == 8L * valueBytes : itemBits == 8 * valueBytes)) {
      throw new org.lance4j.CorruptFileException(col.where(p) + ": values of " + valueBytes
          + " bytes for " + dim + " items of " + itemBits + " bits");
    }
    int k = i;
    while (k < n && rows[k] < pageEnd) {
      int e = k + 1;
      while (e < n && rows[e] < pageEnd && rows[e] - rows[e - 1] <= 1) {
        e++;
      }
      int from = (int) (rows[k] - first);
      int to = (int) (rows[e - 1] - first) + 1;
      java.nio.ByteBuffer b = col.plainRows(p, from, to, valueBytes);
      for (int j = k; j < e; j++) {
        int at = (int) (rows[j] - first - from) * valueBytes;
        if (dim > 0) {
          values.addFixedSizeLists(dim, itemBits, b, at, 1);
        } else {
          int o = values.beginFixed(itemBits, 1);
          b.get(at, values.varData(), o, valueBytes);
          values.endFixed(1);
        }
      }
      k = e;
    }
    return k;
  }

  /**
   * Rows {@code rows[i..)} of page {@code p} that lie within {@link #GROUP_SPAN} of
   * {@code rows[i]}, through one partial decode; returns the first row after them.
   */
  private static int window(ColumnReader col, int p, Layers layers, long[] rows, int i, int n,
      long pageEnd, int fixedBits, Field field, byte[][] validity, BlockBuilder values) {
    long first = col.firstRow(p);
    long r = rows[i];
    int j = i + 1;
    while (j < n && rows[j] < pageEnd && rows[j] - r < GROUP_SPAN) {
      j++;
    }
    int pa = (int) (r - first);
    int pb = (int) (rows[j - 1] - first) + 1;
    ColumnReader.Piece piece = Leaves.piece(col, p, pa, pb, fixedBits);
    PageData d = piece.data();
    int base = piece.base();
    int[] def = d.def();
    if (def != null) {
      int max = layers.maxDef();
      for (int k = i; k < j; k++) {
        int lv = def[(int) (rows[k] - first) - base];
        if (lv < 0 || lv > max) {
          throw new org.lance4j.CorruptFileException(col.where(p) + ": definition level "
              + lv + " at item " + (rows[k] - first) + " (at most " + max + ")");
        }
        if (lv != 0) {
          Leaves.clearInvalid(validity, layers, lv, k, n);
        }
      }
    }
    Block v = d.values();
    if (v != null && v.numValues() != d.numItems()) {
      throw new org.lance4j.CorruptFileException(col.where(p) + " has " + v.numValues()
          + " values for " + d.numItems() + " rows");
    }
    if (v == null) {
      values.add(ArrowFill.zeros(field, j - i));
    } else {
      int k = i;
      while (k < j) { // runs of consecutive rows: one copy each
        int at = (int) (rows[k] - first) - base;
        int e = k + 1;
        while (e < j && rows[e] == rows[e - 1] + 1) {
          e++;
        }
        values.add(v, at, at + (e - k));
        k = e;
      }
    }
    return j;
  }
}
