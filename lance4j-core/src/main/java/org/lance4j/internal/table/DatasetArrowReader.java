package org.lance4j.internal.table;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.AbstractStructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.CorruptFileException;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.internal.expr.Expression;
import org.apache.arrow.vector.util.TransferPair;
import org.roaringbitmap.RoaringBitmap;

/**
 * Streams the visible rows of a list of fragments as Arrow batches of at most {@code batchSize}
 * rows (a batch never spans two fragments). Offset and limit are applied across fragments;
 * fragments wholly inside the offset are skipped from metadata without being opened. The root is
 * reused: each batch's vectors are transferred into it. With a filter, every visible row is read
 * (with the extra columns the predicate needs), only matching rows are returned, and offset and
 * limit count matching rows, as in SQL. Format 2.0 files carry no page statistics, so no page is
 * skipped by the filter.
 */
final class DatasetArrowReader extends ArrowReader {
  private final Snapshot snapshot;
  private final List<FragmentMetadata> fragments;
  private final LanceSchema projection;
  private final List<FragmentScanner.OutputColumn> columns;
  private final Schema outputSchema;
  private final ColumnSource.Opener opener;
  private final int batchSize;
  private final boolean withRowId;
  private final boolean withRowAddress;
  private long toSkip;
  private long remaining;
  private int nextFragment;
  private FragmentReader current;
  private long position;
  /**
   * The next fragment, opened and its reads announced (prefetch) while the current one returns
   * its last rows, so that on an object store its first pages are on their way when the scan
   * enters it (a scan without filter and offset); null when not opened (yet).
   */
  private FragmentReader upcoming;
  private int upcomingIndex = -1;
  private final Filter filter;

  /**
   * A scan filter: the predicate, how many of the read columns are returned (the rest are read
   * only for the predicate), and the schema of everything read (all columns, then row id/addr).
   */
  record Filter(Expression predicate, int outputColumns, Schema wideSchema) {}

  DatasetArrowReader(Snapshot snapshot, List<FragmentMetadata> fragments, LanceSchema projection,
      List<FragmentScanner.OutputColumn> columns, Schema outputSchema, ColumnSource.Opener opener, int batchSize, long offset, long limit,
      boolean withRowId, boolean withRowAddress, Filter filter, BufferAllocator allocator) {
    super(allocator);
    this.snapshot = snapshot;
    this.fragments = List.copyOf(fragments);
    this.projection = projection;
    this.columns = List.copyOf(columns);
    this.outputSchema = outputSchema;
    this.opener = opener;
    this.batchSize = batchSize;
    this.toSkip = offset;
    this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
    this.withRowId = withRowId;
    this.withRowAddress = withRowAddress;
    this.filter = filter;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    if (filter != null) {
      return loadNextFiltered();
    }
    while (remaining > 0) {
      long available = available();
      if (available == 0) {
        return false;
      }
      int n = (int) Math.min(Math.min(batchSize, remaining), available);
      long end = current.advance(position, n);
      fill(getVectorSchemaRoot(), position, end, n);
      position = end;
      remaining -= n;
      long left = current.visible(position, current.physicalRows());
      openUpcoming(left);
      if (remaining == 0 || left == 0) {
        closeCurrent();
      }
      return true;
    }
    closeCurrent();
    return false;
  }

  /**
   * Visible rows from the position on in the current fragment, entering the next fragments
   * (and closing exhausted ones) until one has any; 0 when no fragment is left.
   */
  private long available() {
    while (true) {
      if (current == null && !enterNextFragment()) {
        return 0;
      }
      long available = current.visible(position, current.physicalRows());
      if (available > 0) {
        return available;
      }
      closeCurrent();
    }
  }

  /**
   * Once the current fragment has at most an eighth of its rows (and at least a batch) left to
   * return: opens the next fragment with rows and announces its reads, for the rows the limit
   * will still want. A failure here is dropped: entering the fragment opens it again and reports
   * it where the scan reaches it.
   */
  private void openUpcoming(long left) {
    if (upcoming != null || filter != null || toSkip > 0 || remaining <= left) {
      return;
    }
    if (left > Math.max(batchSize, current.physicalRows() / 8)) {
      return;
    }
    int j = nextFragment;
    while (j < fragments.size() && fragments.get(j).numRows() <= 0) {
      j++;
    }
    if (j == fragments.size() || j == upcomingIndex) {
      return; // none left, or this one failed to open early
    }
    upcomingIndex = j;
    FragmentReader next = null;
    try {
      next = new FragmentReader(snapshot, fragments.get(j), projection, opener, allocator);
      long after = remaining - left; // rows the limit still wants after the current fragment
      long visible = next.visible(0, next.physicalRows());
      next.prefetch(0, after >= visible ? next.physicalRows() : next.advance(0, after));
      upcoming = next;
    } catch (RuntimeException e) {
      if (next != null) {
        next.close();
      }
    }
  }

  /** Opens the next fragment with rows to return, skipping those inside the offset. */
  private boolean enterNextFragment() {
    if (upcoming != null) {
      // fragments before it have no rows; with no offset left none is skipped
      current = upcoming;
      nextFragment = upcomingIndex + 1;
      upcoming = null;
      position = 0;
      return true;
    }
    while (nextFragment < fragments.size()) {
      FragmentMetadata f = fragments.get(nextFragment++);
      long rows = f.numRows();
      if (rows <= 0) {
        continue;
      }
      if (filter == null && toSkip >= rows) {
        toSkip -= rows;
        continue;
      }
      current = new FragmentReader(snapshot, f, projection, opener, allocator);
      if (filter == null) {
        position = current.advance(0, toSkip);
        toSkip = 0;
        long visible = current.visible(position, current.physicalRows());
        current.prefetch(position, remaining >= visible ? current.physicalRows()
            : current.advance(position, remaining));
      } else {
        position = 0; // offset counts matching rows: applied after the filter
      }
      return true;
    }
    return false;
  }

  /**
   * With a filter: reads chunks of visible rows with every column the filter needs, keeps the
   * matching rows, applies offset and limit to them, and returns the first chunk that keeps any.
   */
  private boolean loadNextFiltered() throws IOException {
    while (remaining > 0) {
      long available = available();
      if (available == 0) {
        return false;
      }
      int n = (int) Math.min(batchSize, available);
      long end = current.advance(position, n);
      try (VectorSchemaRoot wide = VectorSchemaRoot.create(filter.wideSchema(), allocator)) {
        fill(wide, position, end, n);
        position = end;
        if (current.visible(position, current.physicalRows()) == 0) {
          closeCurrent();
        }
        RoaringBitmap keep = filter.predicate().matches(wide, allocator);
        long count = keep.getLongCardinality();
        if (toSkip > 0) {
          if (toSkip >= count) {
            toSkip -= count;
            continue;
          }
          keep.remove(0L, (long) keep.select((int) toSkip));
          count -= toSkip;
          toSkip = 0;
        }
        if (count > remaining) {
          keep.remove((long) keep.select((int) remaining), (long) n);
          count = remaining;
        }
        if (count == 0) {
          continue;
        }
        copySelected(wide, keep, (int) count);
        remaining -= count;
        if (remaining == 0) {
          closeCurrent();
        }
        return true;
      }
    }
    closeCurrent();
    return false;
  }

  private void copySelected(VectorSchemaRoot wide, RoaringBitmap keep, int count)
      throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    int first = keep.first();
    boolean contiguous = keep.last() - first + 1 == count;
    int[] rows = contiguous ? null : keep.toArray();
    int dataColumns = filter.outputColumns();
    for (int i = 0; i < root.getFieldVectors().size(); i++) {
      int source = i < dataColumns ? i : columns.size() + (i - dataColumns);
      FieldVector src = wide.getVector(source);
      FieldVector dst = root.getVector(i);
      TransferPair tp = src.makeTransferPair(dst);
      if (contiguous) {
        tp.splitAndTransfer(first, count);
      } else {
        dst.clear();
        dst.setInitialCapacity(count);
        dst.allocateNew();
        for (int j = 0; j < count; j++) {
          tp.copyValueSafe(rows[j], j);
        }
        dst.setValueCount(count);
      }
    }
    root.setRowCount(count);
  }

  private void fill(VectorSchemaRoot root, long from, long to, int n) throws IOException {
    List<FieldVector> decoded = current.read(from, to, allocator);
    try {
      for (FieldVector src : decoded) {
        if (src.getValueCount() != n) {
          throw new CorruptFileException("fragment " + current.id() + " of "
              + snapshot.uri() + ": column '" + src.getName() + "' decoded "
              + src.getValueCount() + " rows, expected " + n);
        }
      }
      for (int i = 0; i < columns.size(); i++) {
        FragmentScanner.OutputColumn c = columns.get(i);
        FieldVector src = decoded.get(c.source());
        for (String child : c.path()) {
          src = (FieldVector) ((AbstractStructVector) src)
              .getChild(child);
        }
        // a split keeps the source intact (buffers are shared by reference count), so one
        // decoded struct can feed several output columns
        src.makeTransferPair(root.getVector(i)).splitAndTransfer(0, n);
      }
    } finally {
      for (FieldVector v : decoded) {
        v.close();
      }
    }
    int extra = columns.size();
    if (withRowId) {
      current.fillRowIds((UInt8Vector) root.getVector(extra++), from, to);
    }
    if (withRowAddress) {
      current.fillAddresses((UInt8Vector) root.getVector(extra), from, to);
    }
    root.setRowCount(n);
  }

  private void closeCurrent() {
    if (current != null) {
      FragmentReader c = current;
      current = null;
      c.close();
    }
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    closeCurrent();
    if (upcoming != null) {
      FragmentReader u = upcoming;
      upcoming = null;
      u.close();
    }
  }

  @Override
  protected Schema readSchema() {
    return outputSchema;
  }
}
