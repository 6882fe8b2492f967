package org.lance4j.internal.file.v21;

import java.util.Arrays;

/** A growable little-endian byte buffer for the writer's page and chunk assembly. */
final class GrowBytes {
  private byte[] a;
  private int n;

  GrowBytes(int initial) {
    a = new byte[Math.max(16, initial)];
  }

  int size() {
    return n;
  }

  byte[] array() {
    return a;
  }

  void clear() {
    n = 0;
  }

  private void ensure(int more) {
    if (n + (long) more > a.length) {
      long want = Math.max((long) a.length * 2, (long) n + more);
      if (want > Integer.MAX_VALUE - 16) {
        want = Integer.MAX_VALUE - 16;
        if (n + (long) more > want) {
          throw new IllegalStateException("page buffer over 2 GiB");
        }
      }
      a = Arrays.copyOf(a, (int) want);
    }
  }

  /**
   * Moves the content into {@code bigger} (at least as long as the current array) and uses it
   * from now on; returns the array given up.
   */
  byte[] adopt(byte[] bigger) {
    if (bigger.length < a.length) {
      throw new IllegalArgumentException("adopting " + bigger.length + " bytes < " + a.length);
    }
    System.arraycopy(a, 0, bigger, 0, n);
    byte[] old = a;
    a = bigger;
    return old;
  }

  /** Gives up the array (for reuse elsewhere) and starts over with a small one. */
  byte[] release() {
    byte[] old = a;
    a = new byte[16];
    n = 0;
    return old;
  }

  /** Grows the array to hold at least {@code capacity} bytes (never shrinks it). */
  void reserve(long capacity) {
    if (capacity > a.length) {
      ensure((int) Math.min(Integer.MAX_VALUE - 16L, capacity) - n);
    }
  }

  int capacity() {
    return a.length;
  }

  void u8(int v) {
    ensure(1);
    a[n++] = (byte) v;
  }

  void u16(int v) {
    ensure(2);
    a[n++] = (byte) v;
    a[n++] = (byte) (v >>> 8);
  }

  void u32(long v) {
    ensure(4);
    for (int k = 0; k < 4; k++) {
      a[n++] = (byte) (v >>> (8 * k));
    }
  }

  void u64(long v) {
    ensure(8);
    for (int k = 0; k < 8; k++) {
      a[n++] = (byte) (v >>> (8 * k));
    }
  }

  void put(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, a, n, len);
    n += len;
  }

  /** Appends {@code len} zero bytes. */
  void zeros(int len) {
    ensure(len);
    if (len <= 16) {
      for (int i = 0; i < len; i++) {
        a[n + i] = 0;
      }
    } else {
      Arrays.fill(a, n, n + len, (byte) 0);
    }
    n += len;
  }

  /** Pads with {@code pad} bytes to a multiple of 8. */
  void pad8(byte pad) {
    int p = (8 - (n & 7)) & 7;
    if (p == 0) {
      return;
    }
    ensure(p);
    for (int i = 0; i < p; i++) { // at most 7 bytes: a loop beats Arrays.fill's call
      a[n++] = pad;
    }
  }

  /**
   * Reserves {@code len} bytes without clearing them and returns where they start: the caller
   * overwrites all of them (or truncates back).
   */
  int extend(int len) {
    ensure(len);
    n += len;
    return n - len;
  }

  /** Reserves {@code len} bytes and returns where they start (to be filled later). */
  int skip(int len) {
    zeros(len);
    return n - len;
  }

  void setU16(int at, int v) {
    a[at] = (byte) v;
    a[at + 1] = (byte) (v >>> 8);
  }

  void setU32(int at, long v) {
    for (int k = 0; k < 4; k++) {
      a[at + k] = (byte) (v >>> (8 * k));
    }
  }

  /** Drops everything past {@code size} bytes. */
  void truncate(int size) {
    if (size < 0 || size > n) {
      throw new IllegalArgumentException("truncate to " + size + " of " + n);
    }
    n = size;
  }

  byte[] toArray() {
    return Arrays.copyOf(a, n);
  }
}
