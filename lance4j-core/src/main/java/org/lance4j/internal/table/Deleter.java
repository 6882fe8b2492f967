package org.lance4j.internal.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.internal.expr.Expression;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deleting rows by predicate: the matching rows' offsets are added to the fragment's deletion
 * vector, written as a new deletion file ({@link DeletionFileWriter}); the whole-dataset form
 * commits one {@link Operation.Delete}.
 */
public final class Deleter {
  private Deleter() {}

  /**
   * Deletes the matching rows of one fragment; returns its new metadata (the same object when no
   * row matched), or null when every row goes. Commits nothing.
   */
  public static FragmentMetadata deleteFromFragment(Snapshot snapshot, FragmentMetadata fragment,
      String predicate) {
    String p = predicate == null ? "" : predicate.trim().toLowerCase(Locale.ROOT);
    if (p.equals("true")) {
      return null;
    }
    if (p.equals("false")) {
      return fragment;
    }
    Expression expr = Expression.parse(predicate);
    RoaringBitmap offsets = new RoaringBitmap();
    ScanOptions options = ScanOptions.builder()
        .columns(new ArrayList<>(expr.columns()))
        .withRowAddress(true)
        .build();
    try (BufferAllocator a = OperationMemory.root("delete from " + snapshot.uri());
        ArrowReader r = FragmentScanner.scan(snapshot, List.of(fragment), options, a)) {
      while (r.loadNextBatch()) {
        VectorSchemaRoot batch = r.getVectorSchemaRoot();
        UInt8Vector addr = (UInt8Vector) batch.getVector(FragmentScanner.ROW_ADDRESS);
        RoaringBitmap hits = expr.matches(batch, a);
        for (int i : hits) {
          offsets.add((int) addr.get(i));
        }
      }
    } catch (IOException e) {
      throw new LanceIOException("scanning fragment " + fragment.id() + " of "
          + snapshot.uri() + " for delete", e);
    }
    return deleteRows(snapshot, fragment, offsets);
  }

  /**
   * Adds row {@code offsets} (fragment-local physical offsets) to the fragment's deletion vector.
   * Returns the fragment unchanged when nothing new is deleted, null when every row is deleted,
   * else the fragment with a newly written deletion file (read version = the snapshot's version).
   */
  public static FragmentMetadata deleteRows(Snapshot snapshot, FragmentMetadata fragment,
      RoaringBitmap offsets) {
    if (!offsets.isEmpty() && Integer.toUnsignedLong(offsets.last()) >= fragment.physicalRows()) {
      throw new InvalidInputException("cannot delete row offset "
          + Integer.toUnsignedLong(offsets.last()) + " of fragment " + fragment.id() + " of "
          + snapshot.uri() + ": it has " + fragment.physicalRows() + " rows");
    }
    try (BufferAllocator a = OperationMemory.root("delete from " + snapshot.uri())) {
      RoaringBitmap existing = DeletionVectors.read(snapshot.store(), fragment, a);
      RoaringBitmap merged = RoaringBitmap.or(existing, offsets);
      if (merged.getLongCardinality() == existing.getLongCardinality()) {
        return fragment;
      }
      if (merged.getLongCardinality() >= fragment.physicalRows()) {
        return null;
      }
      DeletionFile file = DeletionFileWriter.write(snapshot.store(), fragment.id(),
          snapshot.version(), merged, fragment.deletionFile(), a);
      return new FragmentMetadata(fragment.id(), fragment.files(), fragment.physicalRows(), file);
    }
  }

  /** Deletes matching rows from the whole dataset in one Delete commit; returns the new version. */
  public static Snapshot delete(Snapshot snapshot, String predicate) {
    List<FragmentMetadata> updated = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    for (FragmentMetadata f : snapshot.fragments()) {
      FragmentMetadata r = deleteFromFragment(snapshot, f, predicate);
      if (r == null) {
        removed.add(f.id());
      } else if (r != f) {
        updated.add(r);
      }
    }
    return commit(snapshot, new Operation.Delete(updated, removed, predicate));
  }

  /** Commits a Delete built on the snapshot's version. */
  static Snapshot commit(Snapshot snapshot, Operation.Delete op) {
    return Committer.commit(snapshot.store(), snapshot.uri(), op, snapshot.version());
  }
}
