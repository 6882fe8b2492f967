package org.lance4j.internal.file.v21;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Builds Arrow buffers straight from decoded blocks and validity bitmaps. */
final class ArrowFill {
  private ArrowFill() {}

  /** Bits per value of a fixed-width Arrow type, or -1 for variable width / nested types. */
  static int fixedBits(ArrowType t) {
    return switch (t.getTypeID()) {
      case Int -> ((ArrowType.Int) t).getBitWidth();
      case FloatingPoint -> switch (((ArrowType.FloatingPoint) t).getPrecision()) {
        case HALF -> 16;
        case SINGLE -> 32;
        case DOUBLE -> 64;
      };
      case Bool -> 1;
      case Date -> ((ArrowType.Date) t).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY
          ? 32 : 64;
      case Time -> ((ArrowType.Time) t).getBitWidth();
      case Timestamp, Duration -> 64;
      case Decimal -> ((ArrowType.Decimal) t).getBitWidth();
      case FixedSizeBinary -> ((ArrowType.FixedSizeBinary) t).getByteWidth() * 8;
      default -> -1;
    };
  }

  static boolean isVar(ArrowType t) {
    return switch (t.getTypeID()) {
      case Utf8, Binary, LargeUtf8, LargeBinary -> true;
      default -> false;
    };
  }

  static boolean isLargeVar(ArrowType t) {
    return t.getTypeID() == ArrowType.ArrowTypeID.LargeUtf8
        || t.getTypeID() == ArrowType.ArrowTypeID.LargeBinary;
  }

  /** An all-zero block of {@code n} values (null slots that have no stored value). */
  static Block zeros(org.apache.arrow.vector.types.pojo.Field f, int n) {
    ArrowType t = f.getType();
    if (t instanceof ArrowType.Struct) {
      Block[] kids = new Block[f.getChildren().size()];
      for (int k = 0; k < kids.length; k++) {
        kids[k] = zeros(f.getChildren().get(k), n);
      }
      return new Block.Struct(kids, n);
    }
    if (t instanceof ArrowType.FixedSizeList l) {
      int dim = l.getListSize();
      Block.Fixed items = (Block.Fixed) zeros(f.getChildren().get(0), n * dim);
      return new Block.Fsl(items, null, dim, n);
    }
    if (isVar(t)) {
      return new Block.Var(new int[n + 1], new byte[0], n);
    }
    int bits = fixedBits(t);
    return new Block.Fixed(new byte[bits == 1 ? (n + 7) / 8 : n * (bits / 8)], bits, n);
  }

  /** Loads a leaf vector (fixed width, bool or variable width) from a block and validity. */
  static void load(FieldVector v, int n, byte[] validity, Block values, BufferAllocator a) {
    load(v, n, validity, values, 0, a);
  }

  /**
   * As above from value {@code from} of {@code values}, which must then be byte-wide
   * fixed-width values, or variable-width values of a variable-width vector (a window of a
   * decoded piece: its offsets from {@code from} on, rebased, and their bytes).
   */
  static void load(FieldVector v, int n, byte[] validity, Block values, int from,
      BufferAllocator a) {
    if (from != 0 && !(values instanceof Block.Fixed fx && fx.bits() % 8 == 0
        && fx.bits() > 0 && (long) (from + n) * (fx.bits() / 8) <= fx.data().length)
        && !(values instanceof Block.Var vw && isVar(v.getField().getType()) && from > 0
            && (long) from + n < vw.offsets().length)) {
      throw new Decoding.Corrupt("values from " + from + " of a block that is not a window");
    }
    int nulls = nullCount(validity, n);
    // one small method per kind of vector: C2 compiles (and recompiles) each on its own
    if (v instanceof org.apache.arrow.vector.complex.StructVector sv) {
      loadStruct(sv, n, nulls, validity, values, a);
    } else if (v instanceof org.apache.arrow.vector.complex.FixedSizeListVector fv) {
      loadFsl(fv, n, nulls, validity, values, a);
    } else if (isVar(v.getField().getType())) {
      loadVar(v, n, nulls, validity, (Block.Var) values, from, a);
    } else {
      loadFixed(v, n, nulls, validity, values, from, a);
    }
  }

  private static void loadStruct(org.apache.arrow.vector.complex.StructVector sv, int n,
      int nulls, byte[] validity, Block values, BufferAllocator a) {
    if (!(values instanceof Block.Struct st)
        || st.children().length != sv.getChildrenFromFields().size()) {
      throw new Decoding.Corrupt("packed struct column of " + sv.getChildrenFromFields().size()
          + " children does not decode to packed structs of that many children");
    }
    ArrowBuf valid = validityBuf(a, validity, n);
    try {
      sv.loadFieldBuffers(new ArrowFieldNode(n, nulls), List.of(valid));
    } finally {
      valid.close();
    }
    List<FieldVector> kids = sv.getChildrenFromFields();
    for (int k = 0; k < kids.size(); k++) {
      load(kids.get(k), n, null, st.children()[k], a);
    }
  }

  private static void loadFsl(org.apache.arrow.vector.complex.FixedSizeListVector fv, int n,
      int nulls, byte[] validity, Block values, BufferAllocator a) {
    if (!(values instanceof Block.Fsl f) || f.dim() != fv.getListSize()) {
      throw new Decoding.Corrupt("column of " + fv.getField().getType()
          + " does not decode to fixed-size lists of " + fv.getListSize());
    }
    ArrowBuf valid = validityBuf(a, validity, n);
    try {
      fv.loadFieldBuffers(new ArrowFieldNode(n, nulls), List.of(valid));
    } finally {
      valid.close();
    }
    load(fv.getDataVector(), n * f.dim(), f.itemValidity(), f.items(), a);
  }

  private static void loadVar(FieldVector v, int n, int nulls, byte[] validity, Block.Var b,
      int from, BufferAllocator a) {
    boolean large = isLargeVar(v.getField().getType());
    int[] o = b.offsets();
    int start = o[from];
    int len = o[from + n] - start;
    if (!(len >= 0 && start >= 0 && (long) start + len <= b.data().length)) {
      throw new Decoding.Corrupt("variable-width values of " + len + " bytes at " + start
          + " in " + b.data().length);
    }
    ArrowBuf valid = validityBuf(a, validity, n);
    try {
      ArrowBuf off = a.buffer((long) (n + 1) * (large ? 8 : 4));
      try {
        ArrowBuf data = a.buffer(Math.max(1, len));
        try {
          varOffsets(off, o, from, n, large);
          data.setBytes(0, b.data(), start, len);
          data.writerIndex(len);
          v.loadFieldBuffers(new ArrowFieldNode(n, nulls), List.of(valid, off, data));
        } finally {
          data.close();
        }
      } finally {
        off.close();
      }
    } finally {
      valid.close();
    }
  }

  /**
   * Offsets {@code o[from..from + n]} less {@code o[from]} into {@code off} (32 or 64 bits
   * each).
   */
  private static void varOffsets(ArrowBuf off, int[] o, int from, int n, boolean large) {
    int base = o[from];
    // through an NIO view of the buffer: no Arrow bounds check per value
    java.nio.ByteBuffer nio = off.nioBuffer(0, (large ? 8 : 4) * (n + 1))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    if (large) {
      java.nio.LongBuffer lb = nio.asLongBuffer();
      for (int i = 0; i <= n; i++) {
        lb.put(i, o[from + i] - base);
      }
    } else if (base == 0) {
      nio.asIntBuffer().put(o, from, n + 1); // one bulk copy
    } else {
      java.nio.IntBuffer ib = nio.asIntBuffer();
      for (int i = 0; i <= n; i++) {
        ib.put(i, o[from + i] - base);
      }
    }
  }

  private static void loadFixed(FieldVector v, int n, int nulls, byte[] validity, Block values,
      int from, BufferAllocator a) {
    ArrowType t = v.getField().getType();
    Block.Fixed f = (Block.Fixed) values;
    int bits = fixedBits(t);
    if (f.bits() != bits) {
      throw new Decoding.Corrupt("column of " + t + " decodes to " + f.bits()
          + "-bit values");
    }
    long bytes = bits == 1 ? (n + 7) / 8 : (long) n * (bits / 8);
    ArrowBuf valid = validityBuf(a, validity, n);
    try {
      ArrowBuf data = a.buffer(Math.max(1, bytes));
      try {
        int at = bits % 8 == 0 ? from * (bits / 8) : 0;
        long copied = Math.max(0, Math.min(bytes, f.data().length - at));
        data.setBytes(0, f.data(), at, copied);
        if (copied < data.capacity()) {
          data.setZero(copied, data.capacity() - copied);
        }
        v.loadFieldBuffers(new ArrowFieldNode(n, nulls), List.of(valid, data));
      } finally {
        data.close();
      }
    } finally {
      valid.close();
    }
  }

  /** An Arrow validity buffer; all bits set when {@code validity} is null. */
  static ArrowBuf validityBuf(BufferAllocator a, byte[] validity, int n) {
    int bytes = (n + 7) / 8;
    ArrowBuf buf = a.buffer(Math.max(1, bytes));
    buf.setZero(0, buf.capacity());
    if (validity == null) {
      buf.setOne(0, bytes);
    } else {
      buf.setBytes(0, validity, 0, Math.min(bytes, validity.length));
    }
    return buf;
  }

  static int nullCount(byte[] validity, int n) {
    if (validity == null) {
      return 0;
    }
    int valid = 0;
    int full = n >> 3;
    for (int i = 0; i < full; i++) {
      valid += Integer.bitCount(validity[i] & 0xFF);
    }
    for (int i = full << 3; i < n; i++) {
      valid += validity[i >> 3] >> (i & 7) & 1;
    }
    return n - valid;
  }

}
