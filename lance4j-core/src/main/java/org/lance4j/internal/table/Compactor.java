package org.lance4j.internal.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.CompactionOptions;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceIOException;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;

/**
 * Compaction: plan groups of small fragments ({@link CompactionPlanner}), rewrite each group's
 * live rows into new fragments of about {@code targetRowsPerFragment} rows, commit one Rewrite.
 * The rewritten fragments hold every field of the current schema in one data file per fragment,
 * under the same field ids; deleted rows are dropped.
 */
public final class Compactor {
  private Compactor() {}

  /** Returns the new version, or {@code snapshot} itself when there is nothing to compact. */
  public static Snapshot compact(Snapshot snapshot, CompactionOptions options) {
    List<List<FragmentMetadata>> plan = CompactionPlanner.plan(snapshot.fragments(), options);
    if (plan.isEmpty()) {
      return snapshot;
    }
    List<Operation.RewriteGroup> groups = new ArrayList<>();
    try (BufferAllocator allocator = OperationMemory.root("compaction of " + snapshot.uri())) {
      try {
        for (List<FragmentMetadata> group : plan) {
          groups.add(new Operation.RewriteGroup(group, rewrite(snapshot, group, options,
              allocator)));
        }
      } catch (RuntimeException | Error e) {
        for (Operation.RewriteGroup g : groups) {
          deleteFiles(snapshot, g.newFragments(), e);
        }
        throw e;
      }
    }
    return Committer.commit(snapshot.store(), snapshot.uri(), new Operation.Rewrite(groups),
        snapshot.version());
  }

  /** Writes the live rows of {@code group} as new fragments (id 0: the commit numbers them). */
  static List<FragmentMetadata> rewrite(Snapshot snapshot, List<FragmentMetadata> group,
      CompactionOptions options, BufferAllocator allocator) {
    WriteOptions write = WriteOptions.builder()
        .maxRowsPerFile((int) Math.min(Integer.MAX_VALUE, options.targetRowsPerFragment()))
        .build();
    try (ArrowReader reader = FragmentScanner.scan(snapshot, group, ScanOptions.defaults(),
        allocator)) {
      return FragmentWriter.write(snapshot.store(), snapshot.schema(), reader, write,
          FragmentWriter.formatOf(snapshot));
    } catch (IOException e) {
      throw new LanceIOException("compacting fragments " + ids(group) + " of "
          + snapshot.uri(), e);
    }
  }

  private static List<Long> ids(List<FragmentMetadata> group) {
    List<Long> out = new ArrayList<>();
    for (FragmentMetadata f : group) {
      out.add(f.id());
    }
    return out;
  }

  private static void deleteFiles(Snapshot snapshot, List<FragmentMetadata> fragments,
      Throwable cause) {
    for (FragmentMetadata f : fragments) {
      for (DataFile d : f.files()) {
        try {
          snapshot.store().delete(DataFileNames.path(d.path()));
        } catch (IOException | RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
    }
  }
}
