package org.lance4j.internal.table;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.proto.TableProtos;
import org.lance4j.proto.TableProtos.Transaction;
import org.lance4j.internal.table.Transactions.Kind;

/**
 * The conflict rules of the Lance format (as Lance 0.39's conflict resolver applies them): may an
 * operation built on an older version still be committed after a concurrent committed
 * transaction? Pure decisions; {@link ConflictChecker} acts on them.
 *
 * <pre>
 * mine \ committed  Append Delete/Update Overwrite Rewrite Merge Project Restore UpdateConfig Reserve CreateIndex DataRepl
 * Append            ok     ok            INC       ok      ok    ok      INC     ok           ok      ok          ok
 * Delete            ok     ok|REB|RET(1) INC       ok|RET  RET   ok      INC     ok           ok      ok          ok|RET
 * Overwrite         ok     ok            ok(2)     ok      ok    ok      ok      ok(2)        ok      ok          ok
 * Merge             RET    RET           INC       RET     RET   INC     INC     ok           ok      ok          RET
 * Project           ok     ok            INC       ok      RET   RET     INC     ok           ok      ok          ok
 * Restore           ok     ok            ok        ok      ok    ok      ok      ok           ok      ok          ok
 * Rewrite           ok     ok|RET        INC       ok|RET  RET   ok      INC     ok           ok      ok          RET
 * UpdateConfig      ok     ok            ok|INC(2) ok      ok    ok      ok      ok|INC(2)    ok      ok          ok
 * ReserveFragments  ok     ok            INC       ok      ok    ok      INC     ok           ok      ok          ok
 * </pre>
 * ok|RET: retryable only when the committed transaction touched a fragment mine touches.
 * (1) Delete vs Delete/Update on the same fragment: rebased (deletion vectors merged) when only
 * the deletion vector changed and the deleted rows do not overlap, else retryable.
 * (2) incompatible when both write the same config key (one upserts a key the other upserts or
 * deletes).
 */
final class ConflictMatrix {
  /** The outcome for one (mine, committed) pair. */
  enum Outcome {
    /** Nothing to do: the next manifest is simply built on the latest one. */
    COMPATIBLE,
    /** Delete vs Delete/Update on shared fragments: decided row by row ({@link DeleteRebase}). */
    REBASE,
    /** The caller must redo its work on the new version. */
    RETRYABLE,
    /** The operation no longer makes sense. */
    INCOMPATIBLE
  }

  private ConflictMatrix() {}

  static Outcome decide(Operation mine, Transaction other) {
    Kind k = Transactions.kind(other);
    if (mine instanceof Operation.Restore) {
      return k == Kind.UPDATE_MEM_WAL_STATE ? Outcome.INCOMPATIBLE : Outcome.COMPATIBLE;
    }
    if (mine instanceof Operation.Overwrite) {
      return Outcome.COMPATIBLE; // lance4j's Overwrite upserts no config keys
    }
    if (k == Kind.UNKNOWN) {
      return Outcome.RETRYABLE;
    }
    if (k == Kind.CLONE || k == Kind.UPDATE_BASES) {
      return Outcome.COMPATIBLE;
    }
    if (mine instanceof Operation.Append || mine instanceof Operation.ReserveFragments) {
      boolean memWalHurts = mine instanceof Operation.Append;
      return k == Kind.OVERWRITE || k == Kind.RESTORE
          || (memWalHurts && k == Kind.UPDATE_MEM_WAL_STATE)
          ? Outcome.INCOMPATIBLE : Outcome.COMPATIBLE;
    }
    if (mine instanceof Operation.UpdateConfig uc) {
      if (k == Kind.OVERWRITE || k == Kind.UPDATE_CONFIG) {
        return keyClash(uc, other) ? Outcome.INCOMPATIBLE : Outcome.COMPATIBLE;
      }
      return Outcome.COMPATIBLE;
    }
    if (mine instanceof Operation.Merge) {
      return switch (k) {
        case CREATE_INDEX, RESERVE_FRAGMENTS, UPDATE_CONFIG -> Outcome.COMPATIBLE;
        case OVERWRITE, RESTORE, PROJECT, UPDATE_MEM_WAL_STATE -> Outcome.INCOMPATIBLE;
        default -> Outcome.RETRYABLE;
      };
    }
    if (mine instanceof Operation.Project) {
      return switch (k) {
        case MERGE, PROJECT -> Outcome.RETRYABLE;
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Outcome.INCOMPATIBLE;
        default -> Outcome.COMPATIBLE;
      };
    }
    if (mine instanceof Operation.Rewrite rw) {
      Set<Long> touched = new HashSet<>();
      for (Operation.RewriteGroup g : rw.groups()) {
        g.oldFragments().forEach(f -> touched.add(f.id()));
      }
      return switch (k) {
        case OVERWRITE, RESTORE -> Outcome.INCOMPATIBLE;
        case MERGE, DATA_REPLACEMENT -> Outcome.RETRYABLE;
        case DELETE, UPDATE, REWRITE ->
            intersects(touchedBy(other), touched) ? Outcome.RETRYABLE : Outcome.COMPATIBLE;
        default -> Outcome.COMPATIBLE;
      };
    }
    if (mine instanceof Operation.Delete del) {
      Set<Long> touched = touched(del);
      return switch (k) {
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Outcome.INCOMPATIBLE;
        case MERGE -> Outcome.RETRYABLE;
        case REWRITE, DATA_REPLACEMENT ->
            intersects(touchedBy(other), touched) ? Outcome.RETRYABLE : Outcome.COMPATIBLE;
        case DELETE, UPDATE ->
            intersects(touchedBy(other), touched) ? Outcome.REBASE : Outcome.COMPATIBLE;
        default -> Outcome.COMPATIBLE;
      };
    }
    return Outcome.RETRYABLE;
  }

  /** Fragment ids a Delete modifies. */
  static Set<Long> touched(Operation.Delete del) {
    Set<Long> out = new HashSet<>(del.deletedFragmentIds());
    for (FragmentMetadata f : del.updatedFragments()) {
      out.add(f.id());
    }
    return out;
  }

  /** Existing fragment ids a committed transaction modified or removed. */
  static Set<Long> touchedBy(Transaction t) {
    Set<Long> out = new HashSet<>();
    switch (t.getOperationCase()) {
      case DELETE -> {
        t.getDelete().getUpdatedFragmentsList().forEach(f -> out.add(f.getId()));
        out.addAll(t.getDelete().getDeletedFragmentIdsList());
      }
      case UPDATE -> {
        t.getUpdate().getUpdatedFragmentsList().forEach(f -> out.add(f.getId()));
        out.addAll(t.getUpdate().getRemovedFragmentIdsList());
      }
      case REWRITE -> {
        t.getRewrite().getOldFragmentsList().forEach(f -> out.add(f.getId()));
        for (Transaction.RewriteGroup g : t.getRewrite().getGroupsList()) {
          g.getOldFragmentsList().forEach(f -> out.add(f.getId()));
        }
      }
      case DATA_REPLACEMENT -> t.getDataReplacement().getReplacementsList()
          .forEach(r -> out.add(r.getFragmentId()));
      default -> { }
    }
    return out;
  }

  static boolean intersects(Set<Long> a, Set<Long> b) {
    for (Long x : a) {
      if (b.contains(x)) {
        return true;
      }
    }
    return false;
  }

  /** One side upserts a key the other upserts or deletes. */
  private static boolean keyClash(Operation.UpdateConfig mine, Transaction other) {
    Set<String> upserts = new HashSet<>();
    Set<String> deletes = new HashSet<>();
    if (other.hasOverwrite()) {
      upserts.addAll(other.getOverwrite().getConfigUpsertValuesMap().keySet());
    } else if (other.hasUpdateConfig()) {
      TableProtos.Transaction.UpdateConfig uc = other.getUpdateConfig();
      upserts.addAll(uc.getUpsertValuesMap().keySet());
      deletes.addAll(uc.getDeleteKeysList());
      for (Transaction.UpdateMapEntry e : uc.getConfigUpdates().getUpdateEntriesList()) {
        (e.hasValue() ? upserts : deletes).add(e.getKey());
      }
    }
    Map<String, String> mineUp = mine.upserts();
    for (String k : mineUp.keySet()) {
      if (upserts.contains(k) || deletes.contains(k)) {
        return true;
      }
    }
    for (String k : upserts) {
      if (mineUp.containsKey(k) || mine.deleteKeys().contains(k)) {
        return true;
      }
    }
    return false;
  }
}
