package org.lance4j.internal.file.v21;

import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lance4j.proto.Encodings21Protos.CompressionScheme;

/**
 * General (LZ4 or ZSTD) around an inner encoding. A compressed buffer is a u32 (LZ4) or u64
 * (ZSTD) little-endian uncompressed length followed by the compressed bytes (a raw LZ4 block, a
 * ZSTD frame).
 */
final class GeneralDecoder implements Decoding.BlockDecompressor, Decoding.MiniBlockDecompressor {
  private final CompressionScheme scheme;
  private final Decoding.BlockDecompressor innerBlock;
  private final Decoding.MiniBlockDecompressor innerMini;

  GeneralDecoder(CompressionScheme scheme, Decoding.BlockDecompressor innerBlock,
      Decoding.MiniBlockDecompressor innerMini) {
    if (scheme != CompressionScheme.COMPRESSION_ALGORITHM_LZ4
        && scheme != CompressionScheme.COMPRESSION_ALGORITHM_ZSTD) {
      throw new Decoding.Unsupported("General compression " + scheme);
    }
    this.scheme = scheme;
    this.innerBlock = innerBlock;
    this.innerMini = innerMini;
  }

  @Override
  public Block decompress(ByteBuffer buffer, int numValues) {
    return innerBlock.decompress(inflate(scheme, buffer), numValues);
  }

  @Override
  public Block decompress(ByteBuffer[] buffers, int numValues) {
    // Lance compresses only the first buffer of each chunk (e.g. Rle's run values)
    ByteBuffer[] out = buffers.clone();
    if (out.length > 0) {
      out[0] = inflate(scheme, buffers[0]);
    }
    return innerMini.decompress(out, numValues);
  }

  static ByteBuffer inflate(CompressionScheme scheme, ByteBuffer b) {
    byte[] in = Decoding.bytes(b);
    boolean zstd = scheme == CompressionScheme.COMPRESSION_ALGORITHM_ZSTD;
    int prefix = zstd ? 8 : 4;
    if (!(in.length >= prefix)) {
      throw new Decoding.Corrupt(scheme + " buffer of " + in.length + " bytes");
    }
    ByteBuffer h = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
    long size = zstd ? h.getLong(0) : Integer.toUnsignedLong(h.getInt(0));
    if (!(size >= 0 && size <= Integer.MAX_VALUE - 16)) {
      throw new Decoding.Corrupt(scheme + " buffer claims "
        + size + " uncompressed bytes");
    }
    byte[] out = new byte[(int) size];
    int n;
    try {
      n = zstd
          ? new ZstdDecompressor().decompress(in, prefix, in.length - prefix, out, 0, out.length)
          : new Lz4Decompressor().decompress(in, prefix, in.length - prefix, out, 0, out.length);
    } catch (RuntimeException e) {
      throw new Decoding.Corrupt(scheme + " data does not decompress: " + e.getMessage());
    }
    if (!(n == size)) {
      throw new Decoding.Corrupt(scheme + " data decompressed to " + n + " bytes, not " + size);
    }
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
  }
}
