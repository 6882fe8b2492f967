package org.lance4j.internal.file.v20;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.lance4j.InvalidInputException;

/** A growable byte array the encoders buffer a page's bytes in (little-endian helpers included). */
final class EncoderBytes {
  private byte[] data;
  private int size;

  EncoderBytes(int initialCapacity) {
    data = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return data;
  }

  void clear() {
    size = 0;
  }

  /** Makes room for {@code extra} more bytes. */
  void reserve(long extra) {
    long need = size + extra;
    if (need > Integer.MAX_VALUE - 16) {
      throw new InvalidInputException(
          "a single page buffer would exceed 2 GiB; use a smaller batch or page size");
    }
    if (need > data.length) {
      long cap = Math.max(need, Math.min((long) data.length * 2, Integer.MAX_VALUE - 16));
      data = Arrays.copyOf(data, (int) cap);
    }
  }

  /** Bulk copy of {@code len} bytes from an Arrow buffer. */
  void append(ArrowBuf src, long srcIndex, int len) {
    reserve(len);
    if (len > 0) {
      src.getBytes(srcIndex, data, size, len);
    }
    size += len;
  }
}
