package org.lance4j.internal.table;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;
import org.roaringbitmap.RoaringBitmap;

/**
 * Row ids and row versions of the fragments a commit adds to a dataset with stable row ids, as
 * lance-core 7.0.0 assigns them: fresh ids from {@code next_row_id} (one inline range per
 * fragment) with created-at = last-updated-at = the new version for appended rows; the old ids
 * and versions of the surviving rows for compacted fragments; the old ids and created-at, with
 * last-updated-at = the new version, for rows an Update rewrote.
 */
final class StableRowIds {
  private StableRowIds() {}

  /**
   * What an Update carries over for one new fragment (keyed by its first data file's path):
   * the old row ids of its rows in order and their created-at versions (null: unknown).
   */
  record Carried(long[] rowIds, long[] createdAt) {}

  /** The row-id and version fields of {@code from} on {@code to} (same rows, new files). */
  static TableProtos.DataFragment keepRowMeta(TableProtos.DataFragment from,
      TableProtos.DataFragment to) {
    TableProtos.DataFragment.Builder b = to.toBuilder();
    switch (from.getRowIdSequenceCase()) {
      case INLINE_ROW_IDS -> b.setInlineRowIds(from.getInlineRowIds());
      case EXTERNAL_ROW_IDS -> b.setExternalRowIds(from.getExternalRowIds());
      case ROWIDSEQUENCE_NOT_SET -> { }
    }
    switch (from.getLastUpdatedAtVersionSequenceCase()) {
      case INLINE_LAST_UPDATED_AT_VERSIONS ->
          b.setInlineLastUpdatedAtVersions(from.getInlineLastUpdatedAtVersions());
      case EXTERNAL_LAST_UPDATED_AT_VERSIONS ->
          b.setExternalLastUpdatedAtVersions(from.getExternalLastUpdatedAtVersions());
      case LASTUPDATEDATVERSIONSEQUENCE_NOT_SET -> { }
    }
    switch (from.getCreatedAtVersionSequenceCase()) {
      case INLINE_CREATED_AT_VERSIONS ->
          b.setInlineCreatedAtVersions(from.getInlineCreatedAtVersions());
      case EXTERNAL_CREATED_AT_VERSIONS ->
          b.setExternalCreatedAtVersions(from.getExternalCreatedAtVersions());
      case CREATEDATVERSIONSEQUENCE_NOT_SET -> { }
    }
    return b.build();
  }

  /**
   * Gives every fragment without row ids its ids ({@code carried} ones when an Update recorded
   * them, fresh ones otherwise); returns the next free row id.
   */
  static long assign(List<TableProtos.DataFragment> fragments, long nextRowId, long version,
      Map<String, Carried> carried, String dataset) {
    for (int i = 0; i < fragments.size(); i++) {
      TableProtos.DataFragment f = fragments.get(i);
      if (RowIds.has(f)) {
        continue;
      }
      int n = Math.toIntExact(f.getPhysicalRows());
      Carried c = f.getFilesCount() == 0 ? null : carried.get(f.getFiles(0).getPath());
      long[] ids;
      long[] created;
      if (c != null) {
        if (c.rowIds().length != n) {
          throw new IllegalStateException("fragment of " + dataset + " has " + n + " rows but "
              + c.rowIds().length + " carried row ids");
        }
        ids = c.rowIds();
        created = c.createdAt() != null ? c.createdAt() : filled(n, version);
      } else {
        ids = new long[n];
        for (int k = 0; k < n; k++) {
          ids[k] = nextRowId++;
        }
        created = filled(n, version);
      }
      fragments.set(i, withMeta(f, ids, created, filled(n, version)));
    }
    return nextRowId;
  }

  static TableProtos.DataFragment withMeta(TableProtos.DataFragment f, long[] ids,
      long[] created, long[] updated) {
    TableProtos.DataFragment.Builder b = f.toBuilder().setInlineRowIds(RowIds.encode(ids));
    if (ids.length > 0) { // 7.0.0 writes no version metadata for an empty fragment
      b.setInlineCreatedAtVersions(RowIds.encodeVersions(created))
          .setInlineLastUpdatedAtVersions(RowIds.encodeVersions(updated));
    }
    return b.build();
  }

  private static long[] filled(int n, long v) {
    long[] out = new long[n];
    java.util.Arrays.fill(out, v);
    return out;
  }

  /**
   * Row ids and versions for a Rewrite group's new fragments: the surviving rows of the old
   * fragments in order (the order compaction writes them), split by the new fragments' sizes.
   */
  static List<TableProtos.DataFragment> rewrite(ObjectStore store,
      List<TableProtos.DataFragment> olds, List<FragmentMetadata> oldMeta,
      List<TableProtos.DataFragment> news, long version, String dataset) {
    RowIds.LongList ids = new RowIds.LongList();
    RowIds.LongList created = new RowIds.LongList();
    RowIds.LongList updated = new RowIds.LongList();
    boolean versioned = true;
    try (BufferAllocator a = OperationMemory.root("row ids of a rewrite of " + dataset)) {
      for (int k = 0; k < olds.size(); k++) {
        TableProtos.DataFragment old = olds.get(k);
        long[] oldIds = RowIds.of(store, old, dataset);
        if (oldIds == null) {
          throw new InvalidInputException("Rewrite on " + dataset + ": fragment "
              + old.getId() + " has no row ids, but the dataset uses stable row ids");
        }
        long[] c = RowIds.createdAt(old, dataset);
        long[] u = RowIds.lastUpdatedAt(old, dataset);
        versioned &= c != null && u != null;
        RoaringBitmap deleted = DeletionVectors.read(store, oldMeta.get(k), a);
        for (int p = 0; p < oldIds.length; p++) {
          if (!deleted.contains(p)) {
            ids.add(oldIds[p]);
            created.add(c == null ? 0 : c[p]);
            updated.add(u == null ? 0 : u[p]);
          }
        }
      }
    }
    long[] allIds = ids.toArray();
    long[] allCreated = created.toArray();
    long[] allUpdated = updated.toArray();
    long total = 0;
    for (TableProtos.DataFragment f : news) {
      total += f.getPhysicalRows();
    }
    if (total != allIds.length) {
      throw new InvalidInputException("Rewrite on " + dataset + ": new fragments hold " + total
          + " rows but the old ones keep " + allIds.length);
    }
    List<TableProtos.DataFragment> out = new java.util.ArrayList<>();
    int at = 0;
    for (TableProtos.DataFragment f : news) {
      int n = Math.toIntExact(f.getPhysicalRows());
      long[] part = java.util.Arrays.copyOfRange(allIds, at, at + n);
      // without version metadata on every old fragment the new one gets none either
      out.add(versioned ? withMeta(f, part, java.util.Arrays.copyOfRange(allCreated, at, at + n),
          java.util.Arrays.copyOfRange(allUpdated, at, at + n))
          : f.toBuilder().setInlineRowIds(RowIds.encode(part)).build());
      at += n;
    }
    return out;
  }
}
