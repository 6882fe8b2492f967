package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.FixedSizeList;
import org.lance4j.proto.Encodings21Protos.FullZipLayout;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * Writes a full-zip page (see {@link FullZipPage} for the bytes): per item a control word (the
 * def level, when the page has one), then the value. Fixed-width values are stored for every
 * item, null ones too; variable-width values are a length plus bytes, for valid items only, and
 * the page gets a repetition index (buffer 1: u64 start of each row in buffer 0, then the end).
 * Under a list the control word is {@code rep << bits_def | def}, a null or empty list is a
 * control word alone, and fixed-width pages get the repetition index too.
 */
final class FullZipWriter {
  private FullZipWriter() {}

  static int bitsFor(int max) {
    return max == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(max);
  }

  private static void control(GrowBytes out, int ctrlBytes, int level) {
    if (ctrlBytes == 1) {
      out.u8(level);
    } else if (ctrlBytes == 2) {
      out.u16(level);
    }
  }

  /**
   * Fixed-width values of {@code valueBytes} each (for a fixed-size list: {@code dim} items of
   * {@code itemBits}, with the item validity of {@code validityBytes} before each value).
   */
  static EncodedPage fixed(int n, int[] def, Levels lv, int maxDef, List<RepDefLayer> layers,
      byte[] values, int valueBytes, byte[] itemValidity, int dim, int itemBits) {
    int bitsDef = bitsFor(maxDef);
    int bitsRep = lv == null ? 0 : bitsFor(lv.numLists());
    int ctrl = (bitsDef + bitsRep + 7) / 8;
    int items = lv == null ? n : lv.numLevels();
    int[] ldef = lv == null ? def : lv.def();
    int firstList = lv == null ? Integer.MAX_VALUE : new Layers(layers).firstListLevel;
    GrowBytes index = lv == null ? null : new GrowBytes(8 * (n + 1));
    boolean fsl = dim > 0;
    boolean hasValidity = itemValidity != null;
    int vb = hasValidity ? (dim + 7) / 8 : 0;
    CompressiveEncoding enc;
    int bits;
    if (fsl) {
      enc = CompressiveEncoding.newBuilder().setFixedSizeList(FixedSizeList.newBuilder()
          .setItemsPerValue(dim).setHasValidity(hasValidity)
          .setValues(EncodedPage.flat(itemBits))).build();
      bits = valueBytes * 8 + vb * 8;
    } else {
      enc = EncodedPage.flat(valueBytes * 8L);
      bits = valueBytes * 8;
    }
    FullZipLayout fz = FullZipLayout.newBuilder()
        .setBitsRep(bitsRep).setBitsDef(bitsDef).setBitsPerValue(bits)
        .setNumItems(items).setNumVisibleItems(n)
        .setValueCompression(enc)
        .addAllLayers(layers).build();
    if (ctrl == 0 && !hasValidity && index == null) {
      // no control words, no item validity: the page is the values as they are (no copy)
      return new EncodedPage(PageLayout.newBuilder().setFullZipLayout(fz).build(),
          new byte[][] {values}, new int[] {n * valueBytes});
    }
    GrowBytes out = new GrowBytes((int) Math.min(Integer.MAX_VALUE - 64,
        (long) n * (vb + valueBytes) + (long) items * ctrl));
    int i = 0;
    for (int l = 0; l < items; l++) {
      int level = ldef == null ? 0 : ldef[l];
      if (index != null && lv.rowStart(l)) {
        index.u64(out.size());
      }
      control(out, ctrl, lv == null ? level : lv.rep()[l] << bitsDef | level);
      if (level >= firstList) {
        continue; // a null or empty list: the control word alone
      }
      if (hasValidity) {
        int first = i * dim;
        for (int b = 0; b < vb; b++) {
          int byteVal = 0;
          for (int k = 0; k < 8 && b * 8 + k < dim; k++) {
            int bit = first + b * 8 + k;
            byteVal |= ((itemValidity[bit >> 3] >> (bit & 7)) & 1) << k;
          }
          out.u8(byteVal);
        }
      }
      out.put(values, i * valueBytes, valueBytes);
      i++;
    }
    if (index != null) {
      index.u64(out.size());
      return new EncodedPage(PageLayout.newBuilder().setFullZipLayout(fz).build(),
          new byte[][] {out.array(), index.array()}, new int[] {out.size(), index.size()});
    }
    return new EncodedPage(PageLayout.newBuilder().setFullZipLayout(fz).build(),
        new byte[][] {out.array()}, new int[] {out.size()});
  }

  /** Variable-width values: item i is {@code data[offsets[i], offsets[i + 1])}. */
  static EncodedPage variable(int n, int[] def, Levels lv, int maxDef,
      List<RepDefLayer> layers, byte[] data, long[] offsets, boolean large) {
    return variable(n, def, lv, maxDef, layers, data, offsets, large, EncodedPage.variable(
        large ? 64 : 32));
  }

  /**
   * Variable-width values, each compressed on its own as {@code how} says: FSST with one table
   * for the page, or General(ZSTD) per value (u64 length and a ZSTD frame), or as they are.
   */
  static EncodedPage variable(int n, int[] def, Levels lv, int maxDef,
      List<RepDefLayer> layers, byte[] data, long[] offsets, boolean large,
      EncodingChoice.PerValue how) {
    CompressiveEncoding plain = EncodedPage.variable(large ? 64 : 32);
    switch (how) {
      case FSST: {
        FsstEncoder.Result r = FsstEncoder.compress(data, offsets, n);
        return variable(n, def, lv, maxDef, layers, r.data(), r.offsets(), large,
            FsstChunks.encoding(r.table(), plain));
      }
      case GENERAL: {
        var zstd = org.lance4j.proto.Encodings21Protos.CompressionScheme
            .COMPRESSION_ALGORITHM_ZSTD;
        GrowBytes out = new GrowBytes((int) Math.min(Integer.MAX_VALUE - 64,
            (offsets[n] - offsets[0]) / 2 + 64));
        long[] outOff = new long[n + 1];
        for (int i = 0; i < n; i++) {
          int len = (int) (offsets[i + 1] - offsets[i]);
          if (len > 0 || def == null || def[i] == 0) {
            GeneralCompress.compress(zstd, data, (int) offsets[i], len, out);
          }
          outOff[i + 1] = out.size();
        }
        return variable(n, def, lv, maxDef, layers, out.array(), outOff, large,
            GeneralCompress.wrap(zstd, 0, plain));
      }
      default:
        return variable(n, def, lv, maxDef, layers, data, offsets, large, plain);
    }
  }

  private static EncodedPage variable(int n, int[] def, Levels lv, int maxDef,
      List<RepDefLayer> layers, byte[] data, long[] offsets, boolean large,
      CompressiveEncoding encoding) {
    int bitsDef = bitsFor(maxDef);
    int bitsRep = lv == null ? 0 : bitsFor(lv.numLists());
    int ctrl = (bitsDef + bitsRep + 7) / 8;
    int lenBytes = large ? 8 : 4;
    int items = lv == null ? n : lv.numLevels();
    int[] ldef = lv == null ? def : lv.def();
    int firstList = lv == null ? Integer.MAX_VALUE : new Layers(layers).firstListLevel;
    GrowBytes out = new GrowBytes((int) Math.min(Integer.MAX_VALUE - 64,
        offsets[n] - offsets[0] + (long) n * lenBytes + (long) items * ctrl));
    GrowBytes index = new GrowBytes(8 * (n + 1));
    int i = 0;
    for (int l = 0; l < items; l++) {
      if (lv == null || lv.rowStart(l)) {
        index.u64(out.size());
      }
      int level = ldef == null ? 0 : ldef[l];
      control(out, ctrl, lv == null ? level : lv.rep()[l] << bitsDef | level);
      if (level >= firstList) {
        continue; // a null or empty list: the control word alone
      }
      if (level == 0) {
        long len = offsets[i + 1] - offsets[i];
        if (large) {
          out.u64(len);
        } else {
          out.u32(len);
        }
        out.put(data, (int) offsets[i], (int) len);
      }
      i++;
    }
    index.u64(out.size());
    FullZipLayout fz = FullZipLayout.newBuilder()
        .setBitsRep(bitsRep).setBitsDef(bitsDef).setBitsPerOffset(lenBytes * 8)
        .setNumItems(items).setNumVisibleItems(n)
        .setValueCompression(encoding)
        .addAllLayers(layers).build();
    return new EncodedPage(PageLayout.newBuilder().setFullZipLayout(fz).build(),
        new byte[][] {out.array(), index.array()}, new int[] {out.size(), index.size()});
  }
}
