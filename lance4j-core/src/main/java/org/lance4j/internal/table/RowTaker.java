package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.AbstractStructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceSchema;

/**
 * Random access: rows by their index in the dataset's scan order.
 *
 * <p>How: each index is mapped to (fragment, physical offset) through the fragments' visible row
 * counts and deletion vectors; the needed offsets of a fragment are sorted, deduplicated and
 * coalesced into short physical row ranges (neighbours at most {@link #MAX_GAP} rows apart share
 * a range), and only those ranges are decoded (the file reader fetches just the bytes of a small
 * range of a large page). The rows are gathered in physical order, then copied into the requested
 * order, so duplicates and any order are allowed.
 */
public final class RowTaker {
  private RowTaker() {}

  /** Needed rows at most this far apart are read as one range. */
  static final int MAX_GAP = 32;
  /** A coalesced range never grows beyond this many rows. */
  static final int MAX_RANGE = 8192;

  /**
   * Rows at the given 0-based indices of the scan order (deleted rows excluded), in the order
   * given, as one root owned by the caller. Out-of-range indices fail with
   * {@link org.lance4j.InvalidInputException}.
   */
  public static VectorSchemaRoot take(Snapshot snapshot, long[] indices, List<String> columns,
      BufferAllocator allocator) {
    return take(snapshot, indices, columns, allocator, ColumnSource.LANCE_FILES);
  }

  static VectorSchemaRoot take(Snapshot snapshot, long[] indices, List<String> columns,
      BufferAllocator allocator, ColumnSource.Opener opener) {
    return take(snapshot, indices, columns, allocator, opener, false);
  }

  /** As above; {@code blobNulls}: blob v2 descriptors are null where the blob is null. */
  static VectorSchemaRoot take(Snapshot snapshot, long[] indices, List<String> columns,
      BufferAllocator allocator, ColumnSource.Opener opener, boolean blobNulls) {
    LanceSchema projection = BlobColumns.descriptors(columns == null ? snapshot.schema()
        : snapshot.schema().project(columns), blobNulls);
    List<FragmentScanner.OutputColumn> outCols =
        FragmentScanner.outputColumns(snapshot.schema(), projection, columns);
    List<FragmentMetadata> frags = snapshot.fragments();
    long[] starts = new long[frags.size() + 1];
    for (int i = 0; i < frags.size(); i++) {
      starts[i + 1] = starts[i] + Math.max(0, frags.get(i).numRows());
    }
    long total = starts[frags.size()];
    int n = indices.length;
    checkRange(snapshot, indices, total);
    // the sorted unique indices, and slot[i] = row of the gathered vectors answering indices[i]
    long[] unique = indices.clone();
    Arrays.sort(unique);
    int u = dedupe(unique);
    int[] slot = slots(indices, unique, u);
    List<Piece> pieces = new ArrayList<>();
    try {
      gather(snapshot, frags, starts, unique, u, projection, opener, pieces, allocator);
      return arrange(outCols, pieces, slot, n, u, allocator);
    } finally {
      for (Piece p : pieces) {
        for (FieldVector v : p.vectors()) {
          v.close();
        }
      }
    }
  }

  /**
   * Gathered rows {@code [start, start + vectors' row count)} (in sorted unique index order),
   * one vector per projected field: what one fragment (or one row range of it) gave.
   */
  private record Piece(int start, List<FieldVector> vectors) {}

  // The loops of a take live in small methods of their own: the JIT then compiles (and OSR
  // compiles) just them, not the whole take path inlined into one big method.

  private static void checkRange(Snapshot snapshot, long[] indices, long total) {
    for (long idx : indices) {
      if (idx < 0 || idx >= total) {
        throw new InvalidInputException("take: index " + idx + " is out of range: dataset "
            + snapshot.uri() + " version " + snapshot.version() + " has " + total + " rows");
      }
    }
  }

  /** Drops repeats from a sorted array in place; returns the count left. */
  private static int dedupe(long[] sorted) {
    int u = 0;
    for (int k = 0; k < sorted.length; k++) {
      if (u == 0 || sorted[u - 1] != sorted[k]) {
        sorted[u++] = sorted[k];
      }
    }
    return u;
  }

  private static int[] slots(long[] indices, long[] unique, int u) {
    int[] slot = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      slot[i] = Arrays.binarySearch(unique, 0, u, indices[i]);
    }
    return slot;
  }

  /** {@code physical[j]} = physical offset of scan index {@code unique[j]}, j in [k, end). */
  private static void physicalOffsets(FragmentReader reader, long[] unique, long fragStart,
      int k, int end, long[] physical) {
    for (int j = k; j < end; j++) {
      long visibleOffset = unique[j] - fragStart;
      // the smallest prefix holding visibleOffset+1 visible rows ends just after our row
      physical[j] = reader.advance(0, visibleOffset + 1) - 1;
    }
  }

  private static void copySlots(RowCopier[] copiers, int[] pieceOf, int[] pieceStart,
      int[] slot, int n) {
    for (int i = 0; i < n; i++) {
      int g = slot[i];
      int p = pieceOf[g];
      copiers[p].copy(g - pieceStart[p], i);
    }
  }

  /** Reads the rows at the sorted unique scan indices {@code unique[0..u)} as pieces. */
  private static void gather(Snapshot snapshot, List<FragmentMetadata> frags, long[] starts,
      long[] unique, int u, LanceSchema projection, ColumnSource.Opener opener,
      List<Piece> pieces, BufferAllocator allocator) {
    int k = 0;
    int frag = 0;
    long[] physical = new long[u];
    while (k < u) {
      while (unique[k] >= starts[frag + 1]) {
        frag++;
      }
      int end = endBelow(unique, k, u, starts[frag + 1]);
      try (FragmentReader reader = new FragmentReader(snapshot, frags.get(frag), projection,
          opener, allocator)) {
        physicalOffsets(reader, unique, starts[frag], k, end, physical);
        List<FieldVector> picked = reader.readRows(physical, k, end, allocator);
        if (picked != null) {
          pieces.add(new Piece(k, picked)); // closed by take
        } else {
          List<FieldVector> into = new ArrayList<>(projection.fields().size());
          pieces.add(new Piece(k, into));
          for (int f = 0; f < projection.fields().size(); f++) {
            FieldVector v = projection.fields().get(f).toArrow().createVector(allocator);
            into.add(v);
            v.setInitialCapacity(end - k);
            v.allocateNew();
          }
          gatherRanges(reader, physical, k, end, into, 0, allocator);
          for (FieldVector v : into) {
            v.setValueCount(end - k);
          }
        }
      }
      k = end;
    }
  }

  /** First position at or after {@code k} whose index is at least {@code limit}. */
  private static int endBelow(long[] unique, int k, int u, long limit) {
    int end = k;
    while (end < u && unique[end] < limit) {
      end++;
    }
    return end;
  }

  /**
   * The rows at {@code physical[k..end)} of one fragment read as short row ranges (for fields
   * that cannot pick single rows), appended to {@code into} from row {@code next}; returns the
   * next row to fill.
   */
  private static int gatherRanges(FragmentReader reader, long[] physical, int k, int end,
      List<FieldVector> into, int next, BufferAllocator allocator) {
    int j = k;
    while (j < end) {
      int last = j;
      while (last + 1 < end && physical[last + 1] - physical[last] <= MAX_GAP
          && physical[last + 1] - physical[j] < MAX_RANGE) {
        last++;
      }
      long from = physical[j];
      long to = physical[last] + 1;
      List<FieldVector> range = reader.read(from, to, allocator);
      try {
        for (int c = 0; c < range.size(); c++) {
          RowCopier copier = RowCopier.of(range.get(c), into.get(c));
          int row = next;
          for (int r = j; r <= last; r++) {
            int src = (int) reader.visible(from, physical[r]);
            copier.copy(src, row++);
          }
        }
      } finally {
        for (FieldVector v : range) {
          v.close();
        }
      }
      next += last - j + 1;
      j = last + 1;
    }
    return next;
  }

  /**
   * The output root: row i is gathered row slot[i] (copied from the piece holding it), columns
   * as requested (struct paths too).
   */
  private static VectorSchemaRoot arrange(List<FragmentScanner.OutputColumn> outCols,
      List<Piece> pieces, int[] slot, int n, int u, BufferAllocator allocator) {
    boolean identity = n == u && pieces.size() == 1;
    for (int i = 0; identity && i < n; i++) {
      identity = slot[i] == i;
    }
    int[] pieceOf = new int[u];
    int[] pieceStart = new int[pieces.size()];
    for (int p = 0; p < pieces.size(); p++) {
      int start = pieces.get(p).start();
      int end = p + 1 < pieces.size() ? pieces.get(p + 1).start() : u;
      pieceStart[p] = start;
      java.util.Arrays.fill(pieceOf, start, end, p);
    }
    List<FieldVector> out = new ArrayList<>(outCols.size());
    try {
      for (FragmentScanner.OutputColumn c : outCols) {
        Field f = c.field();
        FieldVector dst = f.createVector(allocator);
        out.add(dst);
        RowCopier[] copiers = new RowCopier[pieces.size()];
        for (int p = 0; p < pieces.size(); p++) {
          FieldVector src = pieces.get(p).vectors().get(c.source());
          for (String child : c.path()) {
            src = (FieldVector) ((AbstractStructVector) src).getChild(child);
          }
          if (identity) {
            src.makeTransferPair(dst).splitAndTransfer(0, n);
            break;
          }
          copiers[p] = RowCopier.of(src, dst);
        }
        if (identity) {
          continue;
        }
        dst.setInitialCapacity(n);
        dst.allocateNew();
        copySlots(copiers, pieceOf, pieceStart, slot, n);
        dst.setValueCount(n);
      }
      List<Field> fields = new ArrayList<>(out.size());
      for (FieldVector v : out) {
        fields.add(v.getField());
      }
      return new VectorSchemaRoot(fields, out, n);
    } catch (RuntimeException | Error e) {
      for (FieldVector v : out) {
        v.close();
      }
      throw e;
    }
  }
}
