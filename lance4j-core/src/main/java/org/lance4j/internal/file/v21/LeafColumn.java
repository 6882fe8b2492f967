package org.lance4j.internal.file.v21;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance4j.proto.Encodings21Protos.ConstantLayout;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * Buffers one leaf column's current page (values plus, per item, which layer is null; under a
 * list also the repetition and definition levels, see {@link LevelBuffer}) and encodes it when
 * full: Constant for an all-null page of a top-level leaf (and, under a list, for a page without
 * a valid value: levels only), FullZip for fixed-size lists, wide fixed-width values and long
 * strings, MiniBlock otherwise. Pages of a list column end at row boundaries.
 */
final class LeafColumn {
  enum Kind { FIXED, BOOL, VAR, FSL }

  static final int MAX_PAGE_ITEMS = 1 << 20;

  final int column;
  final int numLayers;
  final Kind kind;
  private final boolean large;
  /** FIXED: bits per value; FSL: bits per item. */
  private final int bits;
  private final int dim;
  private final long pageBytes;
  private final boolean largeChunks;
  /** The field's encoding hints (lance-encoding:* metadata). */
  private final EncodingHints hints;

  private int n;
  private byte[] nullLayer = new byte[1024];
  private final GrowBytes values = new GrowBytes(4096);
  private final GrowBytes itemValidity = new GrowBytes(64);
  private boolean anyItemNull;
  private long[] offsets = new long[1025];
  /** Rows buffered (equal to {@code n} without lists). */
  private int rows;

  // ---- under a list ----
  /** Per path layer, top first: a list (or map) layer; null when the leaf is under no list. */
  private final boolean[] listAt;
  /** Per layer, leaf first: a list layer. */
  private final boolean[] isListLayer;
  /** Top-first index of the innermost list layer. */
  private final int innermostList;
  /** Per top-first layer: how many list layers lie below it (the rep level inside it). */
  private final int[] listsBelow;
  private final int numLists;
  private final LevelBuffer levelBuf;
  /** The levels of the page being encoded (null for a page without lists). */
  private Levels pageLevels;
  private int runStart;
  private int runLen;
  /**
   * Per layer (leaf first): a null seen in the page at this layer, also under a null parent
   * (Lance makes a layer nullable when its own array has nulls in the page).
   */
  private final boolean[] seenNull;

  LeafColumn(int column, Field leaf, int numLayers, long pageBytes, boolean largeChunks) {
    this(column, leaf, numLayers, pageBytes, largeChunks, null);
  }

  /** @param listAt per path layer, top first: a list layer (null: no list on the path) */
  LeafColumn(int column, Field leaf, int numLayers, long pageBytes, boolean largeChunks,
      boolean[] listAt) {
    this.column = column;
    this.numLayers = numLayers;
    int lists = 0;
    int inner = -1;
    if (listAt != null) {
      for (int j = 0; j < listAt.length; j++) {
        if (listAt[j]) {
          lists++;
          inner = j;
        }
      }
    }
    this.numLists = lists;
    this.listAt = lists == 0 ? null : listAt.clone();
    this.innermostList = inner;
    this.listsBelow = new int[numLayers];
    this.isListLayer = new boolean[numLayers];
    for (int j = numLayers - 1, below = 0; j >= 0; j--) {
      listsBelow[j] = below;
      if (this.listAt != null && this.listAt[j]) {
        below++;
        isListLayer[numLayers - 1 - j] = true;
      }
    }
    this.levelBuf = lists == 0 ? null : new LevelBuffer();
    this.seenNull = new boolean[numLayers];
    this.pageBytes = pageBytes;
    this.largeChunks = largeChunks;
    this.hints = EncodingHints.of(leaf);
    ArrowType t = leaf.getType();
    if (t instanceof ArrowType.FixedSizeList l) {
      kind = Kind.FSL;
      dim = l.getListSize();
      bits = ArrowFill.fixedBits(leaf.getChildren().get(0).getType());
      large = false;
    } else if (ArrowFill.isVar(t)) {
      kind = Kind.VAR;
      dim = 0;
      bits = 0;
      large = ArrowFill.isLargeVar(t);
    } else {
      bits = ArrowFill.fixedBits(t);
      kind = bits == 1 ? Kind.BOOL : Kind.FIXED;
      dim = 0;
      large = false;
    }
  }

  /** Whether {@code f} (an Arrow field of a leaf column) can be written by this class. */
  static boolean supported(Field f) {
    ArrowType t = f.getType();
    if (t instanceof ArrowType.FixedSizeList l) {
      Field item = f.getChildren().get(0);
      int b = ArrowFill.fixedBits(item.getType());
      return l.getListSize() > 0 && b > 1 && b % 8 == 0 && item.getChildren().isEmpty();
    }
    return ArrowFill.isVar(t) || (ArrowFill.fixedBits(t) > 0
        && (ArrowFill.fixedBits(t) == 1 || ArrowFill.fixedBits(t) % 8 == 0));
  }

  long bufferedBytes() {
    return values.size() + itemValidity.size() + n + (kind == Kind.VAR ? 8L * n : 0)
        + (levelBuf == null ? 0 : 2L * levelBuf.size());
  }

  /**
   * Appends rows {@code [start, start + count)}; {@code path} holds the vectors from the
   * top-level field down to the leaf (struct parents between).
   */
  void append(FieldVector[] path, int start, int count, Sink sink) {
    if (listAt != null) {
      appendNested(path, start, count, sink);
      return;
    }
    int done = 0;
    while (done < count) {
      int take = Math.min(count - done, MAX_PAGE_ITEMS - n);
      appendSome(path, start + done, take);
      done += take;
      if (!sized && values.size() >= PRESIZE_AT) {
        presize();
      }
      if (n >= MAX_PAGE_ITEMS || bufferedBytes() >= pageBytes) {
        flush(sink);
      }
    }
  }

  /** Once the page's values pass this many bytes, the buffers jump to the page's expected size. */
  static final int PRESIZE_AT = 256 * 1024;
  private boolean sized;

  /**
   * Sizes the page buffers for a full page, estimated from what the page holds so far (the
   * items that fit the page budget, plus one batch of slack), instead of doubling them on the
   * way there: each doubling copies the buffer and leaves the old one to the collector. Done once
   * per column, when the values pass {@link #PRESIZE_AT} (small writes never pay for it); later
   * pages reuse the buffers.
   */
  private void presize() {
    sized = true;
    long per = Math.max(1, bufferedBytes() / n);
    long items = Math.min(MAX_PAGE_ITEMS, pageBytes / per + 1);
    if (items <= n) {
      return;
    }
    long want = Math.min(values.size() * items / n + values.size() / 4 + 64,
        pageBytes + pageBytes / 4);
    // a finished file's buffers (same thread) when there are some: no new arrays to zero
    byte[] spare = want > values.capacity() ? PageBuffers.bytes(want) : null;
    if (spare != null) {
      values.adopt(spare);
    } else {
      values.reserve(want);
    }
    int slots = (int) Math.min(MAX_PAGE_ITEMS + 1L, items + items / 8 + 1024);
    if (nullLayer.length < slots) {
      byte[] s = PageBuffers.bytes(slots);
      if (s != null) {
        System.arraycopy(nullLayer, 0, s, 0, n);
        nullLayer = s;
      } else {
        nullLayer = java.util.Arrays.copyOf(nullLayer, slots);
      }
    }
    if (kind == Kind.VAR && offsets.length < slots + 1) {
      long[] s = PageBuffers.longs(slots + 1);
      if (s != null) {
        System.arraycopy(offsets, 0, s, 0, n + 1);
        offsets = s;
      } else {
        offsets = java.util.Arrays.copyOf(offsets, slots + 1);
      }
    }
  }

  /**
   * Gives the page buffers to {@link PageBuffers} for the next file written on this thread;
   * the column must not be used afterwards (its file is finished or closed).
   */
  void release() {
    PageBuffers.give(values.release());
    PageBuffers.give(nullLayer);
    nullLayer = new byte[0];
    PageBuffers.give(offsets);
    offsets = new long[1];
    n = 0;
  }

  private void appendSome(FieldVector[] path, int start, int count) {
    if (nullLayer.length < n + count) {
      nullLayer = java.util.Arrays.copyOf(nullLayer, Math.max(nullLayer.length * 2, n + count));
    }
    int depth = path.length;
    boolean anyNull = ArrowCopy.nullLayers(path, start, count, nullLayer, n, seenNull);
    appendValues(path[depth - 1], start, count, anyNull);
    rows += count;
  }

  /** Appends leaf values {@code [start, start + count)}; their nulls are in {@code nullLayer}. */
  private void appendValues(FieldVector leaf, int start, int count, boolean anyNull) {
    switch (kind) {
      case FIXED -> {
        int w = bits / 8;
        int at = values.extend(count * w); // overwritten by the copy
        leaf.getDataBuffer().getBytes((long) start * w, values.array(), at, count * w);
        if (anyNull) {
          zeroNulls(at, count, w);
        }
      }
      case BOOL -> ArrowCopy.bits(leaf.getDataBuffer(), start, count, n, values);
      case VAR -> appendVar(leaf, start, count);
      case FSL -> appendFsl((FixedSizeListVector) leaf, start, count);
      default -> throw new IllegalStateException(kind.toString());
    }
    n += count;
  }

  /**
   * Zeroes the value slots of the null items among the {@code count} just appended at byte
   * {@code at} (null slots hold whatever Arrow left there); 4- and 8-byte values with a select
   * per item (a null's position is unpredictable).
   */
  private void zeroNulls(int at, int count, int w) {
    byte[] va = values.array();
    byte[] nl = nullLayer;
    int base = n;
    if (w == 4) {
      for (int i = 0; i < count; i++) {
        int p = at + 4 * i;
        int x = (int) BitpackWriter.INTS.get(va, p);
        BitpackWriter.INTS.set(va, p, nl[base + i] < 0 ? x : 0);
      }
      return;
    }
    if (w == 8) {
      for (int i = 0; i < count; i++) {
        int p = at + 8 * i;
        long x = (long) BitpackWriter.LONGS.get(va, p);
        BitpackWriter.LONGS.set(va, p, nl[base + i] < 0 ? x : 0L);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      if (nl[base + i] >= 0) {
        java.util.Arrays.fill(va, at + i * w, at + (i + 1) * w, (byte) 0);
      }
    }
  }

  private int[] offsetScratch = new int[0];

  private void appendVar(FieldVector leaf, int start, int count) {
    if (offsets.length < n + count + 1) {
      offsets = java.util.Arrays.copyOf(offsets, Math.max(offsets.length * 2, n + count + 1));
    }
    offsetScratch = ArrowCopy.var(leaf, start, count, nullLayer, n, offsets, values,
        offsetScratch);
  }

  private void appendFsl(FixedSizeListVector leaf, int start, int count) {
    FieldVector items = leaf.getDataVector();
    int w = bits / 8;
    long first = (long) start * dim;
    int len = count * dim * w;
    int at = values.extend(len); // overwritten by the copy
    items.getDataBuffer().getBytes(first * w, values.array(), at, len);
    long bit = (long) n * dim;
    boolean noneNull = items.getNullCount() == 0
        || ArrowCopy.allSet(items.getValidityBuffer(), first, (long) count * dim);
    if (!anyItemNull && noneNull) {
      return; // the page's item validity stays implicit (all valid) until an item is null
    }
    if (!anyItemNull) {
      // the first null item of the page: the items before it were all valid
      itemValidity.clear();
      int bytes = (int) ((bit + 7) >>> 3);
      int p = itemValidity.extend(bytes);
      java.util.Arrays.fill(itemValidity.array(), p, p + bytes, (byte) 0xFF);
      anyItemNull = true;
    }
    if (noneNull) {
      ArrowCopy.ones(bit, count * dim, itemValidity); // rare: a page mixing both
      return;
    }
    ArrowCopy.bits(items.getValidityBuffer(), first, count * dim, bit, itemValidity);
  }

  /** Appends whole rows of a leaf under a list, flushing pages between rows when full. */
  private void appendNested(FieldVector[] path, int start, int count, Sink sink) {
    FieldVector leaf = path[path.length - 1];
    for (int r = start; r < start + count; r++) {
      emit(path, 0, r, numLists);
      rows++;
      if (((rows & 63) == 0 || r == start + count - 1)
          && (levelBuf.size() + runLen >= MAX_PAGE_ITEMS || n + runLen >= MAX_PAGE_ITEMS
              || bufferedBytes() + runLen * 8L >= pageBytes)) {
        endRun(leaf);
        flush(sink);
      }
    }
    endRun(leaf);
  }

  /** Levels and values of item {@code idx} of path layer {@code j} (top first). */
  private void emit(FieldVector[] path, int j, int idx, int rep) {
    FieldVector v = path[j];
    int p = numLayers - 1 - j;
    if (v.isNull(idx)) {
      levelBuf.add(rep, LevelBuffer.nullAt(p));
      for (int k = j; k < numLayers; k++) { // nulls under it, down to the next list
        if (k > j && listAt[k - 1]) {
          break;
        }
        if (path[k].isNull(idx)) {
          seenNull[numLayers - 1 - k] = true;
        }
      }
      if (j > innermostList) {
        value(path, idx, (byte) p); // a null below every list still takes a (null) value slot
      }
      return;
    }
    if (j == numLayers - 1) {
      levelBuf.add(rep, LevelBuffer.VALID);
      value(path, idx, (byte) -1);
      return;
    }
    if (!listAt[j]) {
      emit(path, j + 1, idx, rep);
      return;
    }
    long a;
    long b;
    if (v instanceof org.apache.arrow.vector.complex.LargeListVector) {
      a = v.getOffsetBuffer().getLong(8L * idx);
      b = v.getOffsetBuffer().getLong(8L * idx + 8);
    } else {
      a = v.getOffsetBuffer().getInt(4L * idx);
      b = v.getOffsetBuffer().getInt(4L * idx + 4);
    }
    if (a == b) {
      levelBuf.add(rep, LevelBuffer.emptyAt(p));
      return;
    }
    int inner = listsBelow[j];
    for (long k = a; k < b; k++) {
      emit(path, j + 1, (int) k, k == a ? rep : inner);
    }
  }

  /** Queues leaf value {@code idx} (consecutive ones are copied together). */
  private void value(FieldVector[] path, int idx, byte nl) {
    if (runLen > 0 && idx != runStart + runLen) {
      endRun(path[path.length - 1]);
    }
    if (runLen == 0) {
      runStart = idx;
    }
    if (nullLayer.length <= n + runLen) {
      nullLayer = java.util.Arrays.copyOf(nullLayer, Math.max(nullLayer.length * 2, n + runLen + 1));
    }
    nullLayer[n + runLen] = nl;
    runLen++;
  }

  private void endRun(FieldVector leaf) {
    if (runLen > 0) {
      int c = runLen;
      runLen = 0;
      boolean anyNull = false;
      for (int i = n; i < n + c && !anyNull; i++) {
        anyNull = nullLayer[i] >= 0;
      }
      appendValues(leaf, runStart, c, anyNull);
    }
  }

  /** Receives encoded pages: column, rows, page. */
  interface Sink {
    void page(int column, long rows, EncodedPage page);
  }

  void flush(Sink sink) {
    if (listAt != null) {
      flushNested(sink);
      return;
    }
    if (n == 0) {
      return;
    }
    boolean[] hasNull = seenNull.clone();
    java.util.Arrays.fill(seenNull, false);
    boolean allNull = true;
    if (numLayers == 1) {
      // one layer: each entry is -1 (valid) or 0 (null); branch-free scans
      int or = 0;
      int and = 1;
      for (int i = 0; i < n; i++) {
        int x = nullLayer[i] + 1;
        or |= x;
        and &= x;
      }
      hasNull[0] |= or != 0;
      allNull = and != 0;
    } else {
      for (int i = 0; i < n; i++) {
        if (nullLayer[i] >= 0) {
          hasNull[nullLayer[i]] = true;
        } else {
          allNull = false;
        }
      }
    }
    List<RepDefLayer> layers = new ArrayList<>();
    int[] levelOf = new int[numLayers];
    int maxDef = 0;
    for (int p = 0; p < numLayers; p++) {
      if (hasNull[p]) {
        levelOf[p] = ++maxDef;
        layers.add(RepDefLayer.REPDEF_NULLABLE_ITEM);
      } else {
        layers.add(RepDefLayer.REPDEF_ALL_VALID_ITEM);
      }
    }
    EncodedPage page;
    if (allNull && numLayers == 1) {
      page = new EncodedPage(PageLayout.newBuilder().setConstantLayout(ConstantLayout.newBuilder()
          .addAllLayers(layers)).build(), new byte[0][]);
    } else if (allNull) {
      // nulls at several layers (e.g. null structs and null leaves): the def levels alone
      int[] def = new int[n];
      for (int i = 0; i < n; i++) {
        def[i] = levelOf[nullLayer[i]];
      }
      page = ConstantPage.levelsOnly(layers, new Levels(n, null, def, 0, null));
    } else {
      int[] def = null;
      if (maxDef > 0) {
        def = new int[n];
        if (numLayers == 1) {
          for (int i = 0; i < n; i++) {
            def[i] = nullLayer[i] + 1; // -1 (valid) -> 0, 0 (null) -> level 1
          }
        } else {
          for (int i = 0; i < n; i++) {
            def[i] = nullLayer[i] < 0 ? 0 : levelOf[nullLayer[i]];
          }
        }
      }
      page = LeafPages.encode(buffered(), def, maxDef, layers);
    }
    sink.page(column, n, page);
    n = 0;
    rows = 0;
    values.clear();
    itemValidity.clear();
    anyItemNull = false;
  }

  private void flushNested(Sink sink) {
    if (rows == 0) {
      return;
    }
    LevelBuffer.Built b = levelBuf.build(isListLayer, numLayers - 1 - innermostList, numLists, n,
        seenNull);
    java.util.Arrays.fill(seenNull, false);
    Levels lv = b.levels();
    boolean anyValid = false;
    for (int i = 0; i < n && !anyValid; i++) {
      anyValid = nullLayer[i] < 0;
    }
    EncodedPage page;
    if (!anyValid) {
      page = ConstantPage.levelsOnly(b.layers(), lv);
    } else {
      pageLevels = lv;
      try {
        page = LeafPages.encode(buffered(), b.valueDef(), b.maxDef(), b.layers());
      } catch (MiniBlockWriter.ChunkOverflow e) {
        pageLevels = b.levels();
        page = LeafPages.fullZipFallback(buffered(), b);
      } finally {
        pageLevels = null;
      }
    }
    sink.page(column, rows, page);
    n = 0;
    rows = 0;
    levelBuf.clear();
    values.clear();
    itemValidity.clear();
    anyItemNull = false;
  }

  /** The buffered page's values, for {@link LeafPages}. */
  private LeafPages.Values buffered() {
    return new LeafPages.Values(column, kind, bits, dim, large, largeChunks, hints, n,
        values.array(), offsets, anyItemNull ? itemValidity.array() : null, pageLevels);
  }
}
