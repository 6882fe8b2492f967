package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.util.TransferPair;
import org.lance4j.CorruptFileException;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceException;
import org.lance4j.proto.TableProtos;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads physical row ranges of one fragment: locates each projected field's data file, decodes
 * the range and drops deleted rows. Data files are opened on first use and closed by
 * {@link #close()}. Positions are physical row offsets within the fragment.
 */
final class FragmentReader implements AutoCloseable {
  private final Snapshot snapshot;
  private final FragmentMetadata fragment;
  private final LanceSchema projection;
  private final ColumnSource.Opener opener;
  private final RoaringBitmap deleted;
  /** Per projected top-level field: index into fragment.files(), or -1 when no file holds it. */
  private final int[] fileOfField;
  private final ColumnSource[] sources;

  FragmentReader(Snapshot snapshot, FragmentMetadata fragment, LanceSchema projection,
      ColumnSource.Opener opener, BufferAllocator allocator) {
    this.snapshot = snapshot;
    this.fragment = fragment;
    this.projection = projection;
    this.opener = opener;
    try {
      this.deleted = DeletionVectors.read(snapshot.store(), fragment.id(),
          fragment.physicalRows(), fragment.deletionFile(), allocator);
    } catch (LanceException e) {
      throw withContext(e);
    }
    List<DataFile> files = fragment.files();
    this.sources = new ColumnSource[files.size()];
    this.fileOfField = new int[projection.fields().size()];
    for (int i = 0; i < fileOfField.length; i++) {
      LanceField f = projection.fields().get(i);
      fileOfField[i] = -1;
      for (int k = 0; k < files.size(); k++) {
        if (holds(files.get(k), f)) {
          fileOfField[i] = k; // a later file wins: it holds the newer copy
        }
      }
    }
  }

  /**
   * Whether a data file stores a field: it lists the field's id (format 2.0 stores a column for
   * every field) or, in format 2.1+, where only leaf fields have columns, one of its leaves.
   */
  private static boolean holds(DataFile file, LanceField f) {
    if (file.columnOf(f.id()) >= 0) {
      return true;
    }
    for (LanceField c : f.children()) {
      if (holds(file, c)) {
        return true;
      }
    }
    return false;
  }

  long id() {
    return fragment.id();
  }

  long physicalRows() {
    return fragment.physicalRows();
  }

  /** Rows in {@code [from, to)} that are not deleted. */
  long visible(long from, long to) {
    if (to <= from) {
      return 0;
    }
    return (to - from) - (deleted.isEmpty() ? 0 : deleted.rangeCardinality(from, to));
  }

  /** The smallest {@code to} such that {@code [from, to)} holds {@code n} visible rows. */
  long advance(long from, long n) {
    if (deleted.isEmpty() || n == 0) {
      return from + n;
    }
    long lo = from + n;
    long hi = physicalRows();
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (visible(from, mid) >= n) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Surviving rows of {@code [from, to)} as runs {@code [start, end)}, flattened pairs. */
  private long[] runs(long from, long to) {
    List<long[]> out = new ArrayList<>();
    long runStart = from;
    PeekableIntIterator it = deleted.getIntIterator();
    it.advanceIfNeeded((int) from);
    while (it.hasNext()) {
      long d = Integer.toUnsignedLong(it.next());
      if (d >= to) {
        break;
      }
      if (d > runStart) {
        out.add(new long[] {runStart, d});
      }
      runStart = d + 1;
    }
    if (runStart < to) {
      out.add(new long[] {runStart, to});
    }
    long[] flat = new long[out.size() * 2];
    for (int i = 0; i < out.size(); i++) {
      flat[2 * i] = out.get(i)[0];
      flat[2 * i + 1] = out.get(i)[1];
    }
    return flat;
  }

  /**
   * Announces that physical rows {@code [from, to)} of the projected fields will be read in
   * order (a scan): each data file's page ranges go to its range reader as one prefetch plan.
   */
  void prefetch(long from, long to) {
    if (to <= from) {
      return;
    }
    for (int k = 0; k < sources.length; k++) {
      List<LanceField> fields = new ArrayList<>();
      for (int i = 0; i < fileOfField.length; i++) {
        if (fileOfField[i] == k) {
          fields.add(projection.fields().get(i));
        }
      }
      if (!fields.isEmpty()) { // opening the file fails as the first read would
        source(k).prefetch(fields, fragment.files().get(k)::columnOf, from, to);
      }
    }
  }

  /**
   * Decodes the projected fields for physical rows {@code [from, to)} with deleted rows removed.
   * The caller owns (and closes) the returned vectors.
   */
  List<FieldVector> read(long from, long to, BufferAllocator allocator) {
    int n = (int) visible(from, to);
    boolean anyDeleted = n != to - from;
    long[] runs = anyDeleted ? runs(from, to) : null;
    List<FieldVector> out = new ArrayList<>(fileOfField.length);
    FieldVector[] decoded = decodeInParallel(from, to, allocator);
    try {
      for (int i = 0; i < fileOfField.length; i++) {
        LanceField field = projection.fields().get(i);
        if (fileOfField[i] < 0) {
          out.add(nulls(field, n, allocator));
          continue;
        }
        FieldVector raw;
        if (decoded != null) {
          raw = decoded[i];
          decoded[i] = null;
        } else {
          DataFile file = fragment.files().get(fileOfField[i]);
          raw = source(fileOfField[i]).read(field, file::columnOf, from, to, allocator);
        }
        if (!anyDeleted) {
          out.add(raw);
        } else {
          try {
            out.add(compact(raw, from, runs, n, allocator));
          } finally {
            raw.close();
          }
        }
      }
      return out;
    } catch (RuntimeException | Error e) {
      for (FieldVector v : out) {
        v.close();
      }
      if (decoded != null) {
        for (FieldVector v : decoded) {
          if (v != null) {
            v.close();
          }
        }
      }
      if (e instanceof LanceException le) {
        throw withContext(le);
      }
      throw e;
    }
  }

  /**
   * The projected fields at physical rows {@code rows[from, to)} (ascending, not deleted), in
   * that order, one vector per field; null when some field's file cannot pick single rows (the
   * caller then reads ranges with {@link #read}). The caller owns the returned vectors.
   */
  List<FieldVector> readRows(long[] rows, int from, int to, BufferAllocator allocator) {
    int n = to - from;
    long[] picked = from == 0 ? rows : java.util.Arrays.copyOfRange(rows, from, to);
    List<FieldVector> out = new ArrayList<>(fileOfField.length);
    try {
      for (int i = 0; i < fileOfField.length; i++) {
        LanceField field = projection.fields().get(i);
        if (fileOfField[i] < 0) {
          out.add(nulls(field, n, allocator));
          continue;
        }
        FieldVector v = source(fileOfField[i]).readRows(field, picked, n, allocator);
        if (v == null) {
          for (FieldVector o : out) {
            o.close();
          }
          return null;
        }
        out.add(v);
      }
      return out;
    } catch (RuntimeException | Error e) {
      for (FieldVector v : out) {
        v.close();
      }
      if (e instanceof LanceException le) {
        throw withContext(le);
      }
      throw e;
    }
  }

  /** Ranges of at least this many rows decode their fields in parallel. */
  static final int PARALLEL_MIN_ROWS = 2048;

  /**
   * Decodes the fields of {@code [from, to)} on {@link DecodePool} when it pays (two or more
   * fields, a range of at least {@link #PARALLEL_MIN_ROWS} rows, every file's reader safe for
   * concurrent fields); returns null otherwise. The calling thread decodes the fields no pool
   * thread has started yet and then waits for the others, so memory stays bounded by one
   * range's vectors.
   */
  private FieldVector[] decodeInParallel(long from, long to, BufferAllocator allocator) {
    int fields = 0;
    for (int i = 0; i < fileOfField.length; i++) {
      if (fileOfField[i] >= 0) {
        fields++;
      }
    }
    if (fields < 2 || to - from < PARALLEL_MIN_ROWS || DecodePool.threads() < 2) {
      return null;
    }
    for (int i = 0; i < fileOfField.length; i++) {
      if (fileOfField[i] >= 0 && !source(fileOfField[i]).concurrentFields()) {
        return null;
      }
    }
    FieldVector[] got = new FieldVector[fileOfField.length];
    List<java.util.concurrent.Future<FieldVector>> pending = new ArrayList<>();
    int[] pendingField = new int[fileOfField.length];
    Throwable failure = null;
    // every field is a pool task; the caller then runs the tasks no pool thread has started
    // yet (last queued first) and waits for the rest. One path decodes a field, whichever
    // thread runs it: C2 inlines one copy of the field decode into this method, not two (the
    // caller's own field and the queued ones): its C2 code 67 KB -> 42 KB
    for (int i = 0; i < fileOfField.length; i++) {
      if (fileOfField[i] < 0) {
        continue;
      }
      LanceField field = projection.fields().get(i);
      DataFile file = fragment.files().get(fileOfField[i]);
      ColumnSource src = source(fileOfField[i]);
      pendingField[pending.size()] = i;
      pending.add(DecodePool.submit(() -> src.read(field, file::columnOf, from, to,
          allocator)));
    }
    for (int k = pending.size() - 1; k >= 0; k--) {
      DecodePool.runIfQueued(pending.get(k));
    }
    for (int k = 0; k < pending.size(); k++) {
      try {
        got[pendingField[k]] = DecodePool.await(pending.get(k));
      } catch (RuntimeException | Error e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      for (FieldVector v : got) {
        if (v != null) {
          v.close();
        }
      }
      if (failure instanceof Error err) {
        throw err;
      }
      throw (RuntimeException) failure;
    }
    return got;
  }

  private LanceException withContext(LanceException e) {
    return snapshot.withContext(e, fragment.id());
  }

  /** Stable row ids by physical position, loaded on first use (null: the dataset has none). */
  private long[] stableIds;

  /**
   * {@code _rowid} of the surviving rows of the range: the stable row ids when the dataset has
   * them, otherwise the row addresses.
   */
  void fillRowIds(UInt8Vector into, long from, long to) {
    TableProtos.Manifest m = snapshot.manifest();
    if (m == null || !Versions.stableRowIds(m)) {
      fillAddresses(into, from, to);
      return;
    }
    if (stableIds == null) {
      for (TableProtos.DataFragment p : m.getFragmentsList()) {
        if (p.getId() == fragment.id()) {
          stableIds = RowIds.of(snapshot.store(), p, snapshot.uri());
        }
      }
      if (stableIds == null) {
        throw new CorruptFileException("fragment " + fragment.id() + " of " + snapshot.uri()
            + " has no row ids, but the dataset uses stable row ids");
      }
    }
    int n = (int) visible(from, to);
    into.allocateNew(n);
    long[] runs = runs(from, to);
    int j = 0;
    for (int r = 0; r < runs.length; r += 2) {
      for (long p = runs[r]; p < runs[r + 1]; p++) {
        into.set(j++, stableIds[(int) p]);
      }
    }
    into.setValueCount(n);
  }

  /** Row addresses ({@code fragment_id << 32 | offset}) of the surviving rows of the range. */
  void fillAddresses(UInt8Vector into, long from, long to) {
    int n = (int) visible(from, to);
    into.allocateNew(n);
    long base = fragment.id() << 32;
    if (n == to - from) {
      for (int j = 0; j < n; j++) {
        into.set(j, base | (from + j));
      }
    } else {
      long[] runs = runs(from, to);
      int j = 0;
      for (int r = 0; r < runs.length; r += 2) {
        for (long p = runs[r]; p < runs[r + 1]; p++) {
          into.set(j++, base | p);
        }
      }
    }
    into.setValueCount(n);
  }

  private static FieldVector compact(FieldVector raw, long from, long[] runs, int n,
      BufferAllocator allocator) {
    FieldVector dst = raw.getField().createVector(allocator);
    try {
      dst.setInitialCapacity(n);
      dst.allocateNew();
      TransferPair tp = raw.makeTransferPair(dst);
      int j = 0;
      for (int r = 0; r < runs.length; r += 2) {
        for (long p = runs[r]; p < runs[r + 1]; p++) {
          tp.copyValueSafe((int) (p - from), j++);
        }
      }
      dst.setValueCount(n);
      return dst;
    } catch (RuntimeException | Error e) {
      dst.close();
      throw e;
    }
  }

  /** A vector of {@code n} nulls of the field's type (the field is in no data file). */
  static FieldVector nulls(LanceField field, int n, BufferAllocator allocator) {
    FieldVector v = field.toArrow().createVector(allocator);
    try {
      v.setInitialCapacity(n);
      v.allocateNew();
      for (int i = 0; i < n; i++) {
        v.setNull(i);
      }
      v.setValueCount(n);
      return v;
    } catch (RuntimeException | Error e) {
      v.close();
      throw e;
    }
  }

  private ColumnSource source(int k) {
    if (sources[k] == null) {
      DataFile file = fragment.files().get(k);
      ColumnSource s;
      try {
        s = opener.open(snapshot.store(), file);
      } catch (LanceException e) {
        throw withContext(e);
      }
      if (s.numRows() != fragment.physicalRows()) {
        s.close();
        // either side may be wrong (a corrupt manifest or data file): name both
        throw snapshot.withContext(new CorruptFileException("data file "
            + snapshot.store().root() + "/" + DataFileNames.path(file) + " holds "
            + s.numRows() + " rows but fragment " + fragment.id() + " of " + snapshot.uri()
            + " says physical_rows=" + fragment.physicalRows()), fragment.id());
      }
      sources[k] = s;
    }
    return sources[k];
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (int k = 0; k < sources.length; k++) {
      if (sources[k] != null) {
        try {
          sources[k].close();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
        sources[k] = null;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
