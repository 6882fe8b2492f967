package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.FullZipLayout;

/**
 * Decodes a full-zip page (large values): buffer 0 holds, per item, a control word
 * ({@code rep << bits_def | def}, {@code ceil((bits_rep + bits_def) / 8)} bytes, absent when both
 * are 0), then for fixed-width values the value ({@code bits_per_value / 8} bytes, present for
 * every visible item, null ones too), or for variable-width values a length
 * ({@code bits_per_offset / 8} bytes) and the bytes (present for valid items only). Null and
 * empty lists are a control word alone. Buffer 1 (variable width or repetition) is the repetition index, not
 * needed for a full read.
 */
final class FullZipPage {
  private FullZipPage() {}

  static PageData decode(FullZipLayout fz, ByteBuffer[] bufs, Layers layers) {
    if (!(bufs.length >= 1)) {
      throw new Decoding.Corrupt("full-zip page without a data buffer");
    }
    if (fixedRows(fz)) {
      if (!(fz.getNumItems() >= 0)) {
        throw new Decoding.Corrupt("full-zip page of " + fz.getNumItems() + " items");
      }
      return decodeRows(fz, bufs[0], fz.getNumItems(), true);
    }
    int bitsRep = fz.getBitsRep();
    int bitsDef = fz.getBitsDef();
    if (!(bitsDef + bitsRep <= 16)) {
      throw new Decoding.Corrupt("full-zip control words of " + (bitsDef + bitsRep)
        + " bits");
    }
    return decodeItems(fz, bufs[0], fz.getNumItems(), layers, true);
  }

  /**
   * Decodes the first {@code n} items of a full-zip page that is not {@link #fixedRows} from
   * {@code b} (the whole data buffer, or the bytes of some rows found through the repetition
   * index); {@code wholePage}: they are all the page's items (checks the layout's visible count).
   */
  static PageData decodeItems(FullZipLayout fz, ByteBuffer b, int n, Layers layers,
      boolean wholePage) {
    int bitsRep = fz.getBitsRep();
    int bitsDef = fz.getBitsDef();
    if (!(bitsDef + bitsRep <= 16)) {
      throw new Decoding.Corrupt("full-zip control words of " + (bitsDef + bitsRep)
        + " bits");
    }
    int ctrl = (bitsDef + bitsRep + 7) / 8;
    if (!(n >= 0)) {
      throw new Decoding.Corrupt("full-zip page of " + n + " items");
    }
    int[] def = bitsDef > 0 ? new int[n] : null;
    int[] rep = bitsRep > 0 ? new int[n] : null;
    int visible = n;
    if (ctrl > 0) {
      // first pass: the control words, to size the values
      int p = 0;
      visible = 0;
      int defMask0 = (1 << bitsDef) - 1;
      int lenBytes0 = fz.getDetailsCase() == FullZipLayout.DetailsCase.BITS_PER_VALUE ? 0
          : fz.getBitsPerOffset() / 8;
      int w0 = fz.getDetailsCase() == FullZipLayout.DetailsCase.BITS_PER_VALUE
          ? fz.getBitsPerValue() / 8 : 0;
      for (int i = 0; i < n; i++) {
        if (!(p + ctrl <= b.remaining())) {
          throw new Decoding.Corrupt("full-zip item " + i + " overruns the page");
        }
        int c = control(b, p, ctrl);
        p += ctrl;
        int lv = c & defMask0;
        if (rep != null) {
          rep[i] = c >>> bitsDef;
        }
        if (def != null) {
          def[i] = lv;
        }
        if (lv < layers.firstListLevel) {
          visible++;
          if (w0 > 0) {
            p += w0;
          }
        }
        if (lenBytes0 > 0 && lv == 0) {
          if (!(p + lenBytes0 <= b.remaining())) {
            throw new Decoding.Corrupt("full-zip item " + i
              + " overruns the page");
          }
          long len = lenBytes0 == 4 ? Integer.toUnsignedLong(b.getInt(p)) : b.getLong(p);
          if (!(len >= 0 && len <= b.remaining() - p)) {
            throw new Decoding.Corrupt("full-zip value " + i + " of "
              + len + " bytes overruns the page");
          }
          p += lenBytes0 + (int) len;
        }
      }
      if (wholePage && !(fz.getNumVisibleItems() == 0 || fz.getNumVisibleItems() == visible)) {
        throw new Decoding.Corrupt("full-zip page has " + visible + " visible items, its layout says "
          + fz.getNumVisibleItems());
      }
    }
    CompressiveEncoding ve = fz.getValueCompression();
    int pos = 0;
    if (fz.getDetailsCase() == FullZipLayout.DetailsCase.BITS_PER_VALUE) {
      int bits = fz.getBitsPerValue();
      if (!(bits > 0 && bits % 8 == 0)) {
        throw new Decoding.Corrupt("full-zip values of " + bits + " bits");
      }
      int w = bits / 8;
      Fixed shape = fixedShape(ve, bits);
      byte[] values = new byte[visible * shape.valueBytes];
      byte[] validity = shape.dim > 0 && shape.hasValidity
          ? new byte[(visible * shape.dim + 7) / 8] : null;
      int vb = (shape.dim + 7) / 8;
      int v = 0;
      for (int i = 0; i < n; i++) {
        pos += ctrl;
        if (def != null && def[i] >= layers.firstListLevel) {
          continue;
        }
        if (!(pos + w <= b.remaining())) {
          throw new Decoding.Corrupt("full-zip item " + i + " overruns the page");
        }
        if (validity != null) {
          copyBits(b, pos, validity, v * shape.dim, shape.dim);
          b.get(pos + vb, values, v * shape.valueBytes, shape.valueBytes);
        } else {
          b.get(pos, values, v * shape.valueBytes, shape.valueBytes);
        }
        pos += w;
        v++;
      }
      Block.Fixed items = new Block.Fixed(values, shape.itemBits,
          shape.dim > 0 ? visible * shape.dim : visible);
      Block out = shape.dim > 0 ? new Block.Fsl(items, validity, shape.dim, visible) : items;
      return new PageData(n, rep, def, out);
    }
    int lenBytes = fz.getBitsPerOffset() / 8;
    if (!(lenBytes == 4 || lenBytes == 8)) {
      throw new Decoding.Corrupt("full-zip lengths of "
        + fz.getBitsPerOffset() + " bits");
    }
    if (ve.getCompressionCase() == CompressiveEncoding.CompressionCase.VARIABLE_PACKED_STRUCT) {
      return new PageData(n, rep, def, VariablePackedStruct.decode(ve.getVariablePackedStruct(),
          b, n, ctrl, def, lenBytes, visible, layers.firstListLevel));
    }
    PerValue pv = perValue(ve);
    int[] off = new int[visible + 1];
    byte[] data = new byte[Math.max(16, b.remaining())];
    int d = 0;
    int v = 0;
    for (int i = 0; i < n; i++) {
      int lv = def == null ? 0 : def[i];
      pos += ctrl;
      if (lv >= layers.firstListLevel) {
        continue;
      }
      if (lv == 0) {
        if (!(pos + lenBytes <= b.remaining())) {
          throw new Decoding.Corrupt("full-zip item " + i
            + " overruns the page");
        }
        long len = lenBytes == 4 ? Integer.toUnsignedLong(b.getInt(pos)) : b.getLong(pos);
        pos += lenBytes;
        if (!(len >= 0 && pos + len <= b.remaining())) {
          throw new Decoding.Corrupt("full-zip value " + i + " of "
            + len + " bytes overruns the page");
        }
        byte[] one = pv.decode(Decoding.slice(b, pos, (int) len));
        pos += (int) len;
        if (d + one.length > data.length) {
          data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, d + one.length));
        }
        System.arraycopy(one, 0, data, d, one.length);
        d += one.length;
      }
      off[++v] = d;
    }
    return new PageData(n, rep, def, new Block.Var(off, java.util.Arrays.copyOf(data, d),
        visible));
  }

  /**
   * The number of items in {@code b}, bytes of whole rows of a full-zip page that is not
   * {@link #fixedRows} (control words, and the values of visible / valid items).
   */
  static int countItems(FullZipLayout fz, ByteBuffer b, Layers layers) {
    int bitsDef = fz.getBitsDef();
    int ctrl = (bitsDef + fz.getBitsRep() + 7) / 8;
    if (ctrl == 0) {
      throw new Decoding.Corrupt("full-zip rows without control words cannot be counted");
    }
    boolean fixed = fz.getDetailsCase() == FullZipLayout.DetailsCase.BITS_PER_VALUE;
    int w = fixed ? fz.getBitsPerValue() / 8 : 0;
    int lenBytes = fixed ? 0 : fz.getBitsPerOffset() / 8;
    if (!fixed && !(lenBytes == 4 || lenBytes == 8)) {
      throw new Decoding.Corrupt("full-zip lengths of " + fz.getBitsPerOffset() + " bits");
    }
    int defMask = (1 << bitsDef) - 1;
    int n = 0;
    int p = 0;
    int size = b.remaining();
    while (p < size) {
      if (!(p + ctrl <= size)) {
        throw new Decoding.Corrupt("full-zip item " + n + " overruns its rows' bytes");
      }
      int lv = control(b, p, ctrl) & defMask;
      p += ctrl;
      if (fixed && lv < layers.firstListLevel) {
        p += w;
      } else if (!fixed && lv == 0) {
        if (!(p + lenBytes <= size)) {
          throw new Decoding.Corrupt("full-zip item " + n + " overruns its rows' bytes");
        }
        long len = lenBytes == 4 ? Integer.toUnsignedLong(b.getInt(p)) : b.getLong(p);
        if (!(len >= 0 && len <= size - p - lenBytes)) {
          throw new Decoding.Corrupt("full-zip value " + n + " of " + len
              + " bytes overruns its rows' bytes");
        }
        p += lenBytes + (int) len;
      }
      n++;
    }
    if (p != size) {
      throw new Decoding.Corrupt("full-zip item " + (n - 1) + " overruns its rows' bytes");
    }
    return n;
  }

  /**
   * Whether any run of rows can be read on its own: fixed-width values and no repetition, so
   * item {@code i} (every item is visible) is the {@link #stride} bytes at {@code i * stride}.
   */
  static boolean fixedRows(FullZipLayout fz) {
    return fz.getDetailsCase() == FullZipLayout.DetailsCase.BITS_PER_VALUE
        && fz.getBitsRep() == 0 && fz.getBitsDef() <= 16;
  }

  /** Bytes per item of a {@link #fixedRows} page: control word and value. */
  static int stride(FullZipLayout fz) {
    return (fz.getBitsDef() + 7) / 8 + fz.getBitsPerValue() / 8;
  }

  /**
   * Decodes {@code n} consecutive items of a {@link #fixedRows} page from {@code b}, which holds
   * exactly their bytes; {@code wholePage}: they are all the page's items (checks the layout's
   * visible count).
   */
  static PageData decodeRows(FullZipLayout fz, ByteBuffer b, int n, boolean wholePage) {
    int bits = fz.getBitsPerValue();
    if (!(bits > 0 && bits % 8 == 0)) {
      throw new Decoding.Corrupt("full-zip values of " + bits + " bits");
    }
    int bitsDef = fz.getBitsDef();
    int ctrl = (bitsDef + 7) / 8;
    int w = bits / 8;
    int stride = ctrl + w;
    if (!((long) n * stride <= b.remaining())) {
      throw new Decoding.Corrupt("full-zip page of " + n + " items of " + stride
          + " bytes has " + b.remaining() + " bytes");
    }
    if (wholePage && !(fz.getNumVisibleItems() == 0 || fz.getNumVisibleItems() == n)) {
      throw new Decoding.Corrupt("full-zip page has " + n + " visible items, its layout says "
          + fz.getNumVisibleItems());
    }
    Fixed shape = fixedShape(fz.getValueCompression(), bits);
    byte[] values = new byte[n * shape.valueBytes];
    byte[] validity = shape.dim > 0 && shape.hasValidity
        ? new byte[(n * shape.dim + 7) / 8] : null;
    int[] def = bitsDef > 0 ? new int[n] : null;
    if (ctrl == 0 && validity == null) {
      b.get(0, values, 0, values.length); // the items are the values, back to back
    } else {
      int vb = (shape.dim + 7) / 8;
      int mask = (1 << bitsDef) - 1;
      int pos = 0;
      for (int i = 0; i < n; i++) {
        if (def != null) {
          def[i] = control(b, pos, ctrl) & mask;
        }
        pos += ctrl;
        if (validity != null) {
          copyBits(b, pos, validity, i * shape.dim, shape.dim);
          b.get(pos + vb, values, i * shape.valueBytes, shape.valueBytes);
        } else {
          b.get(pos, values, i * shape.valueBytes, shape.valueBytes);
        }
        pos += w;
      }
    }
    Block.Fixed items = new Block.Fixed(values, shape.itemBits,
        shape.dim > 0 ? n * shape.dim : n);
    Block out = shape.dim > 0 ? new Block.Fsl(items, validity, shape.dim, n) : items;
    return new PageData(n, null, def, out);
  }

  /**
   * For a {@link #fixedRows} page whose items are the values back to back (no control words, no
   * item validity): {@code {dim, itemBits, valueBytes}} ({@code dim} 0 for a plain value);
   * null otherwise.
   */
  static int[] plainValues(FullZipLayout fz) {
    if (!(fixedRows(fz) && fz.getBitsDef() == 0 && fz.getBitsPerValue() > 0
        && fz.getBitsPerValue() % 8 == 0)) {
      return null;
    }
    Fixed shape = fixedShape(fz.getValueCompression(), fz.getBitsPerValue());
    if (shape.hasValidity) {
      return null;
    }
    return new int[] {shape.dim, shape.itemBits, shape.valueBytes};
  }

  private static int control(ByteBuffer b, int pos, int bytes) {
    return bytes == 1 ? b.get(pos) & 0xFF : Short.toUnsignedInt(b.getShort(pos));
  }

  private static void copyBits(ByteBuffer src, int pos, byte[] dst, int dstBit, int n) {
    for (int k = 0; k < n; k++) {
      if ((src.get(pos + (k >> 3)) >> (k & 7) & 1) != 0) {
        int t = dstBit + k;
        dst[t >> 3] |= (byte) (1 << (t & 7));
      }
    }
  }

  /** Shape of a fixed-width full-zip value: plain, or a fixed-size list with item validity. */
  private record Fixed(int dim, boolean hasValidity, int itemBits, int valueBytes) {}

  private static Fixed fixedShape(CompressiveEncoding e, int bits) {
    switch (e.getCompressionCase()) {
      case FLAT -> {
        if (!(e.getFlat().getBitsPerValue() == bits && !e.getFlat().hasData())) {
          throw new Decoding.Corrupt("full-zip Flat(" + e.getFlat().getBitsPerValue() + ") in " + bits + "-bit values");
        }
        return new Fixed(0, false, bits, bits / 8);
      }
      case FIXED_SIZE_LIST -> {
        var l = e.getFixedSizeList();
        if (l.getValues().getCompressionCase() != CompressiveEncoding.CompressionCase.FLAT
            || l.getValues().getFlat().hasData()) {
          throw new Decoding.Unsupported("FullZip FixedSizeList over "
              + Decompressors.name(l.getValues()));
        }
        long dim = l.getItemsPerValue();
        long item = l.getValues().getFlat().getBitsPerValue();
        if (!(dim > 0 && item % 8 == 0 && item > 0)) {
          throw new Decoding.Corrupt("FixedSizeList(" + dim + ") of "
            + item + "-bit items");
        }
        long valueBytes = dim * item / 8;
        long expect = dim * item + (l.getHasValidity() ? (dim + 7) / 8 * 8 : 0);
        if (!(expect == bits)) {
          throw new Decoding.Corrupt("FixedSizeList(" + dim + ", " + item + " bits"
            + (l.getHasValidity() ? ", validity" : "") + ") in " + bits + "-bit values");
        }
        return new Fixed((int) dim, l.getHasValidity(), (int) item, (int) valueBytes);
      }
      default -> throw new Decoding.Unsupported("FullZip " + Decompressors.name(e)
          + " fixed-width values");
    }
  }

  /** Decodes one variable-width full-zip value. */
  private interface PerValue {
    byte[] decode(ByteBuffer value);
  }

  private static PerValue perValue(CompressiveEncoding e) {
    switch (e.getCompressionCase()) {
      case VARIABLE -> {
        if (e.getVariable().hasValues()) {
          throw new Decoding.Unsupported("FullZip Variable with buffer compression");
        }
        return Decoding::bytes;
      }
      case FSST -> {
        PerValue inner = perValue(e.getFsst().getValues());
        FsstDecoder f = new FsstDecoder(e.getFsst().getSymbolTable().toByteArray(), null);
        return v -> {
          byte[] raw = inner.decode(v);
          Block.Var one = f.decode(new Block.Var(new int[] {0, raw.length}, raw, 1));
          return one.data();
        };
      }
      case GENERAL -> {
        PerValue inner = perValue(e.getGeneral().getValues());
        var scheme = e.getGeneral().getCompression().getScheme();
        return v -> inner.decode(GeneralDecoder.inflate(scheme, v));
      }
      default -> throw new Decoding.Unsupported("FullZip " + Decompressors.name(e)
          + " variable-width values");
    }
  }
}
