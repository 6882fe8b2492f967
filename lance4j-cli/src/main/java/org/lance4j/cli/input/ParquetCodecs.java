package org.lance4j.cli.input;

import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.hadoop.HadoopStreams;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lz4.Lz4HadoopStreams;
import io.airlift.compress.lzo.LzoHadoopStreams;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.lance4j.InvalidInputException;
import org.lance4j.UnsupportedFormatException;

/**
 * Page decompression for the Parquet input without Hadoop: parquet-java's own codec factory builds
 * a Hadoop {@code Configuration} for every compressed file, which needs Hadoop's shaded runtime
 * (XML parsers and more, tens of MiB) that this tool does not ship. These decompressors are pure
 * Java (aircompressor and the JDK): SNAPPY, GZIP, ZSTD, LZ4_RAW, LZ4 (Hadoop's framing, with a
 * fallback to a raw LZ4 block as some writers produce) and LZO (Hadoop's framing). BROTLI has no
 * decoder here and is refused with a message saying how to rewrite the file.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("lance4j reads Parquet only");
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED -> new Page(codec) {
        @Override
        byte[] decompress(byte[] in, int size) {
          return in;
        }
      };
      case SNAPPY -> block(codec, new SnappyDecompressor());
      case ZSTD -> block(codec, new ZstdDecompressor());
      case LZ4_RAW -> block(codec, new Lz4Decompressor());
      case GZIP -> new Page(codec) {
        @Override
        byte[] decompress(byte[] in, int size) throws IOException {
          try (InputStream s = new GZIPInputStream(new ByteArrayInputStream(in))) {
            return s.readNBytes(size);
          }
        }
      };
      case LZ4 -> new Page(codec) {
        @Override
        byte[] decompress(byte[] in, int size) throws IOException {
          try {
            return hadoop(new Lz4HadoopStreams(), in, size);
          } catch (IOException | RuntimeException hadoopFramed) {
            // not Hadoop-framed: older parquet-cpp wrote a bare LZ4 block
            byte[] out = new byte[size];
            int n = new Lz4Decompressor().decompress(in, 0, in.length, out, 0, size);
            check(n, size);
            return out;
          }
        }
      };
      case LZO -> new Page(codec) {
        @Override
        byte[] decompress(byte[] in, int size) throws IOException {
          return hadoop(new LzoHadoopStreams(), in, size);
        }
      };
      default -> throw new UnsupportedFormatException("the file's pages are compressed with "
          + codec + ", which lance4j cannot decompress (it reads UNCOMPRESSED, SNAPPY, GZIP, "
          + "ZSTD, LZ4, LZ4_RAW and LZO); rewrite the file with one of those, e.g. in pyarrow "
          + "pq.write_table(pq.read_table(f), out, compression='zstd')");
    };
  }

  @Override
  public void release() {}

  private static Page block(CompressionCodecName codec, Decompressor d) {
    return new Page(codec) {
      @Override
      byte[] decompress(byte[] in, int size) {
        byte[] out = new byte[size];
        int n = d.decompress(in, 0, in.length, out, 0, size);
        check(n, size);
        return out;
      }
    };
  }

  private static byte[] hadoop(HadoopStreams streams, byte[] in, int size) throws IOException {
    try (InputStream s = streams.createInputStream(new ByteArrayInputStream(in))) {
      byte[] out = s.readNBytes(size);
      check(out.length, size);
      return out;
    }
  }

  private static void check(int got, int expected) {
    if (got != expected) {
      throw new MalformedInputException(0, "page decompressed to " + got + " bytes, the page "
          + "header says " + expected);
    }
  }

  /** One codec's page decompressor over whole byte arrays (pages are small). */
  private abstract static class Page implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    Page(CompressionCodecName codec) {
      this.codec = codec;
    }

    abstract byte[] decompress(byte[] in, int uncompressedSize) throws IOException;

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      return BytesInput.from(run(bytes.toByteArray(), uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output,
        int uncompressedSize) throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      output.put(run(in, uncompressedSize));
    }

    private byte[] run(byte[] in, int uncompressedSize) throws IOException {
      try {
        return decompress(in, uncompressedSize);
      } catch (MalformedInputException | IOException e) {
        throw new InvalidInputException("a " + codec + " compressed page does not decompress ("
            + e.getMessage() + "); the file is damaged or was cut short");
      }
    }

    @Override
    public void release() {}
  }
}
