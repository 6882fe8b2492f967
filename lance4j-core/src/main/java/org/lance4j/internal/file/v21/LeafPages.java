package org.lance4j.internal.file.v21;

import java.util.List;
import org.lance4j.proto.Encodings21Protos.RepDefLayer;

/**
 * The layout and compression of one buffered leaf page, chosen as Lance 7.0.0 chooses them: FullZip
 * for fixed-size lists, fixed-width values wider than {@value #FULLZIP_FIXED_BYTES} bytes and
 * variable-width pages whose longest value reaches {@value #FULLZIP_AVG_BYTES} bytes (or when the
 * field asks for it); in 2.2 an inline constant for a page of one repeated value and a dictionary
 * for low-cardinality 64-bit values; a dictionary for low-cardinality strings; MiniBlock
 * otherwise. {@link LeafColumn} buffers the page and its levels, this class only encodes it.
 */
final class LeafPages {
  private LeafPages() {}

  /** Fixed-width values wider than this go to FullZip. */
  static final int FULLZIP_FIXED_BYTES = 256;
  /** Variable-width pages whose longest value has this many bytes go to FullZip (Lance). */
  static final int FULLZIP_AVG_BYTES = 256;
  /** A value this long forces FullZip (it could not share a 2.1 mini-block chunk). */
  static final int FULLZIP_MAX_BYTES = 16 * 1024;

  /**
   * A buffered page of one leaf column.
   *
   * @param bits FIXED/BOOL: bits per value; FSL: bits per item
   * @param dim FSL: items per value
   * @param large VAR: 64-bit offsets
   * @param values the values' bytes (the first {@code n} values)
   * @param offsets VAR: {@code n + 1} offsets into {@code values}
   * @param itemValidity FSL: the items' validity bits, or null when no item is null
   * @param levels the page's rep/def levels under a list, else null
   */
  record Values(int column, LeafColumn.Kind kind, int bits, int dim, boolean large,
      boolean largeChunks, EncodingHints hints, int n, byte[] values, long[] offsets,
      byte[] itemValidity, Levels levels) {}

  static EncodedPage encode(Values p, int[] def, int maxDef, List<RepDefLayer> layers) {
    return switch (p.kind()) {
      case FSL -> FullZipWriter.fixed(p.n(), def, p.levels(), maxDef, layers, p.values(),
          p.dim() * p.bits() / 8, p.itemValidity(), p.dim(), p.bits());
      case FIXED -> p.bits() / 8 > FULLZIP_FIXED_BYTES || p.hints().fullZip()
          ? FullZipWriter.fixed(p.n(), def, p.levels(), maxDef, layers, p.values(), p.bits() / 8,
              null, 0, p.bits())
          : fixedMiniBlock(p, def, layers, p.bits());
      case BOOL -> fixedMiniBlock(p, def, layers, 1);
      case VAR -> varPage(p, def, maxDef, layers);
    };
  }

  /** A page whose mini-block chunks would overflow (huge runs of empty lists): FullZip. */
  static EncodedPage fullZipFallback(Values p, LevelBuffer.Built b) {
    return switch (p.kind()) {
      case FSL -> FullZipWriter.fixed(p.n(), b.valueDef(), p.levels(), b.maxDef(), b.layers(),
          p.values(), p.dim() * p.bits() / 8, p.itemValidity(), p.dim(), p.bits());
      case FIXED -> FullZipWriter.fixed(p.n(), b.valueDef(), p.levels(), b.maxDef(), b.layers(),
          p.values(), p.bits() / 8, null, 0, p.bits());
      case VAR -> FullZipWriter.variable(p.n(), b.valueDef(), p.levels(), b.maxDef(), b.layers(),
          p.values(), p.offsets(), p.large());
      case BOOL -> throw new org.lance4j.UnsupportedFormatException("column " + p.column()
          + ": a page of booleans with more than 65535 empty or null lists between values");
    };
  }

  private static EncodedPage fixedMiniBlock(Values p, int[] def, List<RepDefLayer> layers,
      int b) {
    byte[] v = p.values();
    int n = p.n();
    if (p.largeChunks() && def == null && b >= 8 && RleChunks.allSame(v, n, b)) {
      return ConstantPage.inline(layers, java.util.Arrays.copyOf(v, b / 8));
    }
    if (p.largeChunks() && b == 64 && !p.hints().none()) {
      EncodedPage dict = FixedDictionaryWriter.tryEncode(n, def, p.levels(), layers, v, b,
          p.hints(), true);
      if (dict != null) {
        return dict;
      }
    }
    return MiniBlockWriter.write(n, def, p.levels(), layers,
        EncodingChoice.fixed(v, n, b, p.hints()), p.largeChunks(), null);
  }

  private static EncodedPage varPage(Values p, int[] def, int maxDef, List<RepDefLayer> layers) {
    int n = p.n();
    long[] offsets = p.offsets();
    long maxLen = EncodingChoice.maxLength(offsets, n);
    byte[] v = p.values();
    EncodingHints hints = p.hints();
    if (!p.large() && n >= 64 && !hints.fullZip()) {
      EncodedPage dict = DictionaryWriter.tryEncode(n, def, p.levels(), layers, v, offsets,
          p.largeChunks(), hints);
      if (dict != null) {
        return dict;
      }
    }
    // Lance: mini-block for values under 256 bytes (or when asked), full-zip otherwise; a value
    // that cannot share a 2.1 chunk forces full-zip
    boolean miniBlock = hints.miniBlock() ? maxLen <= FULLZIP_MAX_BYTES
        : !hints.fullZip() && maxLen < FULLZIP_AVG_BYTES;
    if (!miniBlock) {
      return FullZipWriter.variable(n, def, p.levels(), maxDef, layers, v, offsets, p.large(),
          EncodingChoice.perValue(offsets[n] - offsets[0], maxLen, hints));
    }
    return MiniBlockWriter.write(n, def, p.levels(), layers,
        EncodingChoice.variable(v, offsets, n, p.large(), hints), p.largeChunks(), null);
  }
}
