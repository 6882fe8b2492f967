package org.lance4j.internal.file.v21;

import java.util.Arrays;

/** Concatenates decoded blocks (chunk after chunk, page after page) into one block. */
final class BlockBuilder {
  private byte[] data;
  private int dataLen;
  private int bitLen;
  private int[] offsets;
  private int count;
  private int bits = -1;
  private boolean var;

  void add(Block b) {
    add(b, 0, b.numValues());
  }

  /** Appends values {@code [from, to)} of {@code b}. */
  private BlockBuilder fslItems;
  private byte[] fslValidity;
  private int fslDim = -1;

  private BlockBuilder[] structKids;
  private final int valuesHint;

  BlockBuilder() {
    this(0, 64);
  }

  /** A builder expecting about {@code values} values in about {@code bytes} bytes. */
  BlockBuilder(int values, long bytes) {
    this(values, bytes, null);
  }

  /**
   * As above, writing into the arrays of {@code spare} (a block an earlier builder built, that
   * nothing reads any more; null = none) while they are large enough; {@link #build} then
   * returns its arrays as they are (possibly longer than the values), so that they can be lent
   * again.
   */
  BlockBuilder(int values, long bytes, Block spare) {
    this.valuesHint = values;
    this.bytesHint = (int) Math.min(Math.max(bytes, 64), Integer.MAX_VALUE - 16);
    byte[] d = EMPTY;
    if (spare instanceof Block.Var v) {
      d = v.data();
      spareOffsets = v.offsets();
    } else if (spare instanceof Block.Fixed f) {
      d = f.data();
    }
    this.data = d;
    this.keepSlack = spare != null;
  }

  /** Lent offsets for the first variable-width values (see the constructor). */
  private int[] spareOffsets;
  /** Whether {@link #build} keeps the arrays as they are (no trimming copy). */
  private final boolean keepSlack;

  private int[] newOffsets(int n) {
    int need = Math.max(16, Math.max(valuesHint, n) + 1);
    int[] s = spareOffsets;
    spareOffsets = null;
    if (s != null && s.length >= need) {
      s[0] = 0; // the first value starts at 0 (a fresh array's zero)
      return s;
    }
    return new int[need];
  }

  private static final byte[] EMPTY = new byte[0];
  /** The first allocation of {@code data} for variable-width values. */
  private final int bytesHint;

  /** What the first allocation of {@code data} should hold: exact for fixed-width values. */
  private long firstCapacity() {
    if (var || bits < 0) {
      return bytesHint;
    }
    return bits % 8 == 0 ? (long) valuesHint * (bits / 8) : (valuesHint + 7) / 8 + 1;
  }

  /**
   * Makes room for {@code n} more {@code bits}-bit values (a multiple of 8) written straight
   * into {@link #varData()} from the returned byte position; {@link #endFixed} counts them.
   */
  int beginFixed(int valueBits, int n) {
    if (bits == -1) {
      bits = valueBits;
    }
    if (!(!var && bits == valueBits && valueBits % 8 == 0)) {
      throw new Decoding.Corrupt("a page mixes " + bits + "- and " + valueBits
        + "-bit values");
    }
    int w = valueBits / 8;
    if (!((long) (count + n) * w <= Integer.MAX_VALUE - 16)) {
      throw new Decoding.Corrupt("a page decodes to more than 2 GiB of values");
    }
    ensureData((count + n) * w);
    return count * w;
  }

  /** Counts {@code n} values written after {@link #beginFixed}. */
  void endFixed(int n) {
    count += n;
    dataLen = count * (bits / 8);
  }

  void add(Block b, int from, int to) {
    int n = to - from;
    if (b instanceof Block.Struct st) {
      if (structKids == null) {
        if (!(bits == -1)) {
          throw new Decoding.Corrupt("a page mixes packed structs and other values");
        }
        bits = -3;
        structKids = new BlockBuilder[st.children().length];
        for (int k = 0; k < structKids.length; k++) {
          structKids[k] = new BlockBuilder();
        }
      }
      if (!(st.children().length == structKids.length)) {
        throw new Decoding.Corrupt("packed structs of "
          + structKids.length + " and " + st.children().length + " children");
      }
      for (int k = 0; k < structKids.length; k++) {
        structKids[k].add(st.children()[k], from, to);
      }
      count += n;
      return;
    }
    if (b instanceof Block.Fsl f) {
      if (fslDim == -1) {
        fslDim = f.dim();
        fslItems = new BlockBuilder();
        bits = -2;
      }
      if (!(fslDim == f.dim())) {
        throw new Decoding.Corrupt("fixed-size lists of " + fslDim + " and " + f.dim());
      }
      int d = f.dim();
      if (f.itemValidity() != null || fslValidity != null) {
        int have = count * d;
        int need = (count + n) * d;
        if (fslValidity == null) {
          fslValidity = new byte[(need + 7) / 8 + 8];
          for (int i = 0; i < have; i++) {
            fslValidity[i >> 3] |= (byte) (1 << (i & 7));
          }
        } else if (fslValidity.length * 8 < need) {
          fslValidity = Arrays.copyOf(fslValidity, Math.max(fslValidity.length * 2,
              (need + 7) / 8 + 8));
        }
        for (int i = 0; i < n * d; i++) {
          int s = from * d + i;
          boolean ok = f.itemValidity() == null
              || (f.itemValidity()[s >> 3] >> (s & 7) & 1) != 0;
          if (ok) {
            int t = have + i;
            fslValidity[t >> 3] |= (byte) (1 << (t & 7));
          }
        }
      }
      fslItems.add(f.items(), from * d, to * d);
      count += n;
      return;
    }
    if (b instanceof Block.Var v) {
      if (bits == -1) {
        var = true;
        bits = 0;
        offsets = newOffsets(n);
      }
      if (!(var)) {
        throw new Decoding.Corrupt("a page mixes fixed- and variable-width values");
      }
      int start = v.offsets()[from];
      int len = v.offsets()[to] - start;
      ensureData(dataLen + len);
      System.arraycopy(v.data(), start, data, dataLen, len);
      if (offsets.length < count + n + 1) {
        offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, count + n + 1));
      }
      int[] vo = v.offsets();
      int shift = dataLen - start;
      for (int i = 1; i <= n; i++) {
        offsets[count + i] = vo[from + i] + shift;
      }
      dataLen += len;
      count += n;
      return;
    }
    Block.Fixed f = (Block.Fixed) b;
    if (bits == -1) {
      bits = f.bits();
    }
    if (!(!var && bits == f.bits())) {
      throw new Decoding.Corrupt("a page mixes " + bits + "- and " + f.bits()
        + "-bit values");
    }
    if (bits % 8 == 0) {
      int w = bits / 8;
      ensureData((count + n) * w);
      System.arraycopy(f.data(), from * w, data, count * w, n * w);
      dataLen = (count + n) * w;
    } else {
      if (keepSlack && bitLen == 0) {
        data = EMPTY; // bits are ORed into zero bytes: no lent array
      }
      ensureData((bitLen + n + 7) / 8 + 1);
      appendBits(f.data(), from, n);
      bitLen += n;
      dataLen = (bitLen + 7) / 8;
    }
    count += n;
  }

  /**
   * Appends {@code n} fixed-size lists of {@code dim} valid items of {@code itemBits} bits (a
   * multiple of 8) from {@code src} at {@code pos} (a take's rows of a plain full-zip page).
   */
  void addFixedSizeLists(int dim, int itemBits, java.nio.ByteBuffer src, int pos, int n) {
    if (fslDim == -1) {
      if (!(bits == -1)) {
        throw new Decoding.Corrupt("a page mixes fixed-size lists and other values");
      }
      fslDim = dim;
      fslItems = new BlockBuilder((int) Math.min((long) valuesHint * dim, 1 << 26),
          (long) valuesHint * dim * (itemBits / 8));
      bits = -2;
    }
    if (!(fslDim == dim)) {
      throw new Decoding.Corrupt("fixed-size lists of " + fslDim + " and " + dim);
    }
    if (fslValidity != null) {
      int have = count * dim;
      int need = (count + n) * dim;
      if (fslValidity.length * 8 < need) {
        fslValidity = Arrays.copyOf(fslValidity, Math.max(fslValidity.length * 2,
            (need + 7) / 8 + 8));
      }
      for (int t = have; t < need; t++) {
        fslValidity[t >> 3] |= (byte) (1 << (t & 7));
      }
    }
    int items = n * dim;
    int at = fslItems.beginFixed(itemBits, items);
    src.get(pos, fslItems.data, at, items * (itemBits / 8));
    fslItems.endFixed(items);
    count += n;
  }

  /** Appends one 1-bit value (a take's boolean read by {@link MiniBlockPoints}). */
  void addBit(boolean set) {
    if (bits == -1) {
      bits = 1;
    }
    if (!(!var && bits == 1)) {
      throw new Decoding.Corrupt("a page mixes " + bits + "- and 1-bit values");
    }
    if (keepSlack && bitLen == 0) {
      data = EMPTY;
    }
    ensureData((bitLen >> 3) + 2);
    if (set) {
      data[bitLen >> 3] |= (byte) (1 << (bitLen & 7));
    }
    bitLen++;
    dataLen = (bitLen + 7) / 8;
    count++;
  }

  /**
   * ORs bits {@code [from, from + n)} of {@code src} into {@code data} from bit {@code bitLen}
   * (the bits there are zero): byte copies when both are byte-aligned, else 8 bits per step.
   */
  private void appendBits(byte[] src, int from, int n) {
    int d = bitLen;
    int i = 0;
    if ((d & 7) == 0 && (from & 7) == 0) {
      int whole = n >> 3;
      System.arraycopy(src, from >> 3, data, d >> 3, whole);
      i = whole << 3;
    } else {
      int ds = d & 7;
      for (; i + 8 <= n; i += 8) {
        int s = from + i;
        int sb = s >> 3;
        int sh = s & 7;
        int v = (src[sb] & 0xFF) >>> sh;
        if (sh != 0) {
          v |= (src[sb + 1] & 0xFF) << (8 - sh);
        }
        v &= 0xFF;
        int db = (d + i) >> 3;
        data[db] |= (byte) (v << ds);
        if (ds != 0) {
          data[db + 1] |= (byte) (v >>> (8 - ds));
        }
      }
    }
    for (; i < n; i++) {
      int s = from + i;
      if ((src[s >> 3] >> (s & 7) & 1) != 0) {
        int t = d + i;
        data[t >> 3] |= (byte) (1 << (t & 7));
      }
    }
  }

  /**
   * Makes room to write {@code n} variable-width values of at most {@code maxBytes} bytes in
   * all straight into {@link #varData()} from {@link #varLength()}, their end offsets into
   * {@link #varOffsets()} from index {@code count() + 1}; {@link #endVar} then counts them.
   */
  void beginVar(int n, long maxBytes) {
    if (bits == -1) {
      var = true;
      bits = 0;
      offsets = newOffsets(n);
    }
    if (!(var)) {
      throw new Decoding.Corrupt("a page mixes fixed- and variable-width values");
    }
    if (!(dataLen + maxBytes <= Integer.MAX_VALUE - 16)) {
      throw new Decoding.Corrupt("a page decodes to more than 2 GiB of values");
    }
    ensureData((int) (dataLen + maxBytes));
    if (offsets.length < count + n + 1) {
      offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, count + n + 1));
    }
  }

  /**
   * Grows the data buffer (after {@link #beginVar}) to hold at least {@code need} bytes, keeping
   * what was written; returns the new {@link #varData()}.
   */
  byte[] growVar(int need) {
    if (!(need >= 0 && need <= Integer.MAX_VALUE - 16)) {
      throw new Decoding.Corrupt("a page decodes to more than 2 GiB of values");
    }
    ensureData(need);
    return data;
  }

  byte[] varData() {
    return data;
  }

  int varLength() {
    return dataLen;
  }

  int[] varOffsets() {
    return offsets;
  }

  /** Counts {@code n} values written after {@link #beginVar}; the data now ends at {@code len}. */
  void endVar(int n, int len) {
    count += n;
    dataLen = len;
  }

  private void ensureData(int need) {
    if (data.length < need) {
      long cap = data.length == 0 ? Math.max(need, firstCapacity())
          : Math.max((long) data.length * 2, need);
      data = Arrays.copyOf(data, (int) Math.min(cap, Integer.MAX_VALUE - 16));
    }
  }

  private byte[] exact() {
    return data.length == dataLen || keepSlack ? data : Arrays.copyOf(data, dataLen);
  }

  int count() {
    return count;
  }

  /** The concatenation, or null when nothing was added. */
  Block build() {
    if (bits == -1) {
      return null;
    }
    if (bits == -3) {
      Block[] kids = new Block[structKids.length];
      for (int k = 0; k < kids.length; k++) {
        kids[k] = structKids[k].build();
      }
      return new Block.Struct(kids, count);
    }
    if (bits == -2) {
      return new Block.Fsl((Block.Fixed) fslItems.build(), fslValidity == null ? null
          : Arrays.copyOf(fslValidity, (count * fslDim + 7) / 8), fslDim, count);
    }
    if (var) {
      return new Block.Var(offsets.length == count + 1 || keepSlack ? offsets
          : Arrays.copyOf(offsets, count + 1), exact(), count);
    }
    return new Block.Fixed(exact(), bits, count);
  }
}
