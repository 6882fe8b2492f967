package org.lance4j.internal.table;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Copies single rows between two vectors of the same type. Fixed-width values and fixed-size
 * lists of fixed-width values (embeddings) are copied as bytes; everything else goes through
 * Arrow's generic {@link TransferPair#copyValueSafe}, which for a fixed-size list copies item by
 * item. The fast paths need the target allocated for the row being written.
 */
interface RowCopier {
  void copy(int from, int to);

  static RowCopier of(FieldVector src, FieldVector dst) {
    TransferPair generic = src.makeTransferPair(dst);
    if (src instanceof BaseFixedWidthVector s && !(src instanceof BitVector)
        && dst instanceof BaseFixedWidthVector d) {
      long width = s.getTypeWidth();
      return (from, to) -> {
        if (to >= d.getValueCapacity()) {
          generic.copyValueSafe(from, to);
          return;
        }
        boolean set = !s.isNull(from);
        BitVectorHelper.setValidityBit(d.getValidityBuffer(), to, set ? 1 : 0);
        d.getDataBuffer().setBytes(to * width, s.getDataBuffer(), from * width, width);
      };
    }
    if (src instanceof FixedSizeListVector s && dst instanceof FixedSizeListVector d
        && s.getDataVector() instanceof BaseFixedWidthVector si
        && !(si instanceof BitVector)
        && d.getDataVector() instanceof BaseFixedWidthVector di) {
      int n = s.getListSize();
      long bytes = (long) n * si.getTypeWidth();
      // items without nulls (embeddings): their validity bits are set in bulk
      boolean itemsValid = si.getNullCount() == 0;
      return (from, to) -> {
        if (to >= d.getValueCapacity() || (long) (to + 1) * n > di.getValueCapacity()) {
          generic.copyValueSafe(from, to);
          return;
        }
        BitVectorHelper.setValidityBit(d.getValidityBuffer(), to, s.isNull(from) ? 0 : 1);
        di.getDataBuffer().setBytes(to * bytes, si.getDataBuffer(), from * bytes, bytes);
        ArrowBuf dv = di.getValidityBuffer();
        long f0 = (long) from * n;
        long t0 = (long) to * n;
        if (itemsValid && n % 8 == 0 && t0 % 8 == 0) {
          dv.setOne(t0 / 8, n / 8);
          return;
        }
        for (int i = 0; i < n; i++) {
          BitVectorHelper.setValidityBit(dv, (int) (t0 + i), si.isNull((int) (f0 + i)) ? 0 : 1);
        }
      };
    }
    return generic::copyValueSafe;
  }
}
