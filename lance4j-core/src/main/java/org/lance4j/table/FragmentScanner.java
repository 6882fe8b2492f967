package org.lance4j.table;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.FragmentMetadata;
import org.lance4j.ScanOptions;

/** Reads the rows of a snapshot (or some of its fragments) as Arrow batches. */
public final class FragmentScanner {
  private FragmentScanner() {}

  /**
   * A streaming reader over {@code fragments} (in the given order) of {@code snapshot}, honouring
   * projection, deletions, limit/offset and the row id / address columns. The caller closes it.
   */
  public static ArrowReader scan(Snapshot snapshot, List<FragmentMetadata> fragments,
      ScanOptions options, BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }
}
