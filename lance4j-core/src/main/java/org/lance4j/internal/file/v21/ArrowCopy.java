package org.lance4j.internal.file.v21;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Bulk copies from Arrow vectors into a leaf column's page buffers (see {@link LeafColumn}):
 * validity bitmaps read byte by byte, bit runs copied as whole bytes where aligned, strings one
 * run of valid values at a time. No per-value calls into Arrow's checked accessors.
 */
final class ArrowCopy {
  private ArrowCopy() {}

  /**
   * Sets {@code nullLayer[at + i]} for rows {@code [start, start + count)}: -1 when valid at every
   * layer of {@code path} (top-level vector first, the leaf last), else the outermost layer at
   * which the row is null (layers counted from the leaf, 0 = the leaf); marks {@code seenNull} for
   * each layer with a null. Returns whether any row is null at some layer.
   *
   * <p>Each layer's validity bits for the rows are read from Arrow in one bulk copy, then set
   * without branches (one select per row: a null's position is unpredictable).
   */
  static boolean nullLayers(FieldVector[] path, int start, int count, byte[] nullLayer, int at,
      boolean[] seenNull) {
    int depth = path.length;
    java.util.Arrays.fill(nullLayer, at, at + count, (byte) -1);
    if (count == 0) {
      return false;
    }
    boolean anyRow = false;
    // outermost layer last, so that it wins (the item stops at its outermost null layer)
    for (int j = depth - 1; j >= 0; j--) {
      FieldVector v = path[j];
      if (v.getNullCount() == 0) {
        continue;
      }
      byte layer = (byte) (depth - 1 - j);
      int first = start >>> 3;
      int nb = ((start + count - 1) >>> 3) - first + 1;
      byte[] vb = validityScratch(nb);
      v.getValidityBuffer().getBytes(first, vb, 0, nb);
      int shift = start & 7;
      int nulls = 0;
      for (int i = 0; i < count; i++) {
        int b = i + shift;
        int bit = vb[b >>> 3] >> (b & 7) & 1;
        nulls += bit ^ 1;
        byte old = nullLayer[at + i];
        nullLayer[at + i] = bit == 0 ? layer : old;
      }
      if (nulls > 0) {
        seenNull[layer] = true;
        anyRow = true;
      }
    }
    return anyRow;
  }

  private static final ThreadLocal<byte[][]> VALIDITY = ThreadLocal.withInitial(() ->
      new byte[][] {new byte[1024]});

  /** A per-thread scratch array of at least {@code n} bytes. */
  private static byte[] validityScratch(int n) {
    byte[][] h = VALIDITY.get();
    if (h[0].length < n) {
      h[0] = new byte[Math.max(n, 2 * h[0].length)];
    }
    return h[0];
  }

  /** Appends bits {@code [start, start + count)} of {@code src} at bit {@code at} of {@code out}. */
  static void bits(ArrowBuf src, long start, int count, long at, GrowBytes out) {
    grow(out, at + count);
    byte[] dst = out.array();
    int i = 0;
    if ((start & 7) == 0 && (at & 7) == 0) {
      int whole = count >>> 3;
      if (whole > 0) {
        src.getBytes(start >>> 3, dst, (int) (at >>> 3), whole);
        i = whole << 3;
      }
    }
    for (; i < count; i++) {
      long s = start + i;
      long b = at + i;
      if ((src.getByte(s >>> 3) >> (s & 7) & 1) != 0) {
        dst[(int) (b >>> 3)] |= (byte) (1 << (b & 7));
      } else {
        dst[(int) (b >>> 3)] &= (byte) ~(1 << (b & 7));
      }
    }
  }

  /** Whether bits {@code [start, start + count)} of {@code src} are all set. */
  static boolean allSet(ArrowBuf src, long start, long count) {
    long end = start + count;
    long b = start;
    while (b < end && (b & 7) != 0) {
      if ((src.getByte(b >>> 3) >> (b & 7) & 1) == 0) {
        return false;
      }
      b++;
    }
    while (b + 64 <= end) {
      if (src.getLong(b >>> 3) != -1L) {
        return false;
      }
      b += 64;
    }
    while (b + 8 <= end) {
      if (src.getByte(b >>> 3) != (byte) 0xFF) {
        return false;
      }
      b += 8;
    }
    for (; b < end; b++) {
      if ((src.getByte(b >>> 3) >> (b & 7) & 1) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Sets bits {@code [at, at + count)} of {@code out}, growing it to hold them. */
  static void ones(long at, int count, GrowBytes out) {
    grow(out, at + count);
    byte[] a = out.array();
    for (long b = at; b < at + count; b++) {
      a[(int) (b >>> 3)] |= (byte) (1 << (b & 7));
    }
  }

  private static void grow(GrowBytes out, long endBit) {
    int need = (int) ((endBit + 7) >>> 3) - out.size();
    if (need > 0) {
      out.zeros(need);
    }
  }

  /**
   * Appends the valid values of rows {@code [start, start + count)} of a variable-width vector
   * to {@code values} and sets {@code offsets[at + i + 1]} (the end of row i in {@code values};
   * null rows take no bytes). Returns the offset scratch array (grown when too small).
   */
  static int[] var(FieldVector leaf, int start, int count, byte[] nullLayer, int at,
      long[] offsets, GrowBytes values, int[] scratch) {
    ArrowBuf ob = leaf.getOffsetBuffer();
    ArrowBuf db = leaf.getDataBuffer();
    if (leaf instanceof BaseLargeVariableWidthVector) {
      for (int i = 0; i < count; i++) {
        int r = start + i;
        if (nullLayer[at + i] < 0) {
          long a = ob.getLong(8L * r);
          int len = (int) (ob.getLong(8L * (r + 1)) - a);
          int p = values.extend(len);
          db.getBytes(a, values.array(), p, len);
        }
        offsets[at + i + 1] = values.size();
      }
      return scratch;
    }
    // the batch's offsets in one bulk read, then one copy per run of valid values
    int[] o = scratch.length >= count + 1 ? scratch
        : new int[Math.max(count + 1, 2 * scratch.length)];
    ob.nioBuffer(4L * start, 4 * (count + 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .asIntBuffer().get(o, 0, count + 1);
    long end = values.size();
    // usually a null row takes no bytes in Arrow: then the batch is one copy and each offset a
    // shift of Arrow's (one branch-free pass to check, one to set the offsets)
    int stray = 0;
    for (int k = 0; k < count; k++) {
      int nullRow = nullLayer[at + k] >>> 31 ^ 1; // 1 when null at some layer
      stray |= (o[k + 1] - o[k]) * nullRow;
    }
    if (stray == 0) {
      int a = o[0];
      int total = o[count] - a;
      int p = values.extend(total);
      if (total > 0) {
        db.getBytes(a, values.array(), p, total);
      }
      long shift = p - (long) a;
      for (int k = 0; k < count; k++) {
        offsets[at + k + 1] = o[k + 1] + shift;
      }
      return o;
    }
    int i = 0;
    while (i < count) {
      if (nullLayer[at + i] >= 0) {
        offsets[at + i + 1] = end;
        i++;
        continue;
      }
      int j = i;
      while (j < count && nullLayer[at + j] < 0) {
        j++;
      }
      int a = o[i];
      int p = values.extend(o[j] - a);
      db.getBytes(a, values.array(), p, o[j] - a);
      long shift = p - (long) a;
      for (int k = i; k < j; k++) {
        offsets[at + k + 1] = o[k + 1] + shift;
      }
      end = values.size();
      i = j;
    }
    return o;
  }
}
