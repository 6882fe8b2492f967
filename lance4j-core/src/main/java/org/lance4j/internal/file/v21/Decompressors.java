package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.Flat;

/**
 * The one place that maps a {@code CompressiveEncoding} message to a decompressor. An encoding
 * (or nesting) that lance4j does not read raises {@link Decoding.Unsupported} naming it.
 */
final class Decompressors {
  private Decompressors() {}

  /** The decompressor of mini-block chunk values. */
  static Decoding.MiniBlockDecompressor miniBlock(CompressiveEncoding e) {
    switch (e.getCompressionCase()) {
      case FLAT:
        return new FlatDecoder(plainFlat(e.getFlat(), "mini-block values"));
      case INLINE_BITPACKING:
        if (e.getInlineBitpacking().hasValues()) {
          throw new Decoding.Unsupported("InlineBitpacking with buffer compression");
        }
        return new InlineBitpackingDecoder(e.getInlineBitpacking().getUncompressedBitsPerValue());
      case RLE:
        return rle(e);
      case VARIABLE:
        return variable(e);
      case FSST:
        return new FsstDecoder(e.getFsst().getSymbolTable().toByteArray(),
            miniBlock(e.getFsst().getValues()));
      case GENERAL:
        return new GeneralDecoder(e.getGeneral().getCompression().getScheme(), null,
            miniBlock(e.getGeneral().getValues()));
      case FIXED_SIZE_LIST: {
        var l = e.getFixedSizeList();
        return new FixedSizeListDecoder(l.getItemsPerValue(), l.getHasValidity(),
            miniBlock(l.getValues()));
      }
      case PACKED_STRUCT:
        return new PackedStructDecoder(e.getPackedStruct().getBitsPerValueList(),
            miniBlock(e.getPackedStruct().getValues()));
      case BYTE_STREAM_SPLIT:
        return ByteStreamSplitDecoder.of(e.getByteStreamSplit(), miniBlock(
            e.getByteStreamSplit().getValues()));
      default:
        throw new Decoding.Unsupported(name(e) + " as a mini-block value encoding");
    }
  }

  /** The decompressor of a whole buffer: rep/def levels, dictionaries, constants. */
  static Decoding.BlockDecompressor block(CompressiveEncoding e) {
    switch (e.getCompressionCase()) {
      case FLAT:
        return new FlatDecoder(plainFlat(e.getFlat(), "block"));
      case OUT_OF_LINE_BITPACKING: {
        var o = e.getOutOfLineBitpacking();
        if (o.getValues().getCompressionCase() != CompressiveEncoding.CompressionCase.FLAT) {
          throw new Decoding.Unsupported("OutOfLineBitpacking over " + name(o.getValues()));
        }
        return new OutOfLineBitpackingDecoder(o.getUncompressedBitsPerValue(),
            plainFlat(o.getValues().getFlat(), "OutOfLineBitpacking"));
      }
      case INLINE_BITPACKING:
        if (e.getInlineBitpacking().hasValues()) {
          throw new Decoding.Unsupported("InlineBitpacking with buffer compression");
        }
        return new InlineBitpackingDecoder(e.getInlineBitpacking().getUncompressedBitsPerValue());
      case RLE:
        return rle(e);
      case VARIABLE:
        return variable(e);
      case GENERAL:
        return new GeneralDecoder(e.getGeneral().getCompression().getScheme(),
            block(e.getGeneral().getValues()), null);
      default:
        throw new Decoding.Unsupported(name(e) + " as a block encoding");
    }
  }

  private static RleDecoder rle(CompressiveEncoding e) {
    var r = e.getRle();
    if (r.getValues().getCompressionCase() != CompressiveEncoding.CompressionCase.FLAT
        || r.getRunLengths().getCompressionCase() != CompressiveEncoding.CompressionCase.FLAT) {
      throw new Decoding.Unsupported("Rle over " + name(r.getValues()) + " / "
          + name(r.getRunLengths()));
    }
    return new RleDecoder(plainFlat(r.getValues().getFlat(), "Rle values"),
        plainFlat(r.getRunLengths().getFlat(), "Rle run lengths"));
  }

  private static VariableDecoder variable(CompressiveEncoding e) {
    var v = e.getVariable();
    if (v.hasValues()) {
      throw new Decoding.Unsupported("Variable with buffer compression of the values");
    }
    if (v.getOffsets().getCompressionCase() != CompressiveEncoding.CompressionCase.FLAT) {
      throw new Decoding.Unsupported("Variable with " + name(v.getOffsets()) + " offsets");
    }
    return new VariableDecoder(plainFlat(v.getOffsets().getFlat(), "Variable offsets"));
  }

  private static long plainFlat(Flat f, String where) {
    if (f.hasData()) {
      throw new Decoding.Unsupported("Flat with buffer compression in " + where);
    }
    return f.getBitsPerValue();
  }

  /** A short name of an encoding for messages, e.g. {@code Fsst}. */
  static String name(CompressiveEncoding e) {
    return switch (e.getCompressionCase()) {
      case FLAT -> "Flat(" + e.getFlat().getBitsPerValue() + ")";
      case VARIABLE -> "Variable";
      case CONSTANT -> "Constant";
      case OUT_OF_LINE_BITPACKING -> "OutOfLineBitpacking";
      case INLINE_BITPACKING -> "InlineBitpacking";
      case FSST -> "Fsst";
      case DICTIONARY -> "Dictionary";
      case RLE -> "Rle";
      case BYTE_STREAM_SPLIT -> "ByteStreamSplit";
      case GENERAL -> "General(" + e.getGeneral().getCompression().getScheme() + ")";
      case FIXED_SIZE_LIST -> "FixedSizeList";
      case PACKED_STRUCT -> "PackedStruct";
      case VARIABLE_PACKED_STRUCT -> "VariablePackedStruct";
      case COMPRESSION_NOT_SET -> "no encoding";
    };
  }
}
