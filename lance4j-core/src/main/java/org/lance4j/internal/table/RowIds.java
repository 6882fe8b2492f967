package org.lance4j.internal.table;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.lance4j.CorruptFileException;
import org.lance4j.LanceIOException;
import org.lance4j.proto.TableProtos;
import org.lance4j.proto.TableProtos.EncodedU64Array;
import org.lance4j.proto.TableProtos.U64Segment;
import org.lance4j.storage.ObjectStore;

/**
 * Stable row ids and per-row version sequences of a fragment, as lance-core 7.0.0 stores them:
 * a {@code RowIdSequence} (segments of ranges, ranges with holes or a bitmap, and arrays) inline
 * in the fragment or in an external file, and {@code RowDatasetVersionSequence}s (runs of one
 * version over row positions) for created-at and last-updated-at. Every array here is indexed
 * by physical row position (deleted rows included).
 */
final class RowIds {
  private RowIds() {}

  /** Whether the fragment carries a row id sequence. */
  static boolean has(TableProtos.DataFragment f) {
    return f.getRowIdSequenceCase()
        != TableProtos.DataFragment.RowIdSequenceCase.ROWIDSEQUENCE_NOT_SET;
  }

  /** The fragment's row ids by physical position, or null when it has none. */
  static long[] of(ObjectStore store, TableProtos.DataFragment f, String dataset) {
    byte[] bytes = switch (f.getRowIdSequenceCase()) {
      case INLINE_ROW_IDS -> f.getInlineRowIds().toByteArray();
      case EXTERNAL_ROW_IDS -> external(store, f.getExternalRowIds(), f.getId(), dataset);
      case ROWIDSEQUENCE_NOT_SET -> null;
    };
    if (bytes == null) {
      return null;
    }
    long[] ids = decode(bytes, "row id sequence of fragment " + f.getId() + " of " + dataset);
    if (ids.length != f.getPhysicalRows()) {
      throw new CorruptFileException("fragment " + f.getId() + " of " + dataset + " has "
          + ids.length + " row ids for " + f.getPhysicalRows() + " physical rows");
    }
    return ids;
  }

  private static byte[] external(ObjectStore store, TableProtos.ExternalFile file, long frag,
      String dataset) {
    try {
      ByteBuffer b = store.read(file.getPath(), file.getOffset(),
          Math.toIntExact(file.getSize()));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException e) {
      throw new LanceIOException("cannot read the row ids of fragment " + frag + " of " + dataset
          + " from " + file.getPath(), e);
    }
  }

  /** Decodes a serialized RowIdSequence. */
  static long[] decode(byte[] bytes, String what) {
    TableProtos.RowIdSequence seq;
    try {
      seq = TableProtos.RowIdSequence.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(what + " is not a RowIdSequence: " + e.getMessage(), e);
    }
    LongList out = new LongList();
    for (U64Segment s : seq.getSegmentsList()) {
      segment(s, out, what);
    }
    return out.toArray();
  }

  private static void segment(U64Segment s, LongList out, String what) {
    switch (s.getSegmentCase()) {
      case RANGE -> {
        range(s.getRange().getStart(), s.getRange().getEnd(), what);
        for (long v = s.getRange().getStart(); v < s.getRange().getEnd(); v++) {
          out.add(v);
        }
      }
      case RANGE_WITH_HOLES -> {
        U64Segment.RangeWithHoles r = s.getRangeWithHoles();
        range(r.getStart(), r.getEnd(), what);
        long[] holes = array(r.getHoles(), what);
        Arrays.sort(holes);
        int h = 0;
        for (long v = r.getStart(); v < r.getEnd(); v++) {
          while (h < holes.length && holes[h] < v) {
            h++;
          }
          if (h < holes.length && holes[h] == v) {
            continue;
          }
          out.add(v);
        }
      }
      case RANGE_WITH_BITMAP -> {
        U64Segment.RangeWithBitmap r = s.getRangeWithBitmap();
        range(r.getStart(), r.getEnd(), what);
        ByteString bits = r.getBitmap();
        long len = r.getEnd() - r.getStart();
        if (bits.size() < (len + 7) / 8) {
          throw new CorruptFileException(what + ": bitmap of " + bits.size() + " bytes for a"
              + " range of " + len);
        }
        for (long i = 0; i < len; i++) {
          if ((bits.byteAt((int) (i >>> 3)) & (1 << (i & 7))) != 0) {
            out.add(r.getStart() + i);
          }
        }
      }
      case SORTED_ARRAY -> out.addAll(array(s.getSortedArray(), what));
      case ARRAY -> out.addAll(array(s.getArray(), what));
      case SEGMENT_NOT_SET -> throw new CorruptFileException(what + ": a segment has no type");
    }
  }

  private static void range(long start, long end, String what) {
    if (Long.compareUnsigned(end, start) < 0 || end - start > Integer.MAX_VALUE) {
      throw new CorruptFileException(what + ": bad range " + Long.toUnsignedString(start) + ".."
          + Long.toUnsignedString(end));
    }
  }

  private static long[] array(EncodedU64Array a, String what) {
    switch (a.getArrayCase()) {
      case U16_ARRAY -> {
        ByteBuffer b = le(a.getU16Array().getOffsets(), 2, what);
        long[] out = new long[b.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = a.getU16Array().getBase() + Short.toUnsignedLong(b.getShort());
        }
        return out;
      }
      case U32_ARRAY -> {
        ByteBuffer b = le(a.getU32Array().getOffsets(), 4, what);
        long[] out = new long[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
          out[i] = a.getU32Array().getBase() + Integer.toUnsignedLong(b.getInt());
        }
        return out;
      }
      case U64_ARRAY -> {
        ByteBuffer b = le(a.getU64Array().getValues(), 8, what);
        long[] out = new long[b.remaining() / 8];
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getLong();
        }
        return out;
      }
      case ARRAY_NOT_SET -> throw new CorruptFileException(what + ": an array has no type");
      default -> throw new CorruptFileException(what + ": unknown array type");
    }
  }

  private static ByteBuffer le(ByteString s, int width, String what) {
    if (s.size() % width != 0) {
      throw new CorruptFileException(what + ": " + s.size() + " bytes is not a whole number of "
          + width + "-byte values");
    }
    return s.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Serializes row ids (in position order): maximal runs of consecutive ids become ranges, and
   * when there would be more runs than that pays for, one sorted (or unsorted) array.
   */
  static ByteString encode(long[] ids) {
    TableProtos.RowIdSequence.Builder seq = TableProtos.RowIdSequence.newBuilder();
    int runs = 0;
    boolean sorted = true;
    for (int i = 0; i < ids.length; i++) {
      if (i == 0 || ids[i] != ids[i - 1] + 1) {
        runs++;
      }
      if (i > 0 && ids[i] <= ids[i - 1]) {
        sorted = false;
      }
    }
    if (runs * 4 <= Math.max(ids.length / 4, 4)) {
      int i = 0;
      while (i < ids.length) {
        int j = i + 1;
        while (j < ids.length && ids[j] == ids[j - 1] + 1) {
          j++;
        }
        seq.addSegments(rangeSegment(ids[i], ids[j - 1] + 1));
        i = j;
      }
    } else if (ids.length > 0) {
      EncodedU64Array arr = encodeArray(ids);
      seq.addSegments(sorted ? U64Segment.newBuilder().setSortedArray(arr)
          : U64Segment.newBuilder().setArray(arr));
    }
    return seq.build().toByteString();
  }

  static U64Segment rangeSegment(long start, long end) {
    return U64Segment.newBuilder().setRange(U64Segment.Range.newBuilder().setStart(start)
        .setEnd(end)).build();
  }

  private static EncodedU64Array encodeArray(long[] ids) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long v : ids) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    long span = max - min;
    if (min >= 0 && span < 1L << 16) {
      ByteBuffer b = ByteBuffer.allocate(ids.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : ids) {
        b.putShort((short) (v - min));
      }
      return EncodedU64Array.newBuilder().setU16Array(EncodedU64Array.U16Array.newBuilder()
          .setBase(min).setOffsets(ByteString.copyFrom(b.array()))).build();
    }
    if (min >= 0 && span < 1L << 32) {
      ByteBuffer b = ByteBuffer.allocate(ids.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : ids) {
        b.putInt((int) (v - min));
      }
      return EncodedU64Array.newBuilder().setU32Array(EncodedU64Array.U32Array.newBuilder()
          .setBase(min).setOffsets(ByteString.copyFrom(b.array()))).build();
    }
    ByteBuffer b = ByteBuffer.allocate(ids.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : ids) {
      b.putLong(v);
    }
    return EncodedU64Array.newBuilder().setU64Array(EncodedU64Array.U64Array.newBuilder()
        .setValues(ByteString.copyFrom(b.array()))).build();
  }

  /** Per-position versions of a version sequence (inline), or null when absent. */
  static long[] versions(ByteString inline, long physicalRows, String what) {
    if (inline == null) {
      return null;
    }
    TableProtos.RowDatasetVersionSequence seq;
    try {
      seq = TableProtos.RowDatasetVersionSequence.parseFrom(inline);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(what + " is not a RowDatasetVersionSequence: "
          + e.getMessage(), e);
    }
    long[] out = new long[Math.toIntExact(physicalRows)];
    LongList positions = new LongList();
    int filled = 0;
    for (TableProtos.RowDatasetVersionRun run : seq.getRunsList()) {
      positions.clear();
      segment(run.getSpan(), positions, what);
      for (long p : positions.toArray()) {
        if (p < 0 || p >= out.length) {
          throw new CorruptFileException(what + ": position " + p + " outside the fragment's "
              + physicalRows + " rows");
        }
        out[(int) p] = run.getVersion();
        filled++;
      }
    }
    if (filled != out.length) {
      throw new CorruptFileException(what + " covers " + filled + " of " + physicalRows
          + " rows");
    }
    return out;
  }

  /** Serializes per-position versions as runs over position ranges. */
  static ByteString encodeVersions(long[] perRow) {
    TableProtos.RowDatasetVersionSequence.Builder seq =
        TableProtos.RowDatasetVersionSequence.newBuilder();
    int i = 0;
    while (i < perRow.length) {
      int j = i + 1;
      while (j < perRow.length && perRow[j] == perRow[i]) {
        j++;
      }
      seq.addRuns(TableProtos.RowDatasetVersionRun.newBuilder().setSpan(rangeSegment(i, j))
          .setVersion(perRow[i]));
      i = j;
    }
    return seq.build().toByteString();
  }

  /** The created-at versions of a fragment, or null. */
  static long[] createdAt(TableProtos.DataFragment f, String dataset) {
    return f.hasInlineCreatedAtVersions() ? versions(f.getInlineCreatedAtVersions(),
        f.getPhysicalRows(), "created-at versions of fragment " + f.getId() + " of " + dataset)
        : null;
  }

  /** The last-updated-at versions of a fragment, or null. */
  static long[] lastUpdatedAt(TableProtos.DataFragment f, String dataset) {
    return f.hasInlineLastUpdatedAtVersions() ? versions(f.getInlineLastUpdatedAtVersions(),
        f.getPhysicalRows(), "last-updated versions of fragment " + f.getId() + " of "
            + dataset) : null;
  }

  /** A growable long array. */
  static final class LongList {
    private long[] a = new long[16];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    void addAll(long[] vs) {
      for (long v : vs) {
        add(v);
      }
    }

    void clear() {
      n = 0;
    }

    int size() {
      return n;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
