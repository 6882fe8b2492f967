package org.lance4j.internal.file.v20;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.lance4j.UnsupportedFormatException;

/**
 * The Arrow buffers a leaf column is decoded into (validity, values, offsets), filled page slice by
 * page slice, then handed to the vector with {@code loadFieldBuffers}. Bitmaps start zeroed.
 * A fixed_size_list has its item buffers in {@link #child}.
 */
final class DecoderBuffers implements AutoCloseable {
  enum Kind { FIXED, BOOL, VAR, FSL }

  final Kind kind;
  final long rows;
  /** Bytes per value (FIXED). */
  final int width;
  /** 64-bit offsets (large_utf8 / large_binary). */
  final boolean largeOffsets;
  /** List size (FSL). */
  final int dim;
  final DecoderBuffers child;
  /** Column index and field name, for messages. */
  final int column;
  final String field;
  /** True for Arrow dictionary-typed fields (0-based keys, nulls as a null dictionary item). */
  final boolean arrowDictionary;

  private final BufferAllocator allocator;
  ArrowBuf validity;
  ArrowBuf data;
  ArrowBuf offsets;
  /** Bytes of {@link #data} in use (VAR). */
  long dataLen;
  /**
   * Little-endian views of {@link #validity} and {@link #offsets} for the per-row writes of the
   * decoders: an ArrowBuf access re-checks bounds and the reference count on every call, which
   * dominated string decoding; a ByteBuffer's checks are folded away by the JIT. Null when the
   * buffer is too large for a ByteBuffer (then the ArrowBuf is written directly).
   */
  private ByteBuffer validityView;
  private ByteBuffer offsetsView;

  private DecoderBuffers(Kind kind, long rows, int width, boolean largeOffsets, int dim,
      DecoderBuffers child, int column, String field, boolean arrowDictionary,
      BufferAllocator allocator) {
    this.kind = kind;
    this.rows = rows;
    this.width = width;
    this.largeOffsets = largeOffsets;
    this.dim = dim;
    this.child = child;
    this.column = column;
    this.field = field;
    this.arrowDictionary = arrowDictionary;
    this.allocator = allocator;
  }

  /** No buffers: only names a column and field for messages. */
  static DecoderBuffers context(int column, String field) {
    return new DecoderBuffers(Kind.FSL, 0, 0, false, 0, null, column, field, false, null);
  }

  static DecoderBuffers fixed(long rows, int width, int column, String field, BufferAllocator a) {
    DecoderBuffers b = new DecoderBuffers(Kind.FIXED, rows, width, false, 0, null, column, field, false,
        a);
    try {
      b.validity = zeroed(a, BitmapDecoder.bytesFor(rows));
      b.data = a.buffer(Math.max(1, rows * width));
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  static DecoderBuffers bool(long rows, int column, String field, BufferAllocator a) {
    DecoderBuffers b = new DecoderBuffers(Kind.BOOL, rows, 0, false, 0, null, column, field, false, a);
    try {
      b.validity = zeroed(a, BitmapDecoder.bytesFor(rows));
      b.data = zeroed(a, BitmapDecoder.bytesFor(rows));
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  static DecoderBuffers var(long rows, boolean large, int column, String field,
      boolean arrowDictionary, BufferAllocator a) {
    DecoderBuffers b = new DecoderBuffers(Kind.VAR, rows, 0, large, 0, null, column, field,
        arrowDictionary, a);
    try {
      b.validity = zeroed(a, BitmapDecoder.bytesFor(rows));
      b.offsets = zeroed(a, (rows + 1) * (large ? 8 : 4));
      b.data = a.buffer(Math.max(64, Math.min(rows * 16, 1L << 24)));
      b.validityView = view(b.validity);
      b.offsetsView = view(b.offsets);
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  static DecoderBuffers fsl(long rows, int dim, DecoderBuffers items, int column, String field,
      BufferAllocator a) {
    DecoderBuffers b = new DecoderBuffers(Kind.FSL, rows, 0, false, dim, items, column, field, false, a);
    try {
      b.validity = zeroed(a, BitmapDecoder.bytesFor(rows));
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  /** A little-endian ByteBuffer over the whole of {@code buf}, or null when it is too large. */
  static ByteBuffer view(ArrowBuf buf) {
    if (buf.capacity() > Integer.MAX_VALUE) {
      return null;
    }
    return buf.nioBuffer(0, (int) buf.capacity()).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ArrowBuf zeroed(BufferAllocator a, long bytes) {
    ArrowBuf buf = a.buffer(Math.max(1, bytes));
    buf.setZero(0, buf.capacity());
    return buf;
  }

  /** Makes room for {@code more} bytes after {@link #dataLen} (VAR). */
  void ensureData(long more) {
    long need = dataLen + more;
    if (need <= data.capacity()) {
      return;
    }
    long cap = Math.max(need, data.capacity() * 2);
    ArrowBuf bigger = allocator.buffer(cap);
    bigger.setBytes(0, data, 0, dataLen);
    data.close();
    data = bigger;
  }

  void setOffset(long index, long value) {
    ByteBuffer o = offsetsView;
    if (o != null) {
      if (largeOffsets) {
        o.putLong((int) (index << 3), value);
      } else {
        if (value > Integer.MAX_VALUE) {
          throw tooMuchData();
        }
        o.putInt((int) (index << 2), (int) value);
      }
      return;
    }
    if (largeOffsets) {
      offsets.setLong(index * 8, value);
    } else {
      if (value > Integer.MAX_VALUE) {
        throw tooMuchData();
      }
      offsets.setInt(index * 4, (int) value);
    }
  }

  /** Writes 32-bit offsets {@code values[0, n)} at slot {@code index} (non-large offsets). */
  void putOffsets(long index, int[] values, int n) {
    if (offsetsView != null) {
      offsetsView.asIntBuffer().put((int) index, values, 0, n);
    } else {
      offsets.setBytes(index * 4, ByteBuffer.wrap(toBytes(values, n)));
    }
  }

  /** Writes 64-bit offsets {@code values[0, n)} at slot {@code index} (large offsets). */
  void putOffsets(long index, long[] values, int n) {
    if (offsetsView != null) {
      offsetsView.asLongBuffer().put((int) index, values, 0, n);
    } else {
      for (int i = 0; i < n; i++) {
        offsets.setLong((index + i) * 8, values[i]);
      }
    }
  }

  private static byte[] toBytes(int[] values, int n) {
    ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values, 0, n);
    return b.array();
  }

  private UnsupportedFormatException tooMuchData() {
    return new UnsupportedFormatException("column " + column + " (field '" + field
        + "'): more than 2 GiB of values in one read; read fewer rows at a time");
  }

  /** Marks row {@code row} null (its validity bit was set). */
  void clearValid(long row) {
    ByteBuffer v = validityView;
    if (v != null) {
      int idx = (int) (row >>> 3);
      v.put(idx, (byte) (v.get(idx) & ~(1 << (row & 7))));
    } else {
      BitmapDecoder.clearBit(validity, row);
    }
  }

  /** Hands the buffers to {@code vector} (which retains them); this object still owns its refs. */
  void load(FieldVector vector) {
    int n = Math.toIntExact(rows);
    int nulls = BitVectorHelper.getNullCount(validity, n);
    ArrowFieldNode node = new ArrowFieldNode(n, nulls);
    List<ArrowBuf> bufs = new ArrayList<>(3);
    bufs.add(validity);
    switch (kind) {
      case FIXED:
      case BOOL:
        bufs.add(data);
        break;
      case VAR:
        bufs.add(offsets);
        bufs.add(data);
        break;
      case FSL:
        break;
      default:
        throw new IllegalStateException(kind.toString());
    }
    if (kind == Kind.BOOL && !(vector instanceof BitVector)) {
      throw new IllegalStateException("bool buffers for " + vector.getField());
    }
    vector.loadFieldBuffers(node, bufs);
    if (kind == Kind.FSL) {
      child.load(((FixedSizeListVector) vector).getDataVector());
    }
  }

  @Override
  public void close() {
    if (validity != null) {
      validity.close();
      validity = null;
    }
    if (data != null) {
      data.close();
      data = null;
    }
    if (offsets != null) {
      offsets.close();
      offsets = null;
    }
    if (child != null) {
      child.close();
    }
  }
}
