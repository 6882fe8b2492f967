package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Rows of a leaf column whose pages store plain fixed-width values back to back (full-zip
 * without levels: vectors and other wide values without nulls) go from the file's bytes into
 * the Arrow data buffer with one copy per page, without a heap array between.
 */
final class DirectFill {
  private DirectFill() {}

  /**
   * Loads rows {@code [start, end)} into {@code v} when every page they touch is plain and
   * {@code v}'s type matches; returns false (and touches nothing) otherwise.
   */
  static boolean tryLoad(ColumnReader col, int numLayers, FieldVector v, long start, long end,
      BufferAllocator a) {
    int n = (int) (end - start);
    if (n == 0) {
      return false;
    }
    int p0 = col.pageOf(start);
    int p1 = col.pageOf(end - 1);
    int[] shape = null;
    for (int p = p0; p <= p1; p++) {
      Layers layers = col.layers(p);
      if (layers.numLists > 0 || layers.layers.length != numLayers) {
        return false;
      }
      int[] s = col.plainValues(p);
      if (s == null || (shape != null && !java.util.Arrays.equals(s, shape))) {
        return false;
      }
      shape = s;
    }
    int dim = shape[0];
    int itemBytes = shape[1] / 8;
    int valueBytes = shape[2];
    FieldVector target;
    if (dim > 0) {
      if (!(v instanceof FixedSizeListVector fv && fv.getListSize() == dim
          && fv.getDataVector() instanceof BaseFixedWidthVector item
          && !(item instanceof BitVector) && item.getTypeWidth() == itemBytes)) {
        return false;
      }
      target = fv.getDataVector();
    } else {
      if (!(v instanceof BaseFixedWidthVector fw && !(v instanceof BitVector)
          && fw.getTypeWidth() == valueBytes)) {
        return false;
      }
      target = v;
    }
    long bytes = (long) n * valueBytes;
    long items = dim > 0 ? (long) n * dim : n;
    if (items > Integer.MAX_VALUE) {
      return false;
    }
    ArrowBuf data = a.buffer(Math.max(1, bytes));
    ArrowBuf itemValid = null;
    ArrowBuf rowValid = null;
    try {
      long at = 0;
      for (int p = p0; p <= p1; p++) {
        long first = col.firstRow(p);
        int pa = (int) Math.max(0, start - first);
        int pb = (int) Math.min(col.firstRow(p + 1) - first, end - first);
        ByteBuffer b = col.plainRows(p, pa, pb, valueBytes);
        int len = b.remaining();
        data.setBytes(at, b);
        at += len;
      }
      if (at != bytes) {
        throw new org.lance4j.CorruptFileException(col.where(p0) + ": rows [" + start + ", "
            + end + ") gave " + at + " bytes, expected " + bytes);
      }
      if (dim > 0) {
        rowValid = ArrowFill.validityBuf(a, null, n);
        ((FixedSizeListVector) v).loadFieldBuffers(new ArrowFieldNode(n, 0),
            List.of(rowValid));
      }
      itemValid = ArrowFill.validityBuf(a, null, (int) items);
      target.loadFieldBuffers(new ArrowFieldNode(items, 0), List.of(itemValid, data));
      return true;
    } finally {
      data.close();
      if (itemValid != null) {
        itemValid.close();
      }
      if (rowValid != null) {
        rowValid.close();
      }
    }
  }
}
