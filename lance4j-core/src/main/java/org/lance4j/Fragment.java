package org.lance4j;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.table.FragmentScanner;
import org.lance4j.table.Snapshot;

/** One fragment of a dataset version. */
public final class Fragment {
  private final Snapshot snapshot;
  private final FragmentMetadata metadata;

  Fragment(Snapshot snapshot, FragmentMetadata metadata) {
    this.snapshot = snapshot;
    this.metadata = metadata;
  }

  public long id() {
    return metadata.id();
  }

  public FragmentMetadata metadata() {
    return metadata;
  }

  /** Visible rows (deleted rows excluded). */
  public long countRows() {
    return metadata.numRows();
  }

  public ArrowReader scan(BufferAllocator allocator) {
    return scan(allocator, ScanOptions.defaults());
  }

  /** Scans this fragment; {@code options.fragmentIds()} is ignored. Caller closes the reader. */
  public ArrowReader scan(BufferAllocator allocator, ScanOptions options) {
    return FragmentScanner.scan(snapshot, List.of(metadata), options, allocator);
  }

  @Override
  public String toString() {
    return "Fragment{id=" + id() + ", rows=" + countRows() + "}";
  }
}
