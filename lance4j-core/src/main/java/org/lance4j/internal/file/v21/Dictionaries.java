package org.lance4j.internal.file.v21;

/** Resolves dictionary indices (any unsigned integer width) against a decoded dictionary. */
final class Dictionaries {
  private Dictionaries() {}

  static Block lookup(Block dict, Block indices) {
    if (!(indices instanceof Block.Fixed f)) {
      throw new Decoding.Corrupt("dictionary indices are variable-width");
    }
    int[] idx = Values.toInts(f);
    int n = idx.length;
    int size = dict.numValues();
    for (int i = 0; i < n; i++) {
      if (idx[i] < 0 || idx[i] >= size) {
        throw new Decoding.Corrupt("dictionary index " + idx[i] + " is outside the "
            + size + "-item dictionary");
      }
    }
    if (dict instanceof Block.Var v) {
      int[] vo = v.offsets();
      long total = 0;
      for (int i = 0; i < n; i++) {
        total += vo[idx[i] + 1] - vo[idx[i]];
      }
      if (!(total < Integer.MAX_VALUE - 16)) {
        throw new Decoding.Corrupt("dictionary values too large");
      }
      byte[] out = new byte[(int) total];
      int[] off = new int[n + 1];
      int o = 0;
      byte[] src = v.data();
      for (int i = 0; i < n; i++) {
        int s = vo[idx[i]];
        int len = vo[idx[i] + 1] - s;
        System.arraycopy(src, s, out, o, len);
        o += len;
        off[i + 1] = o;
      }
      return new Block.Var(off, out, n);
    }
    Block.Fixed d = (Block.Fixed) dict;
    if (!(d.bits() % 8 == 0)) {
      throw new Decoding.Corrupt("dictionary of " + d.bits() + "-bit values");
    }
    int w = d.bits() / 8;
    byte[] out = new byte[n * w];
    byte[] src = d.data();
    for (int i = 0; i < n; i++) {
      System.arraycopy(src, idx[i] * w, out, i * w, w);
    }
    return new Block.Fixed(out, d.bits(), n);
  }
}
