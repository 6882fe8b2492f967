package org.lance4j.internal.file.v21;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Gathers rows of a leaf column without lists across its pages. */
final class Leaves {
  private Leaves() {}

  /**
   * {@code n} items; {@code validity[p]} is the validity bitmap of layer {@code p} (0 = the leaf,
   * then its struct parents outwards; null = all valid); the leaf values, one per item, from
   * value {@code valuesFrom} of {@code values} (only for byte-wide fixed-width and
   * variable-width values).
   */
  record Slice(int n, byte[][] validity, Block values, int valuesFrom) {
    Slice(int n, byte[][] validity, Block values) {
      this(n, validity, values, 0);
    }
  }

  /** Values {@code [from, from + n)} of {@code b} without copying, when its kind allows it. */
  static Block view(Block b, int from, int n) {
    if (from == 0 && b.numValues() == n) {
      return b;
    }
    if (b instanceof Block.Var v) {
      return new ViewVar(v, from, n).toBlock();
    }
    return null;
  }

  /** A window on a variable-width block: offsets copied (small), bytes shared. */
  private record ViewVar(Block.Var v, int from, int n) {
    Block toBlock() {
      int[] o = java.util.Arrays.copyOfRange(v.offsets(), from, from + n + 1);
      return new Block.Var(o, v.data(), n);
    }
  }

  static Slice read(ColumnReader col, Field field, int numLayers, long start, long end) {
    ArrowType type = field.getType();
    int n = (int) (end - start);
    int fixedBits = ArrowFill.isVar(type) ? -1 : ArrowFill.fixedBits(type);
    byte[][] validity = new byte[numLayers][];
    BlockBuilder values = new BlockBuilder(n, (long) n * Math.max(1, fixedBits / 8));
    int at = 0;
    if (n == 0) {
      return new Slice(0, validity, ArrowFill.zeros(field, 0));
    }
    int only = col.pageOf(start);
    if (col.firstRow(only) == start && col.firstRow(only + 1) == end) {
      // exactly one whole page: no copy of its values
      PageData d = col.decode(only, fixedBits);
      if (d.values() != null && col.layers(only).numLists == 0
          && col.layers(only).layers.length == numLayers && d.def() == null
          && d.values().numValues() == n) {
        return new Slice(n, validity, d.values());
      }
    }
    for (int p = col.pageOf(start); at < n; p++) {
      long first = col.firstRow(p);
      Layers layers = flatLayers(col, p, numLayers);
      long rows = col.firstRow(p + 1) - first;
      int pa = (int) Math.max(0, start - first);
      int pb = (int) Math.min(rows, end - first);
      ColumnReader.Piece piece = piece(col, p, pa, pb, fixedBits);
      PageData d = piece.data();
      int base = piece.base();
      // positions within the decoded items
      int a = pa - base;
      int b = pb - base;
      int[] def = d.def();
      if (def != null) {
        int max = layers.maxDef();
        byte[] bits0 = validity[0];
        boolean oneLayer = numLayers == 1;
        int seen = oneLayer ? levelsSeen(def, a, b, max) : -1;
        int slowFrom = a; // the per-level loop below: nested leaves, or a level out of range
        if (seen == 0) { // a top-level leaf, no null item in this range
          slowFrom = b;
        } else if (seen > 0) { // a top-level leaf: any level > 0 is a null item
          if (bits0 == null) {
            bits0 = allValid(n);
            validity[0] = bits0;
          }
          clearNulls(def, a, b, at, bits0);
          slowFrom = b;
        }
        for (int i = slowFrom; i < b; i++) {
          int lv = def[i];
          if (lv != 0) { // 0: valid at every layer (most items)
            if (lv < 0 || lv > max) {
              throw new org.lance4j.CorruptFileException(col.where(p) + ": definition level "
                  + lv + " at item " + (i + base) + " (at most " + max + ")");
            }
            int o = at + i - a;
            if (oneLayer) { // a top-level leaf: any level > 0 is a null item
              if (bits0 == null) {
                bits0 = allValid(n);
                validity[0] = bits0;
              }
              bits0[o >> 3] &= (byte) ~(1 << (o & 7));
            } else {
              clearInvalid(validity, layers, lv, o, n);
            }
          }
        }
      }
      Block v = values(col, p, d);
      if (v == null) {
        values.add(ArrowFill.zeros(field, b - a));
      } else {
        if (at == 0 && b - a == n) {
          if (a == 0 && v.numValues() == n) {
            return new Slice(n, validity, v);
          }
          if (v instanceof Block.Var) {
            // a window of one decoded piece of strings: its offsets and bytes go into Arrow
            // from there (no copy of the batch's offsets here)
            return new Slice(n, validity, v, a);
          }
          Block window = view(v, a, n);
          if (window != null) {
            return new Slice(n, validity, window);
          }
          if (v instanceof Block.Fixed f && f.bits() % 8 == 0 && f.bits() > 0) {
            // the batch is a window of one decoded piece: no copy here, one into Arrow
            return new Slice(n, validity, v, a);
          }
        }
        values.add(v, a, b);
      }
      at += b - a;
    }
    return new Slice(n, validity, values.build());
  }

  /** Page-relative rows {@code [pa, pb)} of page {@code p} decoded (a piece holding them). */
  static ColumnReader.Piece piece(ColumnReader col, int p, int pa, int pb, int fixedBits) {
    ColumnReader.Piece piece = col.rows(p, pa, pb, fixedBits);
    int base = piece.base();
    int items = piece.data().numItems();
    if (!(base <= pa && pb <= base + items)) {
      throw new org.lance4j.CorruptFileException(col.where(p) + ": rows [" + pa + ", " + pb
          + ") are not in the " + items + " items decoded from row " + base);
    }
    return piece;
  }

  /** The layers of page {@code p}, which must have no list and {@code numLayers} layers. */
  static Layers flatLayers(ColumnReader col, int p, int numLayers) {
    Layers layers = col.layers(p);
    if (layers.numLists > 0) {
      throw new org.lance4j.UnsupportedFormatException(col.where(p)
          + ": list columns are not read from file format 2.1 yet");
    }
    if (layers.layers.length != numLayers) {
      throw new org.lance4j.CorruptFileException(col.where(p) + " has "
          + layers.layers.length + " rep/def layers, the schema needs " + numLayers);
    }
    return layers;
  }

  /** The decoded values of a page piece (null: none stored), one per decoded item. */
  private static Block values(ColumnReader col, int p, PageData d) {
    Block v = d.values();
    if (v != null && v.numValues() != d.numItems()) {
      throw new org.lance4j.CorruptFileException(col.where(p) + " has " + v.numValues()
          + " values for " + d.numItems() + " rows");
    }
    return v;
  }

  /** Clears bit {@code o} of every layer that def level {@code lv} (> 0) makes null. */
  static void clearInvalid(byte[][] validity, Layers layers, int lv, int o, int n) {
    for (int l = 0; l < validity.length; l++) {
      if (!layers.valid(lv, l)) {
        byte[] bits = validity[l];
        if (bits == null) {
          bits = allValid(n);
          validity[l] = bits;
        }
        bits[o >> 3] &= (byte) ~(1 << (o & 7));
      }
    }
  }

  /**
   * 0 when levels {@code [a, b)} are all 0, 1 when some are not and all are at most {@code max},
   * -1 when one is out of range; no branch per level.
   */
  static int levelsSeen(int[] def, int a, int b, int max) {
    int any = 0;
    int bad = 0;
    for (int i = a; i < b; i++) {
      int lv = def[i];
      any |= lv;
      bad |= (max - lv) | lv; // negative when lv > max or lv < 0
    }
    return bad < 0 ? -1 : any != 0 ? 1 : 0;
  }

  /** Clears bit {@code at + i - a} for each level {@code def[i] != 0}, no branch per level. */
  static void clearNulls(int[] def, int a, int b, int at, byte[] bits) {
    int i = a;
    int o = at;
    for (; i < b && (o & 7) != 0; i++, o++) { // up to the next whole byte of bits
      bits[o >> 3] &= (byte) ~((def[i] != 0 ? 1 : 0) << (o & 7));
    }
    for (; i + 8 <= b; i += 8, o += 8) { // 8 levels make one byte: one store per byte
      int x = (def[i] == 0 ? 1 : 0) | (def[i + 1] == 0 ? 2 : 0) | (def[i + 2] == 0 ? 4 : 0)
          | (def[i + 3] == 0 ? 8 : 0) | (def[i + 4] == 0 ? 16 : 0)
          | (def[i + 5] == 0 ? 32 : 0) | (def[i + 6] == 0 ? 64 : 0)
          | (def[i + 7] == 0 ? 128 : 0);
      bits[o >> 3] &= (byte) x;
    }
    for (; i < b; i++, o++) {
      bits[o >> 3] &= (byte) ~((def[i] != 0 ? 1 : 0) << (o & 7));
    }
  }

  static byte[] allValid(int n) {
    byte[] b = new byte[(n + 7) / 8];
    java.util.Arrays.fill(b, (byte) 0xFF);
    return b;
  }
}
