package org.lance4j.internal.file.v21;

import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The encoding hints of a leaf field's metadata, under Lance's key names:
 * {@code lance-encoding:compression} (none, fsst, zstd, lz4), {@code
 * lance-encoding:compression-level}, {@code lance-encoding:bss} (off, on, auto), {@code
 * lance-encoding:structural-encoding} (miniblock, fullzip), {@code lance-encoding:rle-threshold}
 * and {@code lance-encoding:dict-size-ratio}. Unparseable numbers are ignored, as Lance does.
 */
record EncodingHints(String compression, Integer level, String bss, String structural,
    double rleThreshold, double dictSizeRatio) {
  static final String COMPRESSION = "lance-encoding:compression";
  static final String COMPRESSION_LEVEL = "lance-encoding:compression-level";
  static final String BSS = "lance-encoding:bss";
  static final String STRUCTURAL = "lance-encoding:structural-encoding";
  static final String RLE_THRESHOLD = "lance-encoding:rle-threshold";
  static final String DICT_SIZE_RATIO = "lance-encoding:dict-size-ratio";

  static final EncodingHints NONE = new EncodingHints(null, null, null, null,
      RleChunks.THRESHOLD, 0.8);

  static EncodingHints of(Field f) {
    Map<String, String> m = f.getMetadata();
    if (m == null || m.isEmpty()) {
      return NONE;
    }
    Integer level = null;
    try {
      level = m.containsKey(COMPRESSION_LEVEL) ? Integer.valueOf(m.get(COMPRESSION_LEVEL).trim())
          : null;
    } catch (NumberFormatException e) {
      level = null;
    }
    return new EncodingHints(lower(m.get(COMPRESSION)), level, lower(m.get(BSS)),
        lower(m.get(STRUCTURAL)), number(m.get(RLE_THRESHOLD), RleChunks.THRESHOLD),
        number(m.get(DICT_SIZE_RATIO), 0.8));
  }

  private static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(java.util.Locale.ROOT);
  }

  private static double number(String s, double dflt) {
    try {
      return s == null ? dflt : Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  boolean none() {
    return "none".equals(compression);
  }

  boolean fsst() {
    return "fsst".equals(compression);
  }

  /** The General scheme asked for (zstd, lz4), or null. */
  org.lance4j.proto.Encodings21Protos.CompressionScheme general() {
    return GeneralCompress.scheme(compression);
  }

  boolean fullZip() {
    return "fullzip".equals(structural);
  }

  boolean miniBlock() {
    return "miniblock".equals(structural);
  }
}
