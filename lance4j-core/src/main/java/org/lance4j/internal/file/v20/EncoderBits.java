package org.lance4j.internal.file.v20;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.lance4j.InvalidInputException;

/**
 * A growable LSB-first bitmap (Arrow validity / boolean layout). Bits past {@link #length()} are
 * always zero, so appends can OR into place.
 */
final class EncoderBits {
  private byte[] data = new byte[64];
  private long length;
  private byte[] scratch = new byte[64];

  long length() {
    return length;
  }

  byte[] array() {
    return data;
  }

  int byteLength() {
    return (int) ((length + 7) >>> 3);
  }

  void clear() {
    Arrays.fill(data, 0, byteLength(), (byte) 0);
    length = 0;
  }

  private void ensure(long bits) {
    long bytes = ((bits + 7) >>> 3) + 1;
    if (bytes > data.length) {
      if (bytes > Integer.MAX_VALUE - 16) {
        throw new InvalidInputException("a page bitmap would exceed 2 GiB");
      }
      data = Arrays.copyOf(data, (int) Math.max(bytes, Math.min(data.length * 2L,
          Integer.MAX_VALUE - 16)));
    }
  }

  /** Appends {@code n} set bits. */
  void appendOnes(long n) {
    if (n <= 0) {
      return;
    }
    ensure(length + n);
    long end = length + n;
    long bit = length;
    while (bit < end && (bit & 7) != 0) {
      data[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
      bit++;
    }
    long fullEnd = end & ~7L;
    if (bit < fullEnd) {
      Arrays.fill(data, (int) (bit >>> 3), (int) (fullEnd >>> 3), (byte) 0xFF);
      bit = fullEnd;
    }
    while (bit < end) {
      data[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
      bit++;
    }
    length = end;
  }

  /** Appends bits {@code [srcBit, srcBit + n)} of an Arrow bitmap. */
  void append(ArrowBuf src, long srcBit, int n) {
    if (n <= 0) {
      return;
    }
    ensure(length + n);
    int firstByte = (int) (srcBit >>> 3);
    int nbytes = (int) (((srcBit + n + 7) >>> 3) - firstByte);
    int dstByte = (int) (length >>> 3);
    int shift = (int) (srcBit & 7);
    int dshift = (int) (length & 7);
    int outBytes = (n + 7) >>> 3;
    if (shift == 0 && dshift == 0) {
      src.getBytes(firstByte, data, dstByte, outBytes);
      maskTail(dstByte + outBytes - 1, n & 7);
      length += n;
      return;
    }
    if (scratch.length < nbytes + 1) {
      scratch = new byte[Math.max(nbytes + 1, scratch.length * 2)];
    }
    src.getBytes(firstByte, scratch, 0, nbytes);
    scratch[nbytes] = 0;
    for (int k = 0; k < outBytes; k++) {
      int b = ((scratch[k] & 0xFF) >>> shift) | ((scratch[k + 1] & 0xFF) << (8 - shift));
      if (k == outBytes - 1 && (n & 7) != 0) {
        b &= (1 << (n & 7)) - 1;
      }
      b &= 0xFF;
      data[dstByte + k] |= (byte) (b << dshift);
      if (dshift != 0) {
        data[dstByte + k + 1] |= (byte) (b >>> (8 - dshift));
      }
    }
    length += n;
  }

  private void maskTail(int lastByte, int bitsInLast) {
    if (bitsInLast != 0) {
      data[lastByte] &= (byte) ((1 << bitsInLast) - 1);
    }
  }

  /** Number of set bits. */
  long countOnes() {
    long ones = 0;
    int full = (int) (length >>> 3);
    int i = 0;
    ByteBuffer bb = ByteBuffer.wrap(data);
    for (; i + 8 <= full; i += 8) {
      ones += Long.bitCount(bb.getLong(i));
    }
    for (; i < full; i++) {
      ones += Integer.bitCount(data[i] & 0xFF);
    }
    if ((length & 7) != 0) {
      ones += Integer.bitCount(data[full] & 0xFF);
    }
    return ones;
  }

  boolean get(long i) {
    return (data[(int) (i >>> 3)] & (1 << (i & 7))) != 0;
  }
}
