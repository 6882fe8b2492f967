package org.lance4j.internal.file.v21;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.File2Protos;

/**
 * The pages of one leaf column: their row ranges, and the most recently decoded page (scans read
 * ranges in order, so one page per column is held).
 */
final class ColumnReader {
  static final String PAGE_LAYOUT_URL = "/lance.encodings21.PageLayout";

  private final V21FileReader.Source source;
  private final String file;
  private final int column;
  private final File2Protos.ColumnMetadata meta;
  private final PageBytes bytes;
  private final long[] firstRow;
  private int cachedPage = -1;
  private PageData cached;
  private Layers cachedLayers;
  /** Parsed page layouts and their layers, per page (small; parsed on first use). */
  private final PageLayout[] layouts;
  private final Layers[] layerCache;
  /** The most recent partial decode (some chunks / rows of one page). */
  private int piecePage = -1;
  private Piece piece;
  /** Whether {@link #piece}'s arrays are its own (see {@link MiniBlockPage#ownsArrays}). */
  private boolean pieceOwned;
  /** Chunk index and dictionary of the most recent mini-block page read in part. */
  private int chunkPage = -1;
  private MiniBlockPage.ChunkIndex chunkIndex;
  private Block chunkDict;
  private MiniBlockPage.Decoders chunkDecoders;
  /** The point reader of page {@link #pointsPage} (null: that page has none). */
  private int pointsPage = -1;
  private MiniBlockPoints points;

  ColumnReader(V21FileReader.Source source, String file, int column,
      File2Protos.ColumnMetadata meta) {
    this.source = source;
    this.file = file;
    this.column = column;
    this.meta = meta;
    this.bytes = new PageBytes(source, meta);
    int n = meta.getPagesCount();
    layouts = new PageLayout[n];
    layerCache = new Layers[n];
    firstRow = new long[n + 1];
    for (int i = 0; i < n; i++) {
      firstRow[i + 1] = firstRow[i] + meta.getPages(i).getLength();
    }
  }

  int numPages() {
    return meta.getPagesCount();
  }

  long firstRow(int page) {
    return firstRow[page];
  }

  long rows() {
    return firstRow[firstRow.length - 1];
  }

  /** The page holding row {@code row}. */
  int pageOf(long row) {
    int lo = 0;
    int hi = numPages() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firstRow[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * Adds {@code {first row, offset, length}} of the buffers (first to last) of each page holding
   * rows of {@code [start, end)} (see {@link V21FileReader#pageRanges}).
   */
  void pageRanges(long start, long end, java.util.List<long[]> out) {
    if (end <= start || numPages() == 0) {
      return;
    }
    for (int page = pageOf(start), last = pageOf(end - 1); page <= last; page++) {
      File2Protos.ColumnMetadata.Page p = meta.getPages(page);
      long lo = Long.MAX_VALUE;
      long hi = -1;
      for (int i = 0; i < Math.min(p.getBufferOffsetsCount(), p.getBufferSizesCount()); i++) {
        lo = Math.min(lo, p.getBufferOffsets(i));
        hi = Math.max(hi, p.getBufferOffsets(i) + p.getBufferSizes(i));
      }
      if (hi > lo && lo >= 0) {
        out.add(new long[] {firstRow[page], lo, hi - lo});
      }
    }
  }

  String where(int page) {
    return "Lance file " + file + ", column " + column + ", page " + page;
  }

  PageLayout layout(int page) {
    PageLayout l = layouts[page];
    if (l == null) {
      l = parseLayout(page);
      layouts[page] = l;
    }
    return l;
  }

  private PageLayout parseLayout(int page) {
    File2Protos.ColumnMetadata.Page p = meta.getPages(page);
    if (!p.getEncoding().hasDirect()) {
      throw new CorruptFileException(where(page) + ": page encoding is not stored inline");
    }
    try {
      Any any = Any.parseFrom(p.getEncoding().getDirect().getEncoding());
      if (!any.getTypeUrl().equals(PAGE_LAYOUT_URL)) {
        throw new UnsupportedFormatException(where(page) + ": page encoding "
            + any.getTypeUrl() + " is not a 2.1 page layout");
      }
      return PageLayout.parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(where(page) + ": page layout does not decode: "
          + e.getMessage(), e);
    }
  }

  Layers layers(int page) {
    Layers l = layerCache[page];
    if (l == null) {
      PageLayout layout = layout(page);
      l = switch (layout.getLayoutCase()) {
        case MINI_BLOCK_LAYOUT -> new Layers(layout.getMiniBlockLayout().getLayersList());
        case CONSTANT_LAYOUT -> new Layers(layout.getConstantLayout().getLayersList());
        case FULL_ZIP_LAYOUT -> new Layers(layout.getFullZipLayout().getLayersList());
        case BLOB_LAYOUT -> new Layers(layout.getBlobLayout().getLayersList());
        default -> null;
      };
      if (l == null) {
        decode(page, -1); // raises the error naming the layout
      }
      layerCache[page] = l;
    }
    return l;
  }

  /**
   * Decoded items {@code [base, base + data.numItems())} of a page (page-relative; items are
   * rows, as only pages without repetition are read in part).
   */
  record Piece(PageData data, int base) {}

  /**
   * Decodes at least rows {@code [from, to)} (page-relative) of a page: the whole page, or for a
   * mini-block page without repetition only the chunks holding them, for a fixed-width full-zip
   * page without repetition only those rows; only their bytes are fetched.
   */
  Piece rows(int page, int from, int to, int fixedBits) {
    if (page == cachedPage) {
      return new Piece(cached, 0);
    }
    Piece pc = piece;
    if (pc != null && piecePage == page && pc.base() <= from
        && to <= pc.base() + pc.data().numItems()) {
      return pc;
    }
    long pageRows = firstRow[page + 1] - firstRow[page];
    PageLayout layout = layout(page);
    boolean part = from > 0 || to < pageRows;
    if (part && layout.getLayoutCase() == PageLayout.LayoutCase.MINI_BLOCK_LAYOUT
        && !layout.getMiniBlockLayout().hasRepCompression()
        && layout.getMiniBlockLayout().getNumItems() == pageRows) {
      // a scan's range: decode ahead to SCAN_AHEAD_ROWS so that the chunk straddling two
      // batches is decoded once, not once per batch
      int upTo = to - from > WINDOW_ROWS
          ? (int) Math.min(pageRows, Math.max(to, (long) from + SCAN_AHEAD_ROWS)) : to;
      pc = guarded(page, layout, () -> miniBlockRows(page, layout.getMiniBlockLayout(), from,
          to, upTo));
    } else if (part && layout.getLayoutCase() == PageLayout.LayoutCase.FULL_ZIP_LAYOUT
        && FullZipPage.fixedRows(layout.getFullZipLayout())
        && layout.getFullZipLayout().getNumItems() == pageRows) {
      var fz = layout.getFullZipLayout();
      pc = guarded(page, layout, () -> {
        int stride = FullZipPage.stride(fz);
        ByteBuffer b = bytes.range(page, 0, (long) from * stride, (long) (to - from) * stride);
        return new Piece(FullZipPage.decodeRows(fz, b, to - from, false), from);
      });
      pieceOwned = false;
    } else if (part && layout.getLayoutCase() == PageLayout.LayoutCase.FULL_ZIP_LAYOUT
        && repIndexed(page, layout.getFullZipLayout(), pageRows)) {
      var fz = layout.getFullZipLayout();
      pc = guarded(page, layout, () -> fullZipRows(page, fz, from, to));
      pieceOwned = false;
    } else {
      PageData d = decode(page, fixedBits);
      if (d.numItems() != pageRows) {
        throw new CorruptFileException(where(page) + " has " + d.numItems() + " items for "
            + pageRows + " rows");
      }
      return new Piece(d, 0);
    }
    piecePage = page;
    piece = pc;
    return pc;
  }

  /**
   * A read of more rows than {@link #WINDOW_ROWS} from a mini-block page (a scan batch) decodes
   * the chunks up to this many rows on, kept for the next batches.
   */
  static final int SCAN_AHEAD_ROWS = 65536;
  /** ... and at most this many chunk bytes. */
  static final long SCAN_AHEAD_BYTES = 2L << 20;

  /**
   * The shape of a page whose rows are plain fixed-width values back to back (a full-zip page
   * without levels, e.g. vectors without nulls; see {@link FullZipPage#plainValues}), or null.
   */
  int[] plainValues(int page) {
    PageLayout layout = layout(page);
    if (layout.getLayoutCase() != PageLayout.LayoutCase.FULL_ZIP_LAYOUT
        || layout.getFullZipLayout().getNumItems() != firstRow[page + 1] - firstRow[page]) {
      return null;
    }
    return guarded(page, layout, () -> FullZipPage.plainValues(layout.getFullZipLayout()));
  }

  /** The bytes of rows {@code [from, to)} of a {@link #plainValues} page, fetched alone. */
  ByteBuffer plainRows(int page, int from, int to, int valueBytes) {
    PageLayout layout = layout(page);
    return guarded(page, layout, () -> bytes.range(page, 0, (long) from * valueBytes,
        (long) (to - from) * valueBytes));
  }

  /**
   * Rows {@code [from, to)} (page-relative, a part of the page) of a full-zip page with
   * repetition (lists) read through its repetition index: only their items' bytes are fetched;
   * the result holds exactly their items. Null when the page is not such a page (the caller then
   * decodes the whole page).
   */
  PageData listRows(int page, int from, int to) {
    long pageRows = firstRow[page + 1] - firstRow[page];
    if (page == cachedPage || !(from > 0 || to < pageRows) || from >= to
        || to - from > LIST_ROWS_MAX) {
      return null;
    }
    PageLayout layout = layout(page);
    if (layout.getLayoutCase() != PageLayout.LayoutCase.FULL_ZIP_LAYOUT) {
      return null;
    }
    var fz = layout.getFullZipLayout();
    if (!(fz.getBitsRep() > 0 && bytes.repIndexWidth(page, pageRows) > 0)) {
      return null;
    }
    return guarded(page, layout, () -> {
      ByteBuffer b = bytes.indexedRows(page, firstRow[page + 1] - firstRow[page], from, to);
      Layers layers = layers(page);
      return FullZipPage.decodeItems(fz, b, FullZipPage.countItems(fz, b, layers), layers,
          false);
    });
  }

  /** Reads of more list rows than this (scan batches) decode the page whole and keep it. */
  static final int LIST_ROWS_MAX = 1024;

  /**
   * Whether rows of a variable-width full-zip page without repetition (long strings, binary) can
   * be read through its repetition index: buffer 1 holds the start in buffer 0 of each row, then
   * the end (one item per row).
   */
  private boolean repIndexed(int page, org.lance4j.proto.Encodings21Protos.FullZipLayout fz,
      long pageRows) {
    return fz.getBitsRep() == 0 && !FullZipPage.fixedRows(fz)
        && fz.getDetailsCase()
            == org.lance4j.proto.Encodings21Protos.FullZipLayout.DetailsCase.BITS_PER_OFFSET
        && fz.getNumItems() == pageRows && bytes.repIndexWidth(page, pageRows) > 0;
  }

  /**
   * Rows {@code [from, to)} of a {@link #repIndexed} page: their repetition-index entries, then
   * only their bytes of buffer 0.
   */
  private Piece fullZipRows(int page, org.lance4j.proto.Encodings21Protos.FullZipLayout fz,
      int from, int to) {
    ByteBuffer b = bytes.indexedRows(page, firstRow[page + 1] - firstRow[page], from, to);
    return new Piece(FullZipPage.decodeItems(fz, b, to - from, layers(page), false), from);
  }

  /** Reads of at most this many rows within one chunk decode only those rows. */
  static final int WINDOW_ROWS = 64;

  /** Reads the chunk index, dictionary and decompressors of a mini-block page (kept). */
  private void chunkIndex(int page, org.lance4j.proto.Encodings21Protos.MiniBlockLayout mb) {
    if (chunkPage != page) {
      chunkPage = -1;
      chunkIndex = null;
      chunkDict = null;
      chunkDecoders = null;
      long dataBytes = bytes.size(page, 1);
      chunkIndex = MiniBlockPage.index(mb, bytes.range(page, 0, 0, bytes.size(page, 0)),
          dataBytes);
      if (mb.hasDictionary()) {
        chunkDict = MiniBlockPage.dictionary(mb, bytes.count(page) >= 3
            ? bytes.range(page, 2, 0, bytes.size(page, 2)) : null);
      }
      chunkDecoders = MiniBlockPage.Decoders.of(mb);
      chunkPage = page;
    }
  }

  /**
   * The point reader of a mini-block page without repetition (a take reads its rows one by one,
   * {@link MiniBlockPoints}), or null when the page is no such page or its encodings have no
   * point path (then {@link #rows} decodes windows of chunks).
   */
  MiniBlockPoints points(int page) {
    if (page == pointsPage) {
      return points;
    }
    if (page == cachedPage) {
      return null; // decoded whole already
    }
    PageLayout layout = layout(page);
    long pageRows = firstRow[page + 1] - firstRow[page];
    if (layout.getLayoutCase() != PageLayout.LayoutCase.MINI_BLOCK_LAYOUT
        || layout.getMiniBlockLayout().hasRepCompression()
        || layout.getMiniBlockLayout().getNumItems() != pageRows
        || !guarded(page, layout, () -> MiniBlockPoints.pointable(layout.getMiniBlockLayout()))) {
      return null;
    }
    var mb = layout.getMiniBlockLayout();
    MiniBlockPoints p = guarded(page, layout, () -> {
      long dataBytes = bytes.size(page, 1);
      MiniBlockPage.ChunkIndex idx = chunkPage == page ? chunkIndex
          : MiniBlockPage.index(mb, bytes.range(page, 0, 0, bytes.size(page, 0)), dataBytes);
      Block dict = chunkPage == page ? chunkDict : !mb.hasDictionary() ? null
          : MiniBlockPage.dictionary(mb, bytes.count(page) >= 3
              ? bytes.range(page, 2, 0, bytes.size(page, 2)) : null);
      return MiniBlockPoints.of(mb, idx, dict, (off, len) -> bytes.range(page, 1, off, len));
    });
    pointsPage = page;
    points = p;
    return p;
  }

  /** A failure of a point read of page {@code page} as the typed exception naming it. */
  RuntimeException typed(int page, RuntimeException e) {
    String encoding = describe(layout(page));
    if (e instanceof Decoding.Unsupported) {
      return new UnsupportedFormatException(where(page) + " (" + encoding + "): "
          + e.getMessage() + " is not supported by lance4j");
    }
    if (e instanceof Decoding.Corrupt) {
      return new CorruptFileException(where(page) + " (" + encoding + ") is corrupt: "
          + e.getMessage());
    }
    if (e instanceof IndexOutOfBoundsException || e instanceof java.nio.BufferUnderflowException
        || e instanceof IllegalArgumentException || e instanceof NegativeArraySizeException) {
      return new CorruptFileException(where(page) + " (" + encoding + ") is corrupt: " + e, e);
    }
    return e;
  }

  private Piece miniBlockRows(int page, org.lance4j.proto.Encodings21Protos.MiniBlockLayout mb,
      int from, int to, int ahead) {
    chunkIndex(page, mb);
    MiniBlockPage.ChunkIndex idx = chunkIndex;
    int c0 = idx.chunkOf(from);
    int c1 = to <= from ? c0 + 1 : idx.chunkOf(to - 1) + 1;
    while (c1 < idx.chunks() && idx.firstValue()[c1] < ahead
        && idx.firstByte()[c1 + 1] - idx.firstByte()[c0] <= SCAN_AHEAD_BYTES) {
      c1++; // read ahead (a scan), within the byte bound
    }
    long b0 = idx.firstByte()[c0];
    ByteBuffer data = bytes.range(page, 1, b0, idx.firstByte()[c1] - b0);
    int first = (int) idx.firstValue()[c0];
    // a few rows of one chunk (a take): decode just those when the encoding allows
    boolean[] windowed = c1 - c0 == 1 && to - from <= WINDOW_ROWS ? new boolean[1] : null;
    // the previous piece is read no more (its batches are in Arrow): its arrays are lent
    PageData spare = piece != null && pieceOwned ? piece.data() : null;
    piece = null;
    piecePage = -1;
    PageData d = MiniBlockPage.decode(mb, data, b0, layers(page), chunkDict, idx, c0, c1,
        from - first, to - first, windowed, chunkDecoders, spare);
    pieceOwned = MiniBlockPage.ownsArrays(c0, c1, windowed);
    if (windowed != null && windowed[0]) {
      return new Piece(d, from);
    }
    return new Piece(d, first);
  }

  private <T> T guarded(int page, PageLayout layout, java.util.function.Supplier<T> body) {
    String encoding = describe(layout);
    try {
      return body.get();
    } catch (Decoding.Unsupported e) {
      throw new UnsupportedFormatException(where(page) + " (" + encoding + "): "
          + e.getMessage() + " is not supported by lance4j");
    } catch (Decoding.Corrupt e) {
      throw new CorruptFileException(where(page) + " (" + encoding + ") is corrupt: "
          + e.getMessage());
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException
        | IllegalArgumentException | NegativeArraySizeException e) {
      throw new CorruptFileException(where(page) + " (" + encoding + ") is corrupt: "
          + e, e);
    }
  }

  /** Decodes a page (or returns the cached one). {@code fixedBits}: the column's value width. */
  PageData decode(int page, int fixedBits) {
    if (page == cachedPage) {
      return cached;
    }
    PageLayout layout = layout(page);
    String encoding = describe(layout);
    try {
      ByteBuffer[] bufs = bytes.all(page);
      PageData d;
      Layers layers;
      switch (layout.getLayoutCase()) {
        case MINI_BLOCK_LAYOUT -> {
          layers = new Layers(layout.getMiniBlockLayout().getLayersList());
          d = MiniBlockPage.decode(layout.getMiniBlockLayout(), bufs, layers);
        }
        case CONSTANT_LAYOUT -> {
          layers = new Layers(layout.getConstantLayout().getLayersList());
          d = ConstantPage.decode(layout.getConstantLayout(), bufs,
              meta.getPages(page).getLength(), layers, fixedBits);
        }
        case FULL_ZIP_LAYOUT -> {
          layers = new Layers(layout.getFullZipLayout().getLayersList());
          d = FullZipPage.decode(layout.getFullZipLayout(), bufs, layers);
        }
        case BLOB_LAYOUT -> {
          layers = new Layers(layout.getBlobLayout().getLayersList());
          d = BlobPage.decode(layout.getBlobLayout(), bufs, layers, source);
        }
        default -> throw new Decoding.Unsupported("page layout " + layout.getLayoutCase());
      }
      cachedPage = page;
      cached = d;
      cachedLayers = layers;
      return d;
    } catch (Decoding.Unsupported e) {
      throw new UnsupportedFormatException(where(page) + " (" + encoding + "): "
          + e.getMessage() + " is not supported by lance4j");
    } catch (Decoding.Corrupt e) {
      throw new CorruptFileException(where(page) + " (" + encoding + ") is corrupt: "
          + e.getMessage());
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException
        | IllegalArgumentException | NegativeArraySizeException e) {
      throw new CorruptFileException(where(page) + " (" + encoding + ") is corrupt: "
          + e, e);
    }
  }

  static String describe(PageLayout l) {
    return switch (l.getLayoutCase()) {
      case MINI_BLOCK_LAYOUT -> "MiniBlock " + Decompressors.name(
          l.getMiniBlockLayout().getValueCompression())
          + (l.getMiniBlockLayout().hasDictionary() ? " + dictionary" : "");
      case FULL_ZIP_LAYOUT -> "FullZip " + Decompressors.name(
          l.getFullZipLayout().getValueCompression());
      case CONSTANT_LAYOUT -> "Constant";
      case BLOB_LAYOUT -> "Blob";
      case LAYOUT_NOT_SET -> "no layout";
    };
  }

  void clear() {
    cachedPage = -1;
    cached = null;
    cachedLayers = null;
    piecePage = -1;
    piece = null;
    chunkPage = -1;
    chunkIndex = null;
    chunkDict = null;
    chunkDecoders = null;
    pointsPage = -1;
    points = null;
  }
}
