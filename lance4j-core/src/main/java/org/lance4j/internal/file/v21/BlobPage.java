package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.BlobLayout;

/**
 * Decodes a blob page (legacy blobs of 2.1, field metadata {@code lance-encoding:blob}): the inner
 * layout holds one (position, size) u64 pair per item; a non-empty value is {@code size} bytes at
 * absolute file position {@code position}; size 0 with position 0 is an empty value, size 0 with
 * a non-zero position a null whose levels are in the position (what 7.0.0 writes: the definition
 * level in bits 16.., the repetition level in bits 0-15). Returns the bytes.
 */
final class BlobPage {
  /** Reads that span at most this many bytes fetch every blob of a page in one request. */
  private static final long ONE_READ = 64L << 20;

  private BlobPage() {}

  static PageData decode(BlobLayout bl, ByteBuffer[] bufs, Layers layers,
      V21FileReader.Source source) {
    if (!bl.getInnerLayout().hasMiniBlockLayout()) {
      throw new Decoding.Unsupported("a blob page over " + bl.getInnerLayout().getLayoutCase());
    }
    var inner = bl.getInnerLayout().getMiniBlockLayout();
    PageData d = MiniBlockPage.decode(inner, bufs, new Layers(inner.getLayersList()));
    if (!(d.values() instanceof Block.Struct st) || st.children().length != 2
        || !(st.children()[0] instanceof Block.Fixed pos) || pos.bits() != 64
        || !(st.children()[1] instanceof Block.Fixed size) || size.bits() != 64) {
      throw new Decoding.Corrupt("blob descriptions are not (u64 position, u64 size) pairs");
    }
    int n = st.numValues();
    int[] def = null;
    long lo = Long.MAX_VALUE;
    long hi = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      long p = Values.get(pos, i);
      long s = Values.get(size, i);
      if (s == 0) {
        if (p != 0) {
          long lv = p >>> 16;
          if ((p & 0xFFFF) != 0) {
            throw new Decoding.Unsupported("blobs with repetition levels");
          }
          if (!(lv > 0 && lv <= layers.maxDef())) {
            throw new Decoding.Corrupt("blob " + i
              + " has definition level " + lv);
          }
          if (def == null) {
            def = new int[n];
          }
          def[i] = (int) lv;
        }
        continue;
      }
      if (!(p >= 0 && s > 0 && s < Integer.MAX_VALUE)) {
        throw new Decoding.Corrupt("blob " + i + " at " + p
          + " of " + s + " bytes");
      }
      lo = Math.min(lo, p);
      hi = Math.max(hi, p + s);
      total += s;
    }
    if (!(total < Integer.MAX_VALUE - 16)) {
      throw new Decoding.Corrupt("blobs of a page total " + total + " bytes");
    }
    byte[] data = new byte[(int) total];
    int[] off = new int[n + 1];
    ByteBuffer all = total > 0 && hi - lo <= Math.max(ONE_READ, 2 * total)
        && hi - lo < Integer.MAX_VALUE ? Decoding.le(source.read(lo, (int) (hi - lo))) : null;
    int at = 0;
    for (int i = 0; i < n; i++) {
      long s = Values.get(size, i);
      if (s > 0) {
        long p = Values.get(pos, i);
        ByteBuffer src = all != null ? Decoding.slice(all, (int) (p - lo), (int) s)
            : Decoding.le(source.read(p, (int) s));
        if (!(src.remaining() == s)) {
          throw new Decoding.Corrupt("blob " + i + " is truncated");
        }
        src.duplicate().get(data, at, (int) s);
        at += (int) s;
      }
      off[i + 1] = at;
    }
    return new PageData(n, null, def, new Block.Var(off, data, n));
  }
}
