package org.lance4j.internal.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.WriteOptions;
import org.lance4j.internal.storage.LocalObjectStore;
import org.roaringbitmap.RoaringBitmap;

/** Shared helpers for the transaction protocol tests. */
final class ProtocolFixtures {
  private ProtocolFixtures() {}

  /** Creates a lance4j dataset of ids [0, rows) (columns id, name, val), fragments of perFrag. */
  static Dataset create(Path dir, BufferAllocator a, int rows, int perFrag) throws Exception {
    return create(dir, a, rows, perFrag, org.lance4j.CommitOptions.defaults());
  }

  /** {@link #create(Path, BufferAllocator, int, int)} with V1 manifest names. */
  static Dataset createV1(Path dir, BufferAllocator a, int rows, int perFrag) throws Exception {
    return create(dir, a, rows, perFrag,
        org.lance4j.CommitOptions.builder().enableV2ManifestPaths(false).build());
  }

  private static Dataset create(Path dir, BufferAllocator a, int rows, int perFrag,
      org.lance4j.CommitOptions options) throws Exception {
    try (VectorSchemaRoot root = ManifestReadInteropTest.simpleRows(a, 0, rows);
        var reader = DataPathOracle.readerOf(root, perFrag, a)) {
      return DataPathOracle.createWithLance4j(dir.toString(), reader, perFrag, options);
    }
  }

  /** Writes rows [first, first+n) as new (uncommitted, id 0) fragments with the dataset's ids. */
  static List<FragmentMetadata> fragments(Path dir, BufferAllocator a, long first, int n) {
    try (VectorSchemaRoot root = ManifestReadInteropTest.simpleRows(a, first, n)) {
      return Fragments.write(dir.toString(), root,
          WriteOptions.builder().mode(WriteOptions.Mode.APPEND).build());
    }
  }

  static Snapshot latest(Path dir) {
    return Versions.loadLatest(new LocalObjectStore(dir), dir.toString());
  }

  static Snapshot at(Path dir, long version) {
    return Versions.load(new LocalObjectStore(dir), dir.toString(), version);
  }

  /**
   * Deletes, from one fragment of {@code s}, the rows whose id matches (ids are read with the scan
   * path): a predicate stand-in until the expression engine lands.
   */
  static FragmentMetadata deleteWhere(Snapshot s, long fragmentId, LongPredicate idMatches)
      throws Exception {
    FragmentMetadata f = s.fragment(fragmentId);
    RoaringBitmap offsets = new RoaringBitmap();
    try (BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
        var r = FragmentScanner.scan(s, List.of(f), org.lance4j.ScanOptions.builder()
            .columns(List.of("id")).withRowAddress(true).build(), a)) {
      while (r.loadNextBatch()) {
        var root = r.getVectorSchemaRoot();
        var id = (org.apache.arrow.vector.BigIntVector) root.getVector("id");
        var addr = (org.apache.arrow.vector.UInt8Vector) root.getVector("_rowaddr");
        for (int i = 0; i < root.getRowCount(); i++) {
          if (idMatches.test(id.get(i))) {
            offsets.add((int) addr.get(i));
          }
        }
      }
    }
    return Deleter.deleteRows(s, f, offsets);
  }

  /** Deletes matching ids from every fragment of the latest version in one Delete commit. */
  static Snapshot deleteAll(Path dir, LongPredicate idMatches, long readVersion)
      throws Exception {
    Snapshot s = at(dir, readVersion);
    List<FragmentMetadata> updated = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    for (FragmentMetadata f : s.fragments()) {
      FragmentMetadata r = deleteWhere(s, f.id(), idMatches);
      if (r == null) {
        removed.add(f.id());
      } else if (r != f) {
        updated.add(r);
      }
    }
    return Committer.commit(s.store(), s.uri(),
        new org.lance4j.Operation.Delete(updated, removed, "test"), readVersion);
  }

  /** Sorted ids lance-core reads at the latest version. */
  static List<Long> lanceCoreIds(BufferAllocator a, Path dir) throws Exception {
    return ids(DataPathOracle.scanAll(a, dir.toString()));
  }

  /** Sorted ids lance4j reads at the latest version. */
  static List<Long> ourIds(BufferAllocator a, Path dir) throws Exception {
    return ids(DataPathOracle.lance4jScan(a, dir.toString(), org.lance4j.ScanOptions.defaults()));
  }

  static List<Long> ids(Map<String, List<Object>> cols) {
    List<Long> out = new ArrayList<>();
    for (Object o : cols.get("id")) {
      out.add(((Number) o).longValue());
    }
    out.sort(null);
    return out;
  }

  static List<Long> range(long from, long to, LongPredicate keep) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      if (keep.test(i)) {
        out.add(i);
      }
    }
    return out;
  }
}
