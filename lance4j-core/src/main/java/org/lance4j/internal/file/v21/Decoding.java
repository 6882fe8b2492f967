package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The decompressor interfaces of the 2.1 reader and small helpers they share. */
final class Decoding {
  private Decoding() {}

  /** Decodes the value buffers of one mini-block chunk. */
  interface MiniBlockDecompressor {
    Block decompress(ByteBuffer[] buffers, int numValues);
  }

  /** A mini-block decompressor that can decode just some values of a chunk (random access). */
  interface WindowedMiniBlock extends MiniBlockDecompressor {
    /**
     * Values {@code [from, to)} of a chunk of {@code numValues} values, or null when this chunk
     * cannot be read in part (the caller then decodes it whole).
     */
    Block decompress(ByteBuffer[] buffers, int numValues, int from, int to);
  }

  /**
   * A mini-block decompressor that can decode a chunk straight into the page's values (no block
   * of its own, no copy), when {@link #direct} says so for its encoding.
   */
  interface DirectMiniBlock extends MiniBlockDecompressor {
    boolean direct();

    /** Decodes the chunk's {@code numValues} values and appends them to {@code out}. */
    void decompressInto(ByteBuffer[] buffers, int numValues, BlockBuilder out);
  }

  /** Decodes one opaque buffer (rep/def levels, dictionaries, constant values). */
  interface BlockDecompressor {
    Block decompress(ByteBuffer buffer, int numValues);
  }

  /** A structurally impossible byte sequence; the page reader adds file, column and page. */
  static final class Corrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  /** An encoding (or combination) lance4j does not read; the page reader adds the context. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  static ByteBuffer le(ByteBuffer b) {
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }

  static ByteBuffer slice(ByteBuffer b, int pos, int len) {
    if (pos < 0 || len < 0 || pos > b.limit() || len > b.limit() - pos) { // no int overflow
      throw new Corrupt("buffer of " + len + " bytes at " + pos + " overruns " + b.limit()
          + " bytes");
    }
    return b.slice(pos, len).order(ByteOrder.LITTLE_ENDIAN); // one buffer object, not two
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
