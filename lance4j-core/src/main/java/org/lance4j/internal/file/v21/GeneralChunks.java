package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressionScheme;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/**
 * General (ZSTD or LZ4) around another mini-block encoding, as Lance does it: the first value
 * buffer of every chunk is compressed on its own, the other buffers stay as they are. Used where
 * field metadata asks for it ({@code lance-encoding:compression}); the caller keeps the inner
 * encoding when the page is small or does not shrink ({@link #worthIt}).
 */
final class GeneralChunks implements ChunkEncoding {
  /** Lance leaves pages whose first buffer is smaller than this uncompressed. */
  static final int MIN_BYTES = 4 * 1024;
  private final ChunkEncoding inner;
  private final CompressionScheme scheme;
  private final Integer level;
  private final GrowBytes scratch = new GrowBytes(16 * 1024);
  private long rawBytes;
  private long compressedBytes;

  GeneralChunks(ChunkEncoding inner, CompressionScheme scheme, Integer level) {
    this.inner = inner;
    this.scheme = scheme;
    this.level = level;
  }

  ChunkEncoding inner() {
    return inner;
  }

  @Override
  public CompressiveEncoding encoding() {
    return GeneralCompress.wrap(scheme, level, inner.encoding());
  }

  @Override
  public int buffers() {
    return inner.buffers();
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return inner.chunkCount(start, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    write(start, count, new GrowBytes[] {out});
  }

  @Override
  public void write(int start, int count, GrowBytes[] out) {
    GrowBytes first = out[0];
    out[0] = scratch;
    scratch.clear();
    inner.write(start, count, out);
    out[0] = first;
    rawBytes += scratch.size();
    int before = first.size();
    GeneralCompress.compress(scheme, scratch.array(), 0, scratch.size(), first);
    compressedBytes += first.size() - before;
  }

  /** After a page was written: whether compression paid (Lance's rule: big enough and smaller). */
  boolean worthIt() {
    return rawBytes >= MIN_BYTES && compressedBytes < rawBytes;
  }
}
