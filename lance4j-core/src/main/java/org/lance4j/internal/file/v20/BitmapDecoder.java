package org.lance4j.internal.file.v20;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Bit and byte copying between page buffers (heap or direct {@link ByteBuffer}s) and Arrow
 * buffers. Bitmaps are LSB-first as in Arrow. Destination bitmaps are assumed zero where bits are
 * written (output buffers are zeroed on allocation), so bits are merged with OR.
 */
final class BitmapDecoder {
  private BitmapDecoder() {}

  /** Copies {@code len} bytes from {@code src} at absolute index {@code srcIndex}. */
  static void copyBytes(ByteBuffer src, long srcIndex, ArrowBuf dst, long dstIndex, long len) {
    if (len <= 0) {
      return;
    }
    if (src.hasArray()) {
      dst.setBytes(dstIndex, src.array(), src.arrayOffset() + (int) srcIndex, len);
    } else {
      ByteBuffer d = src.duplicate();
      d.limit((int) (srcIndex + len));
      d.position((int) srcIndex);
      dst.setBytes(dstIndex, d);
    }
  }

  /** Copies {@code count} bits starting at bit {@code srcBit} of src to bit {@code dstBit}. */
  static void copyBits(ByteBuffer src, long srcBit, ArrowBuf dst, long dstBit, long count) {
    if (count <= 0) {
      return;
    }
    if (((srcBit | dstBit) & 7) == 0) {
      long whole = count >>> 3;
      copyBytes(src, srcBit >>> 3, dst, dstBit >>> 3, whole);
      int rest = (int) (count & 7);
      if (rest > 0) {
        int bits = readBits(src, srcBit + whole * 8, rest);
        long idx = (dstBit >>> 3) + whole;
        dst.setByte(idx, dst.getByte(idx) | bits);
      }
      return;
    }
    long s = srcBit;
    long d = dstBit;
    long left = count;
    while (left > 0) {
      int dOff = (int) (d & 7);
      int n = (int) Math.min(8 - dOff, left);
      int bits = readBits(src, s, n);
      long idx = d >>> 3;
      dst.setByte(idx, dst.getByte(idx) | (bits << dOff));
      s += n;
      d += n;
      left -= n;
    }
  }

  /** Up to 8 bits from src at bit position {@code bit}, as the low bits of an int. */
  private static int readBits(ByteBuffer src, long bit, int n) {
    int i = (int) (bit >>> 3);
    int sh = (int) (bit & 7);
    int v = src.get(i) & 0xFF;
    if (sh + n > 8) {
      v |= (src.get(i + 1) & 0xFF) << 8;
    }
    return (v >>> sh) & ((1 << n) - 1);
  }

  /** Sets {@code count} bits to 1 from bit {@code dstBit}. */
  static void setBits(ArrowBuf dst, long dstBit, long count) {
    long d = dstBit;
    long left = count;
    while (left > 0 && (d & 7) != 0) {
      setBit(dst, d);
      d++;
      left--;
    }
    long whole = left >>> 3;
    if (whole > 0) {
      dst.setOne(d >>> 3, whole);
      d += whole * 8;
      left -= whole * 8;
    }
    while (left > 0) {
      setBit(dst, d);
      d++;
      left--;
    }
  }

  static void setBit(ArrowBuf dst, long bit) {
    long idx = bit >>> 3;
    dst.setByte(idx, dst.getByte(idx) | (1 << (bit & 7)));
  }

  static void clearBit(ArrowBuf dst, long bit) {
    long idx = bit >>> 3;
    dst.setByte(idx, dst.getByte(idx) & ~(1 << (bit & 7)));
  }

  /** Bytes of a bitmap of {@code bits} bits. */
  static long bytesFor(long bits) {
    return (bits + 7) >>> 3;
  }
}
