package org.lance4j.internal.file.v20;

import org.lance4j.internal.file.FileErrors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.proto.EncodingProtos.ArrayEncoding;
import org.lance4j.proto.EncodingProtos.Buffer;
import org.lance4j.proto.EncodingProtos.Flat;
import org.lance4j.proto.EncodingProtos.Nullable;

/**
 * Decodes rows {@code [from, to)} of one leaf page into {@link DecoderBuffers} at a row offset.
 * Handles the 2.0 encodings lance writes by default: Nullable (no/some/all nulls) around Flat
 * (bool and fixed-width values) or FixedSizeList, and Binary and Dictionary for strings and binary.
 * Anything else fails with {@link UnsupportedFormatException} naming file, column, field and the
 * encoding; nothing is guessed.
 */
final class PageDecoder {
  private final String file;
  private final BinaryDecoder binary;

  PageDecoder(String file) {
    this.file = file;
    this.binary = new BinaryDecoder(this);
  }

  String where(DecoderBuffers out) {
    return FileErrors.field(file, out.column, out.field);
  }

  UnsupportedFormatException unsupported(DecoderBuffers out, String what) {
    return new UnsupportedFormatException(where(out) + ": " + what
        + " is not supported by lance4j's file format 2.0 reader");
  }

  CorruptFileException corrupt(DecoderBuffers out, String what) {
    return new CorruptFileException(where(out) + ": " + what);
  }

  /** Decodes a slice of {@code page} into {@code out} starting at row {@code outPos}. */
  void decode(ColumnPageReader.Page page, long from, long to, DecoderBuffers out, long outPos) {
    ArrayEncoding enc = page.encoding();
    if (out.kind == DecoderBuffers.Kind.VAR) {
      binary.decode(page, enc, from, to, out, outPos);
    } else {
      decodeFixed(page, enc, from, to, out, outPos);
    }
  }

  /**
   * Applies a Nullable wrapper's validity for rows [from, to) and returns the inner values
   * encoding: {@code null} when every row is null. Encodings without the wrapper are all valid.
   */
  ArrayEncoding applyValidity(ColumnPageReader.Page page, ArrayEncoding enc, long from, long to,
      DecoderBuffers out, long outPos) {
    if (enc.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.NULLABLE) {
      BitmapDecoder.setBits(out.validity, outPos, to - from);
      return enc;
    }
    Nullable n = enc.getNullable();
    switch (n.getNullabilityCase()) {
      case NO_NULLS:
        BitmapDecoder.setBits(out.validity, outPos, to - from);
        return n.getNoNulls().getValues();
      case SOME_NULLS: {
        ArrayEncoding v = n.getSomeNulls().getValidity();
        if (v.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.FLAT
            || v.getFlat().getBitsPerValue() != 1) {
          throw unsupported(out, "validity encoded as " + describe(v));
        }
        ByteBuffer bits = flatBuffer(page, v.getFlat(), out);
        if (BitmapDecoder.bytesFor(to) > bits.limit()) {
          throw corrupt(out, "validity bitmap of page " + page.index() + " has " + bits.limit()
              + " bytes, too few for " + to + " rows");
        }
        BitmapDecoder.copyBits(bits, from, out.validity, outPos, to - from);
        return n.getSomeNulls().getValues();
      }
      case ALL_NULLS:
        return null;
      default:
        throw corrupt(out, "page " + page.index() + " has a Nullable encoding with no variant");
    }
  }

  private void decodeFixed(ColumnPageReader.Page page, ArrayEncoding enc, long from, long to,
      DecoderBuffers out, long outPos) {
    ArrayEncoding values = applyValidity(page, enc, from, to, out, outPos);
    if (values == null) {
      zeroValues(out, outPos, to - from);
      return;
    }
    if (out.kind == DecoderBuffers.Kind.FSL) {
      if (values.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.FIXED_SIZE_LIST) {
        throw unsupported(out, "fixed_size_list values encoded as " + describe(values));
      }
      var fsl = values.getFixedSizeList();
      if (fsl.getDimension() != out.dim) {
        throw corrupt(out, "page " + page.index() + " has fixed_size_list dimension "
            + fsl.getDimension() + " but the schema says " + out.dim);
      }
      if (fsl.getHasValidity()) {
        throw unsupported(out, "fixed_size_list with has_validity=true");
      }
      long d = out.dim;
      decodeFixed(page, fsl.getItems(), from * d, to * d, out.child, outPos * d);
      return;
    }
    if (values.getArrayEncodingCase() != ArrayEncoding.ArrayEncodingCase.FLAT) {
      throw unsupported(out, "values encoded as " + describe(values));
    }
    Flat flat = values.getFlat();
    ByteBuffer src = flatBuffer(page, flat, out);
    if (out.kind == DecoderBuffers.Kind.BOOL) {
      if (flat.getBitsPerValue() != 1) {
        throw corrupt(out, "bool page " + page.index() + " has " + flat.getBitsPerValue()
            + " bits per value");
      }
      if (BitmapDecoder.bytesFor(to) > src.limit()) {
        throw corrupt(out, "page " + page.index() + " is too short for " + to + " values");
      }
      BitmapDecoder.copyBits(src, from, out.data, outPos, to - from);
      return;
    }
    if (flat.getBitsPerValue() != 8L * out.width) {
      throw corrupt(out, "page " + page.index() + " stores " + flat.getBitsPerValue()
          + " bits per value but the type has " + (8 * out.width));
    }
    long w = out.width;
    if (to * w > src.limit()) {
      throw corrupt(out, "page " + page.index() + " has " + src.limit() + " value bytes, too few"
          + " for " + to + " values of " + w + " bytes");
    }
    BitmapDecoder.copyBytes(src, from * w, out.data, outPos * w, (to - from) * w);
  }

  /** Zeroes the value slots of all-null rows so output is deterministic. */
  private static void zeroValues(DecoderBuffers out, long outPos, long count) {
    switch (out.kind) {
      case FIXED:
        out.data.setZero(outPos * out.width, count * out.width);
        break;
      case FSL:
        zeroValues(out.child, outPos * out.dim, count * out.dim);
        break;
      default:
        break; // bool data starts zeroed; VAR is handled by BinaryDecoder
    }
  }

  /**
   * The buffer of a Flat encoding, decompressed when the Flat is compressed (zstd: a u64
   * uncompressed length, then a zstd frame; lz4: a u32 uncompressed length, then an LZ4 block).
   * Decompressed buffers are kept with the page.
   */
  ByteBuffer flatBuffer(ColumnPageReader.Page page, Flat flat, DecoderBuffers out) {
    ByteBuffer raw = buffer(page, flat.getBuffer(), out);
    if (!flat.hasCompression() || flat.getCompression().getScheme().isEmpty()) {
      return raw;
    }
    String scheme = flat.getCompression().getScheme();
    if (!scheme.equals("zstd") && !scheme.equals("lz4")) {
      throw unsupported(out, "compression '" + scheme + "'");
    }
    int i = flat.getBuffer().getBufferIndex();
    ByteBuffer done = page.inflated()[i];
    if (done == null) {
      done = inflate(scheme, raw, page, out);
      page.inflated()[i] = done;
    }
    return done;
  }

  private ByteBuffer inflate(String scheme, ByteBuffer raw, ColumnPageReader.Page page,
      DecoderBuffers out) {
    boolean zstd = scheme.equals("zstd");
    int prefix = zstd ? 8 : 4;
    if (raw.limit() < prefix) {
      throw corrupt(out, scheme + " buffer of page " + page.index() + " has no length prefix");
    }
    long len = zstd ? raw.getLong(0) : Integer.toUnsignedLong(raw.getInt(0));
    if (len < 0 || len > Integer.MAX_VALUE - 8) {
      throw corrupt(out, scheme + " buffer of page " + page.index() + " claims " + len
          + " bytes");
    }
    byte[] in;
    int inOff;
    if (raw.hasArray()) {
      in = raw.array();
      inOff = raw.arrayOffset();
    } else {
      in = new byte[raw.limit()];
      raw.get(0, in);
      inOff = 0;
    }
    byte[] result = new byte[(int) len];
    try {
      io.airlift.compress.Decompressor d = zstd
          ? new io.airlift.compress.zstd.ZstdDecompressor()
          : new io.airlift.compress.lz4.Lz4Decompressor();
      int n = d.decompress(in, inOff + prefix, raw.limit() - prefix, result, 0, result.length);
      if (n != len) {
        throw corrupt(out, scheme + " buffer of page " + page.index() + " inflated to " + n
            + " bytes, expected " + len);
      }
    } catch (RuntimeException e) {
      if (e instanceof CorruptFileException) {
        throw e;
      }
      CorruptFileException c = corrupt(out, scheme + " buffer of page " + page.index()
          + " does not decompress: " + e.getMessage());
      c.initCause(e);
      throw c;
    }
    return ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN);
  }

  ByteBuffer buffer(ColumnPageReader.Page page, Buffer ref, DecoderBuffers out) {
    if (ref.getBufferType() != Buffer.BufferType.page) {
      throw unsupported(out, ref.getBufferType() + "-level buffers");
    }
    int i = ref.getBufferIndex();
    if (i >= page.buffers().length) {
      throw corrupt(out, "page " + page.index() + " refers to buffer " + i + " but has "
          + page.buffers().length);
    }
    return page.buffers()[i];
  }

  /** A short name of an encoding for messages, e.g. "bitpacked". */
  static String describe(ArrayEncoding e) {
    String s = e.getArrayEncodingCase().name().toLowerCase(Locale.ROOT);
    if (e.getArrayEncodingCase() == ArrayEncoding.ArrayEncodingCase.ARRAYENCODING_NOT_SET) {
      return "an encoding unknown to lance4j (not in format 2.0)";
    }
    return "'" + s + "'";
  }
}
