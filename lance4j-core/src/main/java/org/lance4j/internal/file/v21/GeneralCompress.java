package org.lance4j.internal.file.v21;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.zstd.ZstdCompressor;
import org.lance4j.proto.Encodings21Protos.BufferCompression;
import org.lance4j.proto.Encodings21Protos.CompressionScheme;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.General;

/**
 * General compression of one buffer, the inverse of {@link GeneralDecoder#inflate}: the
 * uncompressed length (u32 for LZ4, u64 for ZSTD, little-endian) then a raw LZ4 block or a ZSTD
 * frame. aircompressor has one ZSTD level; a requested level is recorded in the message only.
 */
final class GeneralCompress {
  private GeneralCompress() {}

  static CompressiveEncoding wrap(CompressionScheme scheme, Integer level,
      CompressiveEncoding inner) {
    BufferCompression.Builder bc = BufferCompression.newBuilder().setScheme(scheme);
    if (level != null) {
      bc.setLevel(level);
    }
    return CompressiveEncoding.newBuilder().setGeneral(General.newBuilder()
        .setCompression(bc).setValues(inner)).build();
  }

  /** Appends the compressed form of {@code in[off, off + len)} to {@code out}. */
  static void compress(CompressionScheme scheme, byte[] in, int off, int len, GrowBytes out) {
    boolean zstd = scheme == CompressionScheme.COMPRESSION_ALGORITHM_ZSTD;
    if (zstd) {
      ZstdCompressor c = new ZstdCompressor();
      out.u64(len);
      int max = c.maxCompressedLength(len);
      int at = out.skip(max);
      int n = c.compress(in, off, len, out.array(), at, max);
      out.truncate(at + n);
    } else {
      Lz4Compressor c = new Lz4Compressor();
      out.u32(len);
      int max = c.maxCompressedLength(len);
      int at = out.skip(max);
      int n = c.compress(in, off, len, out.array(), at, max);
      out.truncate(at + n);
    }
  }

  static byte[] compress(CompressionScheme scheme, byte[] in) {
    GrowBytes out = new GrowBytes(in.length / 2 + 64);
    compress(scheme, in, 0, in.length, out);
    return out.toArray();
  }

  /** The scheme named by {@code lance-encoding:compression} (null: none or FSST). */
  static CompressionScheme scheme(String name) {
    if (name == null) {
      return null;
    }
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "zstd" -> CompressionScheme.COMPRESSION_ALGORITHM_ZSTD;
      case "lz4" -> CompressionScheme.COMPRESSION_ALGORITHM_LZ4;
      default -> null;
    };
  }
}
