package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/**
 * How the values of a mini-block chunk are read one at a time ({@link MiniBlockPoints}): one
 * small class per encoding.
 */
abstract class PointValues {
  /** Checks that a chunk's value buffer can hold its {@code n} values. */
  abstract void check(ByteBuffer b, int at, int size, int n, int chunk);

  /** Appends value {@code i} of the chunk to {@code out}. */
  abstract void append(ByteBuffer b, int at, int i, BlockBuilder out);

  /** Value {@code i} as an unsigned integer (dictionary indices). */
  long index(ByteBuffer b, int at, int i) {
    throw new Decoding.Corrupt("dictionary indices are variable-width");
  }

  static PointValues of(CompressiveEncoding e, boolean indices) {
    switch (e.getCompressionCase()) {
      case FLAT -> {
        long bits = e.getFlat().getBitsPerValue();
        if (e.getFlat().hasData()) {
          return null;
        }
        if (bits == 1 && !indices) {
          return new BitValues();
        }
        if (bits == 8 || bits == 16 || bits == 32 || bits == 64
            || (!indices && bits % 8 == 0 && bits > 0 && bits <= 1 << 14)) {
          return new FlatValues((int) bits);
        }
        return null;
      }
      case INLINE_BITPACKING -> {
        long t = e.getInlineBitpacking().getUncompressedBitsPerValue();
        return !e.getInlineBitpacking().hasValues() && (t == 8 || t == 16 || t == 32
            || t == 64) ? new PackedValues((int) t) : null;
      }
      case VARIABLE -> {
        return !indices ? VarValues.of(e) : null;
      }
      case FSST -> {
        VarValues inner = indices ? null : VarValues.of(e.getFsst().getValues());
        return inner == null ? null
            : new FsstValues(e.getFsst().getSymbolTable().toByteArray(), inner.ob * 8);
      }
      default -> {
        return null;
      }
    }
  }

  /** Flat values of whole bytes. */
  static final class FlatValues extends PointValues {
    private final int bits;
    private final int w;

    FlatValues(int bits) {
      this.bits = bits;
      this.w = bits / 8;
    }

    @Override
    void check(ByteBuffer b, int at, int size, int n, int chunk) {
      if (!(size >= (long) n * w)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": Flat buffer of " + size + " bytes for "
            + n + " values of " + bits + " bits");
      }
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      int o = out.beginFixed(bits, 1);
      b.get(at + i * w, out.varData(), o, w);
      out.endFixed(1);
    }

    @Override
    long index(ByteBuffer b, int at, int i) {
      return FastLanes.word(b, at, bits, i);
    }
  }

  /** Flat 1-bit values (booleans), LSB first. */
  static final class BitValues extends PointValues {
    @Override
    void check(ByteBuffer b, int at, int size, int n, int chunk) {
      if (!(size >= (n + 7L) / 8)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": Flat buffer of " + size + " bytes for "
            + n + " bits");
      }
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      out.addBit((b.get(at + (i >> 3)) >> (i & 7) & 1) != 0);
    }
  }

  /** InlineBitpacking: a bit-width word, then one FastLanes block of at most 1024 values. */
  static final class PackedValues extends PointValues {
    private final int t;

    PackedValues(int t) {
      this.t = t;
    }

    @Override
    void check(ByteBuffer b, int at, int size, int n, int chunk) {
      int wb = t / 8;
      if (!(n <= FastLanes.BLOCK && size >= wb)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": InlineBitpacking buffer of " + size
            + " bytes for " + n + " values");
      }
      long w = FastLanes.word(b, at, t, 0);
      if (!(w >= 0 && w <= t && size >= wb + FastLanes.packedBytes((int) w))) {
        throw new Decoding.Corrupt("chunk " + chunk + ": InlineBitpacking bit width " + w
            + " of " + t + "-bit values in " + size + " bytes");
      }
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      long v = index(b, at, i);
      int o = out.beginFixed(t, 1);
      byte[] d = out.varData();
      for (int k = 0; k < t / 8; k++) {
        d[o + k] = (byte) (v >>> (8 * k));
      }
      out.endFixed(1);
    }

    @Override
    long index(ByteBuffer b, int at, int i) {
      int w = (int) FastLanes.word(b, at, t, 0);
      return FastLanes.value(b, at + t / 8, t, w, i);
    }
  }

  /** Variable: {@code n + 1} offsets from the buffer's start, then the bytes. */
  static class VarValues extends PointValues {
    final int ob;

    VarValues(int offsetBits) {
      this.ob = offsetBits / 8;
    }

    /** Variable values with plain 32- or 64-bit offsets, or null. */
    static VarValues of(CompressiveEncoding e) {
      if (e.getCompressionCase() != CompressiveEncoding.CompressionCase.VARIABLE) {
        return null;
      }
      var v = e.getVariable();
      if (v.hasValues() || v.getOffsets().getCompressionCase()
          != CompressiveEncoding.CompressionCase.FLAT || v.getOffsets().getFlat().hasData()) {
        return null;
      }
      long bits = v.getOffsets().getFlat().getBitsPerValue();
      return bits == 32 || bits == 64 ? new VarValues((int) bits) : null;
    }

    private int size;

    @Override
    final void check(ByteBuffer b, int at, int size, int n, int chunk) {
      if (!(size >= (n + 1L) * ob)) {
        throw new Decoding.Corrupt("chunk " + chunk + ": Variable buffer of " + size
            + " bytes for " + (n + 1) + " offsets");
      }
      this.size = size;
    }

    /** Start (in the chunk buffer) and length of value {@code i}'s bytes, checked. */
    final long span(ByteBuffer b, int at, int i) {
      long s = ob == 4 ? Integer.toUnsignedLong(b.getInt(at + 4 * i)) : b.getLong(at + 8 * i);
      long e = ob == 4 ? Integer.toUnsignedLong(b.getInt(at + 4 * i + 4))
          : b.getLong(at + 8 * i + 8);
      if (!(0 <= s && s <= e && e <= size)) {
        throw new Decoding.Corrupt("Variable: value " + i + " at bytes [" + s + ", " + e
            + ") of a " + size + "-byte buffer");
      }
      return (at + s) << 32 | (e - s);
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      long sp = span(b, at, i);
      MiniBlockPoints.appendBytes(b, (int) (sp >>> 32), (int) sp, out);
    }
  }

  /** Fsst over Variable (the symbol table: {@link FsstTable}): only value {@code i}'s codes. */
  static final class FsstValues extends VarValues {
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
        .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private final boolean on;
    private final long[] symbols;
    private final int[] lens;

    FsstValues(byte[] table, int offsetBits) {
      super(offsetBits);
      FsstTable t = new FsstTable(table);
      on = t.on;
      symbols = t.symbols;
      lens = t.lens;
    }

    @Override
    void append(ByteBuffer b, int at, int i, BlockBuilder out) {
      long sp = span(b, at, i);
      int p = (int) (sp >>> 32);
      int end = p + (int) sp;
      if (!on) {
        MiniBlockPoints.appendBytes(b, p, end - p, out);
        return;
      }
      out.beginVar(1, 8L * (end - p));
      byte[] d = out.varData();
      int o = out.varLength();
      while (p < end) {
        int code = b.get(p) & 0xFF;
        int len = lens[code];
        if (len > 0) {
          LONGS.set(d, o, symbols[code]); // 8 bytes: begun with room for 8 per code
          o += len;
          p++;
        } else if (code == FsstTable.ESC && p + 1 < end) {
          d[o++] = b.get(p + 1);
          p += 2;
        } else {
          throw new Decoding.Corrupt(code == FsstTable.ESC ? "FSST value ends in an escape"
              : "FSST code " + code + " is not in the symbol table");
        }
      }
      out.varOffsets()[out.count() + 1] = o;
      out.endVar(1, o);
    }
  }
}
