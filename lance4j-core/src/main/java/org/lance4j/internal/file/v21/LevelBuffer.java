package org.lance4j.internal.file.v21;

import java.util.ArrayList;
import java.util.List;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * The levels of a leaf column under a list, as appended (one per leaf item, null list or empty
 * list): the repetition level and where the item stops ({@link #VALID}, null at layer {@code p},
 * or an empty list at layer {@code p}; layers counted from the leaf, 0 = the leaf). At a page's
 * end {@link #build} picks each layer's kind from what the page holds (a list with nulls and
 * empties is NULL_AND_EMPTY_LIST, and so on, as Lance does) and numbers the definition levels.
 */
final class LevelBuffer {
  static final byte VALID = -1;
  private static final int EMPTY = 0x40;

  private byte[] rep = new byte[1024];
  private byte[] stop = new byte[1024];
  private int count;

  static byte nullAt(int p) {
    return (byte) p;
  }

  static byte emptyAt(int p) {
    return (byte) (p | EMPTY);
  }

  void add(int r, byte s) {
    if (count == rep.length) {
      rep = java.util.Arrays.copyOf(rep, count * 2);
      stop = java.util.Arrays.copyOf(stop, count * 2);
    }
    rep[count] = (byte) r;
    stop[count] = s;
    count++;
  }

  int size() {
    return count;
  }

  void clear() {
    count = 0;
  }

  /** A page's layers, its levels and the def level of each value. */
  record Built(List<RepDefLayer> layers, int maxDef, Levels levels, int[] valueDef) {}

  /**
   * @param isList per layer (leaf first): a list layer
   * @param firstListLayer the innermost list layer (items stopping below it carry a value)
   * @param numValues values appended for the page
   * @param seenNull per layer: nulls seen in the page's arrays (also under null parents)
   */
  Built build(boolean[] isList, int firstListLayer, int numLists, int numValues,
      boolean[] seenNull) {
    int layersN = isList.length;
    boolean[] hasNull = seenNull.clone();
    boolean[] hasEmpty = new boolean[layersN];
    for (int i = 0; i < count; i++) {
      int s = stop[i];
      if (s != VALID) {
        if ((s & EMPTY) != 0) {
          hasEmpty[s & ~EMPTY] = true;
        } else {
          hasNull[s] = true;
        }
      }
    }
    List<RepDefLayer> layers = new ArrayList<>(layersN);
    int[] nullLevel = new int[layersN];
    int[] emptyLevel = new int[layersN];
    int level = 0;
    for (int p = 0; p < layersN; p++) {
      if (!isList[p]) {
        if (hasNull[p]) {
          nullLevel[p] = ++level;
          layers.add(RepDefLayer.REPDEF_NULLABLE_ITEM);
        } else {
          layers.add(RepDefLayer.REPDEF_ALL_VALID_ITEM);
        }
      } else if (hasNull[p] && hasEmpty[p]) {
        nullLevel[p] = ++level;
        emptyLevel[p] = ++level;
        layers.add(RepDefLayer.REPDEF_NULL_AND_EMPTY_LIST);
      } else if (hasNull[p]) {
        nullLevel[p] = ++level;
        layers.add(RepDefLayer.REPDEF_NULLABLE_LIST);
      } else if (hasEmpty[p]) {
        emptyLevel[p] = ++level;
        layers.add(RepDefLayer.REPDEF_EMPTYABLE_LIST);
      } else {
        layers.add(RepDefLayer.REPDEF_ALL_VALID_LIST);
      }
    }
    int maxDef = level;
    int[] r = new int[count];
    int[] d = maxDef == 0 ? null : new int[count];
    int[] valueLevel = new int[numValues];
    int[] valueDef = maxDef == 0 ? null : new int[numValues];
    int v = 0;
    for (int i = 0; i < count; i++) {
      r[i] = rep[i];
      int s = stop[i];
      int lv = 0;
      boolean visible = true;
      if (s != VALID) {
        int p = s & ~EMPTY;
        lv = (s & EMPTY) != 0 ? emptyLevel[p] : nullLevel[p];
        visible = p < firstListLayer;
      }
      if (d != null) {
        d[i] = lv;
      }
      if (visible) {
        if (v == numValues) {
          throw new IllegalStateException("more visible levels than the " + numValues
              + " values appended");
        }
        valueLevel[v] = i;
        if (valueDef != null) {
          valueDef[v] = lv;
        }
        v++;
      }
    }
    if (v != numValues) {
      throw new IllegalStateException(v + " visible levels for " + numValues + " values");
    }
    return new Built(layers, maxDef, new Levels(count, r, d, numLists, valueLevel), valueDef);
  }
}
