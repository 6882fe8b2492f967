package org.lance4j.internal.file.v21;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Spare page buffers per thread: a finished file's leaf columns give their full-page buffers
 * back here and the next file's columns, written on the same thread, take them instead of
 * allocating (and zeroing) new multi-megabyte arrays. At most {@link #MAX} arrays per thread,
 * held softly (the collector may drop them under memory pressure); only arrays a finished
 * column no longer uses are given, so a buffer is never shared by two live columns.
 */
final class PageBuffers {
  /** Arrays kept per thread (a few columns' values, null-layer and offset buffers). */
  static final int MAX = 24;
  /** Smaller arrays are cheap to allocate and are not kept. */
  static final int MIN_BYTES = 256 * 1024;
  private static final ThreadLocal<SoftReference<List<Object>>> SPARE = new ThreadLocal<>();

  private PageBuffers() {}

  private static List<Object> spare(boolean create) {
    SoftReference<List<Object>> ref = SPARE.get();
    List<Object> l = ref == null ? null : ref.get();
    if (l == null && create) {
      l = new ArrayList<>();
      SPARE.set(new SoftReference<>(l));
    }
    return l;
  }

  /** A spare {@code byte[]} of at least {@code min} bytes (the smallest such), or null. */
  static byte[] bytes(long min) {
    return (byte[]) take(min, true);
  }

  /** A spare {@code long[]} of at least {@code min} entries (the smallest such), or null. */
  static long[] longs(long min) {
    return (long[]) take(min, false);
  }

  private static Object take(long min, boolean bytes) {
    List<Object> l = spare(false);
    if (l == null) {
      return null;
    }
    int best = -1;
    long bestLen = Long.MAX_VALUE;
    for (int i = 0; i < l.size(); i++) {
      Object o = l.get(i);
      long len = bytes ? o instanceof byte[] b ? b.length : -1
          : o instanceof long[] x ? x.length : -1;
      if (len >= min && len < bestLen) {
        best = i;
        bestLen = len;
      }
    }
    return best < 0 ? null : l.remove(best);
  }

  /** Gives back an array its owner no longer uses (kept when big enough and room is left). */
  static void give(Object array) {
    long bytes = array instanceof byte[] b ? b.length
        : array instanceof long[] x ? 8L * x.length : 0;
    if (bytes < MIN_BYTES) {
      return;
    }
    List<Object> l = spare(true);
    if (l.size() < MAX) {
      l.add(array);
    }
  }
}
