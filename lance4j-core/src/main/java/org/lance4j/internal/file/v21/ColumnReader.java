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
  private final long[] firstRow;
  private int cachedPage = -1;
  private PageData cached;
  private Layers cachedLayers;

  ColumnReader(V21FileReader.Source source, String file, int column,
      File2Protos.ColumnMetadata meta) {
    this.source = source;
    this.file = file;
    this.column = column;
    this.meta = meta;
    int n = meta.getPagesCount();
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

  String where(int page) {
    return "Lance file " + file + ", column " + column + ", page " + page;
  }

  PageLayout layout(int page) {
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
    decode(page, -1);
    return cachedLayers;
  }

  /** Decodes a page (or returns the cached one). {@code fixedBits}: the column's value width. */
  PageData decode(int page, int fixedBits) {
    if (page == cachedPage) {
      return cached;
    }
    PageLayout layout = layout(page);
    String encoding = describe(layout);
    try {
      ByteBuffer[] bufs = buffers(page);
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

  private ByteBuffer[] buffers(int page) {
    File2Protos.ColumnMetadata.Page p = meta.getPages(page);
    int n = p.getBufferOffsetsCount();
    if (p.getBufferSizesCount() != n) {
      throw new Decoding.Corrupt(n + " buffer offsets but " + p.getBufferSizesCount()
          + " sizes");
    }
    ByteBuffer[] out = new ByteBuffer[n];
    if (n == 0) {
      return out;
    }
    long lo = Long.MAX_VALUE;
    long hi = 0;
    for (int i = 0; i < n; i++) {
      long o = p.getBufferOffsets(i);
      long s = p.getBufferSizes(i);
      if (!(o >= 0 && s >= 0)) {
        throw new Decoding.Corrupt("buffer " + i + " at " + o + " of " + s + " bytes");
      }
      lo = Math.min(lo, o);
      hi = Math.max(hi, o + s);
    }
    if (!(hi - lo < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("page spans " + (hi - lo) + " bytes");
    }
    ByteBuffer all = Decoding.le(source.read(lo, (int) (hi - lo)));
    for (int i = 0; i < n; i++) {
      out[i] = Decoding.slice(all, (int) (p.getBufferOffsets(i) - lo),
          (int) p.getBufferSizes(i));
    }
    return out;
  }

  void clear() {
    cachedPage = -1;
    cached = null;
    cachedLayers = null;
  }
}
