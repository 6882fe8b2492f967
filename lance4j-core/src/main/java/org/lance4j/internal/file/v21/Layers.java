package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * The rep/def layers of a page, item (leaf) layer first. Definition level 0 means valid at every
 * layer; each layer that can be null or empty takes the next level(s), inner layers first: a
 * nullable item or list one (null), an emptyable list one (empty), a list with both two (null,
 * then empty). Repetition: each list layer takes one level, inner lists first, so a rep level
 * {@code r > 0} starts a new list at list layer {@code numLists - r} and every layer outside it.
 */
final class Layers {
  final RepDefLayer[] layers;
  /** Per layer: the def level meaning "null at this layer", or -1. */
  final int[] nullLevel;
  /** Per layer: the def level meaning "empty list at this layer", or -1. */
  final int[] emptyLevel;
  /** Per def level: the layer it belongs to (index 0 unused). */
  final int[] layerOfLevel;
  /** The lowest def level that belongs to a list layer (items at or above it have no value). */
  final int firstListLevel;
  final int numLists;

  Layers(List<RepDefLayer> list) {
    this.layers = list.toArray(new RepDefLayer[0]);
    int n = layers.length;
    nullLevel = new int[n];
    emptyLevel = new int[n];
    int[] owner = new int[2 * n + 1];
    int level = 1;
    int firstList = Integer.MAX_VALUE;
    int lists = 0;
    for (int i = 0; i < n; i++) {
      nullLevel[i] = -1;
      emptyLevel[i] = -1;
      switch (layers[i]) {
        case REPDEF_ALL_VALID_ITEM -> { }
        case REPDEF_NULLABLE_ITEM -> nullLevel[i] = level++;
        case REPDEF_ALL_VALID_LIST -> lists++;
        case REPDEF_NULLABLE_LIST -> {
          lists++;
          nullLevel[i] = level++;
        }
        case REPDEF_EMPTYABLE_LIST -> {
          lists++;
          emptyLevel[i] = level++;
        }
        case REPDEF_NULL_AND_EMPTY_LIST -> {
          lists++;
          nullLevel[i] = level++;
          emptyLevel[i] = level++;
        }
        default -> throw new Decoding.Corrupt("rep/def layer " + layers[i]);
      }
      if (isList(i) && firstList == Integer.MAX_VALUE) {
        firstList = level - (nullLevel[i] >= 0 ? 1 : 0) - (emptyLevel[i] >= 0 ? 1 : 0);
      }
      if (nullLevel[i] > 0) {
        owner[nullLevel[i]] = i;
      }
      if (emptyLevel[i] > 0) {
        owner[emptyLevel[i]] = i;
      }
    }
    this.layerOfLevel = java.util.Arrays.copyOf(owner, level);
    this.firstListLevel = firstList;
    this.numLists = lists;
  }

  boolean isList(int i) {
    return switch (layers[i]) {
      case REPDEF_ALL_VALID_LIST, REPDEF_NULLABLE_LIST, REPDEF_EMPTYABLE_LIST,
          REPDEF_NULL_AND_EMPTY_LIST -> true;
      default -> false;
    };
  }

  int maxDef() {
    return layerOfLevel.length - 1;
  }

  /** Items among the first {@code n} levels that carry a value (not a null or empty list). */
  int visibleCount(int[] rep, int[] def, int n) {
    if (def == null || firstListLevel == Integer.MAX_VALUE) {
      return n;
    }
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (def[i] < firstListLevel) {
        c++;
      }
    }
    return c;
  }

  /** Whether layer {@code p} is valid for an item with def level {@code d}. */
  boolean valid(int d, int p) {
    return d == 0 || layerOfLevel[d] < p;
  }
}
