package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.CommitConflictException;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;
import org.roaringbitmap.RoaringBitmap;

/**
 * Rebases a Delete over concurrent Deletes/Updates of the same fragments: when the other
 * transaction changed only the deletion vector of a fragment and deleted none of the rows this
 * Delete deletes, the two vectors are merged into a new deletion file (named with the latest
 * version as read version) and the Delete is committed with it. Otherwise the conflict is
 * retryable.
 */
final class DeleteRebase {
  private final ObjectStore store;
  private final String dataset;
  private Operation.Delete op;
  private final long readVersion;
  /** Fragment state the Delete is currently based on, by id (loaded lazily). */
  private Map<Long, TableProtos.DataFragment> base;
  /** Rows this Delete deletes beyond its base, per updated fragment (computed lazily). */
  private Map<Long, RoaringBitmap> affected;
  private final Set<Long> pending = new HashSet<>();

  DeleteRebase(ObjectStore store, String dataset, Operation.Delete op, long readVersion) {
    this.store = store;
    this.dataset = dataset;
    this.op = op;
    this.readVersion = readVersion;
  }

  boolean pending() {
    return !pending.isEmpty();
  }

  /** Records a concurrent Delete/Update that touched some of our fragments, or refuses it. */
  void absorb(TableProtos.Transaction other, long version) {
    loadBase();
    List<TableProtos.DataFragment> updated;
    List<Long> removed;
    if (other.hasDelete()) {
      updated = other.getDelete().getUpdatedFragmentsList();
      removed = other.getDelete().getDeletedFragmentIdsList();
    } else {
      updated = other.getUpdate().getUpdatedFragmentsList();
      removed = other.getUpdate().getRemovedFragmentIdsList();
    }
    Set<Long> mine = ConflictMatrix.touched(op);
    for (Long id : removed) {
      if (mine.contains(id)) {
        throw retry(version, "it removed fragment " + id + " entirely");
      }
    }
    for (TableProtos.DataFragment u : updated) {
      if (!mine.contains(u.getId())) {
        continue;
      }
      if (op.deletedFragmentIds().contains(u.getId())) {
        throw retry(version, "it changed fragment " + u.getId() + ", which this Delete removes");
      }
      TableProtos.DataFragment b = base.get(u.getId());
      if (b == null || !b.getFilesList().equals(u.getFilesList())) {
        throw retry(version, "it rewrote the data files of fragment " + u.getId());
      }
      if (!b.getDeletionFile().equals(u.getDeletionFile())) {
        pending.add(u.getId());
      }
    }
  }

  /** Merges the deletion vectors of the pending fragments with those of {@code latest}. */
  Operation.Delete rebaseOnto(TableProtos.Manifest latest) {
    Map<Long, TableProtos.DataFragment> now = new HashMap<>();
    for (TableProtos.DataFragment f : latest.getFragmentsList()) {
      now.put(f.getId(), f);
    }
    List<FragmentMetadata> updated = new ArrayList<>();
    List<Long> deleted = new ArrayList<>(op.deletedFragmentIds());
    try (BufferAllocator a = OperationMemory.root("rebase of a delete on " + dataset)) {
      for (FragmentMetadata mineFrag : op.updatedFragments()) {
        long id = mineFrag.id();
        if (!pending.contains(id)) {
          updated.add(mineFrag);
          continue;
        }
        TableProtos.DataFragment cur = now.get(id);
        if (cur == null) {
          throw retry(latest.getVersion(), "fragment " + id + " is gone");
        }
        FragmentMetadata curMeta = FragmentProtos.fromProto(cur);
        var theirs = DeletionVectors.read(store, curMeta, a);
        var ours = affected.get(id);
        var overlap = RoaringBitmap.and(theirs, ours);
        if (!overlap.isEmpty()) {
          throw retry(latest.getVersion(), "both deleted rows of fragment " + id
              + " (e.g. offset " + overlap.first() + ")");
        }
        var merged = RoaringBitmap.or(theirs, ours);
        if (merged.getLongCardinality() >= cur.getPhysicalRows()) {
          deleted.add(id);
          base.remove(id);
          continue;
        }
        DeletionFile file = DeletionFileWriter.write(store, id, latest.getVersion(), merged,
            curMeta.deletionFile(), a);
        FragmentMetadata rebased = new FragmentMetadata(id, curMeta.files(),
            curMeta.physicalRows(), file);
        updated.add(rebased);
        base.put(id, cur);
      }
    }
    pending.clear();
    op = new Operation.Delete(updated, deleted, op.predicate());
    return op;
  }

  private void loadBase() {
    if (base != null) {
      return;
    }
    Snapshot read = Versions.load(store, dataset, readVersion);
    base = new HashMap<>();
    affected = new HashMap<>();
    try (BufferAllocator a = OperationMemory.root("rebase of a delete on " + dataset)) {
      for (FragmentMetadata f : op.updatedFragments()) {
        FragmentMetadata was = read.fragment(f.id());
        if (was == null) {
          continue;
        }
        base.put(f.id(), FragmentProtos.toProto(was));
        var mine = DeletionVectors.read(store, f, a);
        var before = DeletionVectors.read(store, was, a);
        affected.put(f.id(), RoaringBitmap.andNot(mine, before));
      }
      for (Long id : op.deletedFragmentIds()) {
        FragmentMetadata was = read.fragment(id);
        if (was != null) {
          base.put(id, FragmentProtos.toProto(was));
        }
      }
    }
  }

  private CommitConflictException retry(long version, String why) {
    return new CommitConflictException("Delete built on version " + readVersion + " of "
        + dataset + " conflicts with the transaction committed concurrently as version "
        + version + ": " + why + "; re-read the dataset and retry", true, version);
  }
}
