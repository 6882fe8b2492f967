package org.lance4j.internal.table;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;

/**
 * Arrow IPC body compression in pure Java (aircompressor), so that IPC files written by Lance
 * (deletion vectors use ZSTD) can be read without native libraries. Pass {@link #FACTORY} to an
 * {@code ArrowFileReader} / {@code ArrowStreamReader}.
 *
 * <p>Each compressed IPC buffer is an 8-byte little-endian uncompressed length followed by the
 * compressed bytes; a length of -1 means the bytes that follow are stored raw. The -1 case and
 * empty buffers are handled by Arrow's {@link AbstractCompressionCodec}.
 */
public final class IpcCompression {
  private IpcCompression() {}

  /** Codec factory supporting NO_COMPRESSION and ZSTD. */
  public static final CompressionCodec.Factory FACTORY = new CompressionCodec.Factory() {
    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type) {
      switch (type) {
        case NO_COMPRESSION:
          return NoCompressionCodec.INSTANCE;
        case ZSTD:
          return new Zstd();
        default:
          throw new UnsupportedFormatException("Arrow IPC body compression " + type
              + " is not supported by lance4j (only ZSTD)");
      }
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
      return createCodec(type);
    }
  };

  /** ZSTD frames, one per buffer. */
  static final class Zstd extends AbstractCompressionCodec {
    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
      long len = uncompressed.writerIndex();
      if (len > Integer.MAX_VALUE - 1024) {
        throw new UnsupportedOperationException("buffer too large to compress: " + len);
      }
      byte[] in = new byte[(int) len];
      uncompressed.getBytes(0, in);
      ZstdCompressor c = new ZstdCompressor();
      byte[] out = new byte[c.maxCompressedLength(in.length)];
      int n = c.compress(in, 0, in.length, out, 0, out.length);
      long size = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + n;
      ArrowBuf dst = allocator.buffer(size);
      dst.setBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, out, 0, n);
      writeUncompressedLength(dst, len);
      dst.writerIndex(size);
      return dst;
    }

    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
      long expected = readUncompressedLength(compressed);
      long clen = compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
      if (expected < 0 || expected > Integer.MAX_VALUE || clen < 0) {
        throw new CorruptFileException("IPC buffer: invalid uncompressed length " + expected);
      }
      if (expected > allocator.getHeadroom()) {
        throw new CorruptFileException("IPC buffer: uncompressed length " + expected
            + " exceeds the allocator's headroom of " + allocator.getHeadroom() + " bytes");
      }
      byte[] in = new byte[(int) clen];
      compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, in);
      byte[] out = new byte[(int) expected];
      int n;
      try {
        n = new ZstdDecompressor().decompress(in, 0, in.length, out, 0, out.length);
      } catch (MalformedInputException e) {
        throw new CorruptFileException("IPC buffer: malformed ZSTD data: " + e.getMessage(), e);
      }
      if (n != expected) {
        throw new CorruptFileException("IPC buffer: ZSTD data decompressed to " + n
            + " bytes, header says " + expected);
      }
      ArrowBuf dst = allocator.buffer(Math.max(expected, 1));
      dst.setBytes(0, out, 0, n);
      dst.writerIndex(expected);
      return dst;
    }

    @Override
    public CompressionUtil.CodecType getCodecType() {
      return CompressionUtil.CodecType.ZSTD;
    }
  }
}
