package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.ConstantLayout;

/**
 * Decodes a constant page: every visible item has the same value, or is null. The value is
 * {@code inline_value} (2.2, fixed width), or page buffer 0 holding a variable-width value (2.2:
 * u32 buffer count 2, u32 sizes, then u32 offsets [0, n] and the bytes), or absent (all null).
 * A page with structure (struct or list layers) then has two level buffers, rep (possibly empty)
 * and def: raw u16 levels in 2.1, compressed ({@code rep_compression}, {@code num_rep_values},
 * ...) in 2.2.
 */
final class ConstantPage {
  private ConstantPage() {}

  /**
   * A 2.2 constant page of a fixed-width column without nulls (what lance-core 7.0.0 writes for a
   * constant page): the value inline in the layout, no buffers.
   */
  static EncodedPage inline(java.util.List<org.lance4j.proto.Encodings21Protos.RepDefLayer> layers,
      byte[] value) {
    return new EncodedPage(org.lance4j.proto.Encodings21Protos.PageLayout.newBuilder()
        .setConstantLayout(ConstantLayout.newBuilder().addAllLayers(layers)
            .setInlineValue(com.google.protobuf.ByteString.copyFrom(value))).build(),
        new byte[0][]);
  }

  /**
   * A page where no item has a valid value (under a list: every row a null or empty list, or
   * only null items; else nulls at several layers): no value, the levels as raw u16 buffers
   * [rep, def] (rep empty without lists), as Lance writes such pages.
   */
  static EncodedPage levelsOnly(java.util.List<org.lance4j.proto.Encodings21Protos.RepDefLayer>
      layers, Levels lv) {
    int n = lv.numLevels();
    ByteBuffer rep = ByteBuffer.allocate(lv.rep() == null ? 0 : 2 * n)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    ByteBuffer def = ByteBuffer.allocate(lv.def() == null ? 0 : 2 * n)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (lv.rep() != null) {
        rep.putShort((short) lv.rep()[i]);
      }
      if (lv.def() != null) {
        def.putShort((short) lv.def()[i]);
      }
    }
    ConstantLayout cl = ConstantLayout.newBuilder().addAllLayers(layers)
        .setNumRepValues(lv.rep() == null ? 0 : n).setNumDefValues(lv.def() == null ? 0 : n).build();
    return new EncodedPage(org.lance4j.proto.Encodings21Protos.PageLayout.newBuilder()
        .setConstantLayout(cl).build(), new byte[][] {rep.array(), def.array()});
  }

  static PageData decode(ConstantLayout cl, ByteBuffer[] bufs, long pageRows, Layers layers,
      int fixedBits) {
    // buffers: [value] (a variable-width constant), then [rep, def] when the page has structure
    // (2.1: raw u16 levels, as many as fit; 2.2: compressed, num_rep_values / num_def_values)
    int next = 0;
    Block value = null;
    if (cl.hasInlineValue()) {
      byte[] v = cl.getInlineValue().toByteArray();
      if (!(fixedBits > 0 && v.length * 8 == fixedBits || fixedBits == 1 && v.length >= 1)) {
        throw new Decoding.Corrupt("constant value of " + v.length + " bytes for a "
            + fixedBits + "-bit column");
      }
      value = new Block.Fixed(v, fixedBits == 1 ? 1 : v.length * 8, 1);
    } else if (bufs.length % 2 == 1) {
      value = varValue(bufs[0]);
      next = 1;
    }
    int[] rep = null;
    int[] def = null;
    long items = pageRows;
    if (bufs.length - next >= 2) {
      rep = levels(cl.hasRepCompression() ? Decompressors.block(cl.getRepCompression()) : null,
          bufs[next], cl.getNumRepValues());
      def = levels(cl.hasDefCompression() ? Decompressors.block(cl.getDefCompression()) : null,
          bufs[next + 1], cl.getNumDefValues());
      if (rep != null && def != null && rep.length != def.length) {
        throw new Decoding.Corrupt(rep.length + " rep levels but " + def.length + " def levels");
      }
      items = def != null ? def.length : rep != null ? rep.length : pageRows;
    } else if (bufs.length - next == 1) {
      throw new Decoding.Corrupt("constant page with " + bufs.length + " buffers");
    }
    if (!(items < Integer.MAX_VALUE)) {
      throw new Decoding.Corrupt("constant page of " + items + " items");
    }
    int n = (int) items;
    if (def == null && value == null) {
      // all null: every item is null at the item layer
      if (layers.nullLevel.length > 0 && layers.nullLevel[0] > 0) {
        def = new int[n];
        java.util.Arrays.fill(def, layers.nullLevel[0]);
      } else if (n > 0) {
        throw new Decoding.Corrupt("constant page without a value for a non-nullable column");
      }
    }
    int visible = layers.visibleCount(rep, def, n);
    Block values = value == null ? null : repeat(value, visible);
    return new PageData(n, rep, def, values);
  }

  private static Block varValue(ByteBuffer b) {
    if (!(b.remaining() >= 12 && b.getInt(0) == 2)) {
      throw new Decoding.Corrupt("constant value buffer");
    }
    long offLen = Integer.toUnsignedLong(b.getInt(4));
    long dataLen = Integer.toUnsignedLong(b.getInt(8));
    if (!(offLen == 8 && 12 + offLen + dataLen <= b.remaining())) {
      throw new Decoding.Corrupt("constant value buffer sizes " + offLen + ", " + dataLen);
    }
    int start = b.getInt(12);
    int end = b.getInt(16);
    if (!(start == 0 && end == dataLen)) {
      throw new Decoding.Corrupt("constant value offsets " + start + ", " + end);
    }
    byte[] v = new byte[(int) dataLen];
    b.duplicate().position(20).get(v);
    return new Block.Var(new int[] {0, v.length}, v, 1);
  }

  /** Levels of a constant page, or null when the buffer is empty. */
  private static int[] levels(Decoding.BlockDecompressor dec, ByteBuffer b, long n) {
    if (b.remaining() == 0 && n == 0) {
      return null;
    }
    if (n < 0 || n >= Integer.MAX_VALUE) {
      throw new Decoding.Corrupt(n + " levels");
    }
    if (dec == null) {
      if (n == 0) {
        n = b.remaining() / 2; // 2.1: as many raw u16 levels as the buffer holds
      }
      if (b.remaining() < 2 * n) {
        throw new Decoding.Corrupt("raw u16 levels: " + b.remaining() + " bytes for " + n);
      }
      int[] out = new int[(int) n];
      for (int i = 0; i < n; i++) {
        out[i] = Short.toUnsignedInt(b.getShort(2 * i));
      }
      return out;
    }
    Block x = dec.decompress(b, (int) n);
    if (!(x instanceof Block.Fixed f) || x.numValues() != n) {
      throw new Decoding.Corrupt("levels decode to " + x.numValues() + " values, expected " + n);
    }
    return Values.toInts(f);
  }

  static Block repeat(Block v, int n) {
    if (v instanceof Block.Var var) {
      byte[] one = var.data();
      byte[] out = new byte[one.length * n];
      int[] off = new int[n + 1];
      for (int i = 0; i < n; i++) {
        System.arraycopy(one, 0, out, i * one.length, one.length);
        off[i + 1] = (i + 1) * one.length;
      }
      return new Block.Var(off, out, n);
    }
    Block.Fixed f = (Block.Fixed) v;
    if (f.bits() == 1) {
      byte[] out = new byte[(n + 7) / 8];
      if ((f.data()[0] & 1) != 0) {
        java.util.Arrays.fill(out, (byte) 0xFF);
      }
      return new Block.Fixed(out, 1, n);
    }
    int w = f.bits() / 8;
    byte[] out = new byte[n * w];
    for (int i = 0; i < n; i++) {
      System.arraycopy(f.data(), 0, out, i * w, w);
    }
    return new Block.Fixed(out, f.bits(), n);
  }
}
