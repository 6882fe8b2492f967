package org.lance4j.internal.file.v21;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance4j.proto.Encodings21Protos.ConstantLayout;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * Buffers one leaf column's current page (values plus, per item, which layer is null) and
 * encodes it when full: Constant for an all-null page of a top-level leaf, FullZip for
 * fixed-size lists, wide fixed-width values and long strings, MiniBlock otherwise.
 */
final class LeafColumn {
  enum Kind { FIXED, BOOL, VAR, FSL }

  /** Fixed-width values wider than this go to FullZip. */
  static final int FULLZIP_FIXED_BYTES = 256;
  /** Variable-width pages whose longest value has this many bytes go to FullZip (Lance). */
  static final int FULLZIP_AVG_BYTES = 256;
  /** A value this long forces FullZip (it could not share a 2.1 mini-block chunk). */
  static final int FULLZIP_MAX_BYTES = 16 * 1024;
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

  LeafColumn(int column, Field leaf, int numLayers, long pageBytes, boolean largeChunks) {
    this.column = column;
    this.numLayers = numLayers;
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
    return values.size() + itemValidity.size() + n + (kind == Kind.VAR ? 8L * n : 0);
  }

  /**
   * Appends rows {@code [start, start + count)}; {@code path} holds the vectors from the
   * top-level field down to the leaf (struct parents between).
   */
  void append(FieldVector[] path, int start, int count, Sink sink) {
    int done = 0;
    while (done < count) {
      int take = Math.min(count - done, MAX_PAGE_ITEMS - n);
      appendSome(path, start + done, take);
      done += take;
      if (n >= MAX_PAGE_ITEMS || bufferedBytes() >= pageBytes) {
        flush(sink);
      }
    }
  }

  private void appendSome(FieldVector[] path, int start, int count) {
    if (nullLayer.length < n + count) {
      nullLayer = java.util.Arrays.copyOf(nullLayer, Math.max(nullLayer.length * 2, n + count));
    }
    int depth = path.length;
    for (int i = 0; i < count; i++) {
      byte nl = -1;
      for (int j = 0; j < depth; j++) {
        if (path[j].isNull(start + i)) {
          nl = (byte) (depth - 1 - j);
          break;
        }
      }
      nullLayer[n + i] = nl;
    }
    FieldVector leaf = path[depth - 1];
    switch (kind) {
      case FIXED -> {
        int w = bits / 8;
        int at = values.skip(count * w);
        leaf.getDataBuffer().getBytes((long) start * w, values.array(), at, count * w);
        for (int i = 0; i < count; i++) {
          if (nullLayer[n + i] >= 0) { // null slots hold whatever Arrow left there: zero them
            java.util.Arrays.fill(values.array(), at + i * w, at + (i + 1) * w, (byte) 0);
          }
        }
      }
      case BOOL -> {
        ArrowBuf d = leaf.getDataBuffer();
        for (int i = 0; i < count; i++) {
          int bit = n + i;
          if ((bit & 7) == 0) {
            values.u8(0);
          }
          int src = start + i;
          if ((d.getByte(src >> 3) >> (src & 7) & 1) != 0) {
            values.array()[bit >> 3] |= (byte) (1 << (bit & 7));
          }
        }
      }
      case VAR -> appendVar(leaf, start, count);
      case FSL -> appendFsl((FixedSizeListVector) leaf, start, count);
      default -> throw new IllegalStateException(kind.toString());
    }
    n += count;
  }

  private void appendVar(FieldVector leaf, int start, int count) {
    if (offsets.length < n + count + 1) {
      offsets = java.util.Arrays.copyOf(offsets, Math.max(offsets.length * 2, n + count + 1));
    }
    ArrowBuf ob = leaf.getOffsetBuffer();
    ArrowBuf db = leaf.getDataBuffer();
    boolean lv = leaf instanceof BaseLargeVariableWidthVector;
    for (int i = 0; i < count; i++) {
      int r = start + i;
      if (nullLayer[n + i] < 0) {
        long a = lv ? ob.getLong(8L * r) : ob.getInt(4L * r);
        long b = lv ? ob.getLong(8L * (r + 1)) : ob.getInt(4L * (r + 1));
        int len = (int) (b - a);
        int at = values.skip(len);
        db.getBytes(a, values.array(), at, len);
      }
      offsets[n + i + 1] = values.size();
    }
  }

  private void appendFsl(FixedSizeListVector leaf, int start, int count) {
    FieldVector items = leaf.getDataVector();
    int w = bits / 8;
    long first = (long) start * dim;
    int len = count * dim * w;
    int at = values.skip(len);
    items.getDataBuffer().getBytes(first * w, values.array(), at, len);
    for (int i = 0; i < count * dim; i++) {
      int bit = n * dim + i;
      if ((bit & 7) == 0) {
        itemValidity.u8(0);
      }
      if (!items.isNull((int) (first + i))) {
        itemValidity.array()[bit >> 3] |= (byte) (1 << (bit & 7));
      } else {
        anyItemNull = true;
      }
    }
  }

  /** Receives encoded pages: column, rows, page. */
  interface Sink {
    void page(int column, long rows, EncodedPage page);
  }

  void flush(Sink sink) {
    if (n == 0) {
      return;
    }
    boolean[] hasNull = new boolean[numLayers];
    boolean allNull = true;
    for (int i = 0; i < n; i++) {
      if (nullLayer[i] >= 0) {
        hasNull[nullLayer[i]] = true;
      } else {
        allNull = false;
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
    } else {
      int[] def = null;
      if (maxDef > 0) {
        def = new int[n];
        for (int i = 0; i < n; i++) {
          def[i] = nullLayer[i] < 0 ? 0 : levelOf[nullLayer[i]];
        }
      }
      page = encode(def, maxDef, layers);
    }
    sink.page(column, n, page);
    n = 0;
    values.clear();
    itemValidity.clear();
    anyItemNull = false;
  }

  private EncodedPage encode(int[] def, int maxDef, List<RepDefLayer> layers) {
    byte[] v = values.array();
    switch (kind) {
      case FSL:
        return FullZipWriter.fixed(n, def, maxDef, layers, v, dim * bits / 8,
            anyItemNull ? itemValidity.array() : null, dim, bits);
      case FIXED:
        if (bits / 8 > FULLZIP_FIXED_BYTES || hints.fullZip()) {
          return FullZipWriter.fixed(n, def, maxDef, layers, v, bits / 8, null, 0, bits);
        }
        return fixedMiniBlock(def, layers, bits);
      case BOOL:
        return fixedMiniBlock(def, layers, 1);
      default:
        return varPage(def, maxDef, layers);
    }
  }

  private EncodedPage fixedMiniBlock(int[] def, List<RepDefLayer> layers, int b) {
    byte[] v = values.array();
    if (largeChunks && b == 64 && !hints.none()) {
      EncodedPage dict = FixedDictionaryWriter.tryEncode(n, def, layers, v, b, hints, true);
      if (dict != null) {
        return dict;
      }
    }
    return MiniBlockWriter.write(n, def, layers, EncodingChoice.fixed(v, n, b, hints),
        largeChunks, null);
  }

  private EncodedPage varPage(int[] def, int maxDef, List<RepDefLayer> layers) {
    long maxLen = EncodingChoice.maxLength(offsets, n);
    byte[] v = values.array();
    if (!large && n >= 64 && !hints.fullZip()) {
      EncodedPage dict = DictionaryWriter.tryEncode(n, def, layers, v, offsets, largeChunks,
          hints);
      if (dict != null) {
        return dict;
      }
    }
    // Lance: mini-block for values under 256 bytes (or when asked), full-zip otherwise; a value
    // that cannot share a 2.1 chunk forces full-zip
    boolean miniBlock = hints.miniBlock() ? maxLen <= FULLZIP_MAX_BYTES
        : !hints.fullZip() && maxLen < FULLZIP_AVG_BYTES;
    if (!miniBlock) {
      return FullZipWriter.variable(n, def, maxDef, layers, v, offsets, large,
          EncodingChoice.perValue(offsets[n] - offsets[0], maxLen, hints));
    }
    return MiniBlockWriter.write(n, def, layers,
        EncodingChoice.variable(v, offsets, n, large, hints), largeChunks, null);
  }
}
