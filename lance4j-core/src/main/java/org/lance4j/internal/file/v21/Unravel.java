package org.lance4j.internal.file.v21;

import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance4j.CorruptFileException;

/**
 * Turns the rep/def levels of a leaf column with list layers into per-layer slots, validity and
 * list offsets ({@link Nest}) for rows {@code [start, end)}.
 *
 * <p>Each item's rep level {@code r} says which lists it starts: a list layer with list level
 * {@code q} (1 = innermost list) starts a new list when {@code r >= q}, and an item layer gets a
 * new slot when {@code r} reaches the list level of the nearest list inside it (every item gets a
 * new slot in layers inside the innermost list). The def level says where the item stops: at a
 * null or empty list (no slots inside), at a null struct or leaf (null slots inside it down to
 * the next list), or nowhere (a valid leaf value). A row starts at each item with
 * {@code r == numLists}.
 */
final class Unravel {
  private final int layersN;
  private final Bits[] valid;
  private final int[] count;
  private final long[][] starts;
  private final int[] startsLen;
  private final BlockBuilder values = new BlockBuilder();
  private final boolean[] listLayer;

  private Unravel(int layersN) {
    this.layersN = layersN;
    this.listLayer = new boolean[layersN];
    valid = new Bits[layersN];
    count = new int[layersN];
    starts = new long[layersN][];
    startsLen = new int[layersN];
    for (int p = 0; p < layersN; p++) {
      valid[p] = new Bits();
      starts[p] = new long[16];
    }
  }

  static Nest read(ColumnReader col, Field field, int numLayers, long start, long end) {
    Unravel u = new Unravel(numLayers);
    int n = (int) (end - start);
    if (col.numPages() > 0) {
      // an empty range still visits one page, to learn which layers are lists
      for (int p = col.pageOf(start); p < col.numPages() && (col.firstRow(p) < end
          || n == 0 && p == col.pageOf(start)); p++) {
        long first = col.firstRow(p);
        long rows = col.firstRow(p + 1) - first;
        int rowFrom = (int) Math.max(0, start - first);
        int rowTo = (int) Math.min(rows, end - first);
        // a few rows of a full-zip list page (a take): only their items, via the rep index
        PageData part = col.listRows(p, rowFrom, rowTo);
        PageData d = part != null ? part : col.decode(p, -1);
        Layers layers = col.layers(p);
        if (layers.layers.length != numLayers) {
          throw new CorruptFileException(col.where(p) + " has " + layers.layers.length
              + " rep/def layers, the schema needs " + numLayers);
        }
        if (part != null) {
          u.page(col, p, d, layers, field, 0, rowTo - rowFrom, rowTo - rowFrom);
        } else {
          u.page(col, p, d, layers, field, rowFrom, rowTo, rows);
        }
      }
    }
    return u.build(n, field);
  }

  private void page(ColumnReader col, int page, PageData d, Layers layers, Field field,
      int rowFrom, int rowTo, long pageRows) {
    int[] rep = d.rep();
    int[] def = d.def();
    int items = d.numItems();
    int lists = layers.numLists;
    if (lists > 0 && rep == null) {
      throw new CorruptFileException(col.where(page) + ": list layers without repetition levels");
    }
    // list level of each layer (0 for item layers inside the innermost list) and the threshold
    // at which an item is new in that layer
    int[] thresh = new int[layersN];
    boolean[] isList = new boolean[layersN];
    int q = 0;
    for (int p = 0; p < layersN; p++) {
      isList[p] = layers.isList(p);
      if (listLayer[p] != isList[p] && (count[p] > 0)) {
        throw new CorruptFileException(col.where(page) + ": layer " + p
            + " changes between list and item across pages");
      }
      listLayer[p] = isList[p];
      if (isList[p]) {
        q++;
      }
      thresh[p] = q;
    }
    // locate the items of rows [rowFrom, rowTo)
    int itemFrom = -1;
    int itemTo = items;
    int row = -1;
    for (int i = 0; i < items; i++) {
      int r = lists == 0 ? 0 : rep[i];
      if (lists == 0 || r == lists) {
        row++;
        if (row == rowFrom) {
          itemFrom = i;
        }
        if (row == rowTo) {
          itemTo = i;
          break;
        }
      } else if (i == 0) {
        throw new CorruptFileException(col.where(page) + " does not start with a new row");
      }
    }
    if (rowTo > row + 1 && itemTo == items && row + 1 != pageRows) {
      throw new CorruptFileException(col.where(page) + " holds " + (row + 1) + " rows, its"
          + " metadata says " + pageRows);
    }
    if (itemFrom < 0) {
      itemFrom = itemTo;
    }
    int maxDef = layers.maxDef();
    int visibleBefore = 0;
    for (int i = 0; i < itemFrom; i++) {
      if (def == null || def[i] < layers.firstListLevel) {
        visibleBefore++;
      }
    }
    int v0 = visibleBefore;
    for (int i = itemFrom; i < itemTo; i++) {
      int r = lists == 0 ? 0 : rep[i];
      int lv = def == null ? 0 : def[i];
      if (lv < 0 || lv > maxDef || r < 0 || r > lists) {
        throw new CorruptFileException(col.where(page) + ": item " + i + " has rep " + r
            + " and def " + lv + " (at most " + lists + " and " + maxDef + ")");
      }
      int stop = lv == 0 ? -1 : layers.layerOfLevel[lv];
      boolean stopNull = lv != 0 && layers.nullLevel[stop] == lv;
      boolean placeholder = false;
      for (int p = layersN - 1; p >= 0; p--) {
        if (placeholder) {
          slot(p, false);
          if (isList[p]) {
            break;
          }
          continue;
        }
        if (r < thresh[p]) {
          if (stop == p) {
            throw new CorruptFileException(col.where(page) + ": item " + i + " ends at layer "
                + p + " but does not start a new slot there (rep " + r + ")");
          }
          continue; // this layer continues its current slot
        }
        boolean ok = !(stop == p && stopNull);
        slot(p, ok);
        if (stop == p) {
          if (isList[p]) {
            break; // null or empty list: nothing inside
          }
          placeholder = true; // null struct / leaf: null slots inside, down to the next list
        }
      }
      if (lv < layers.firstListLevel) {
        visibleBefore++;
      }
    }
    Block vals = d.values();
    int nv = visibleBefore - v0;
    if (nv > 0) {
      if (vals == null) {
        values.add(ArrowFill.zeros(field, nv));
      } else {
        if (vals.numValues() < visibleBefore) {
          throw new CorruptFileException(col.where(page) + " has " + vals.numValues()
              + " values for " + visibleBefore + " visible items");
        }
        values.add(vals, v0, visibleBefore);
      }
    }
  }

  /** Appends a slot to layer {@code p}; a list slot starts at the current child count. */
  private void slot(int p, boolean ok) {
    if (listLayer[p]) {
      if (startsLen[p] == starts[p].length) {
        starts[p] = Arrays.copyOf(starts[p], starts[p].length * 2);
      }
      starts[p][startsLen[p]++] = count[p - 1];
    }
    valid[p].add(ok);
    count[p]++;
  }

  private Nest build(int rows, Field field) {
    byte[][] validity = new byte[layersN][];
    long[][] offsets = new long[layersN][];
    for (int p = 0; p < layersN; p++) {
      validity[p] = valid[p].allSet() ? null : valid[p].bytes();
      if (listLayer[p] && p > 0) {
        long[] o = Arrays.copyOf(starts[p], count[p] + 1);
        o[count[p]] = count[p - 1];
        offsets[p] = o;
      }
    }
    if (count[layersN - 1] != rows) {
      throw new CorruptFileException("rep/def levels describe " + count[layersN - 1]
          + " rows, expected " + rows);
    }
    Block v = values.build();
    return new Nest(count, validity, offsets, v == null ? ArrowFill.zeros(field, 0) : v);
  }

  /** A growable bitmap. */
  static final class Bits {
    private byte[] b = new byte[16];
    private int n;
    private boolean all = true;

    void add(boolean v) {
      if (n >> 3 >= b.length) {
        b = Arrays.copyOf(b, b.length * 2);
      }
      if (v) {
        b[n >> 3] |= (byte) (1 << (n & 7));
      } else {
        all = false;
      }
      n++;
    }

    boolean allSet() {
      return all;
    }

    byte[] bytes() {
      return Arrays.copyOf(b, (n + 7) / 8);
    }
  }
}
