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
 * Update            ok     ok|RET        INC       ok|RET  RET   RET     INC     ok           ok      ok          ok|RET
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

  /**
   * One cell of the table: an outcome, or a rule that decides it from the two operations' data.
   */
  enum Cell {
    OK,
    RET,
    INC,
    /** Retryable when the committed transaction touched a fragment mine touches, else ok. */
    RET_IF_SHARED,
    /** Rebase when the committed transaction touched a fragment mine touches, else ok. */
    REBASE_IF_SHARED,
    /** Incompatible when both write the same config key, else ok (note 2). */
    INC_IF_KEY_CLASH,
    /** DataReplacement: retryable when the new indices cover a field mine replaces. */
    RET_IF_INDEXED,
    /** DataReplacement: retryable when both replace a field of the same fragment. */
    RET_IF_SAME_COLUMNS
  }

  private ConflictMatrix() {}

  static Outcome decide(Operation mine, Transaction other) {
    OpKind kind = OpKind.of(mine);
    return switch (cell(kind, Transactions.kind(other))) {
      case OK -> Outcome.COMPATIBLE;
      case RET -> Outcome.RETRYABLE;
      case INC -> Outcome.INCOMPATIBLE;
      case RET_IF_SHARED ->
          intersects(touchedBy(other), touched(kind, mine)) ? Outcome.RETRYABLE
              : Outcome.COMPATIBLE;
      case REBASE_IF_SHARED ->
          intersects(touchedBy(other), touched(kind, mine)) ? Outcome.REBASE
              : Outcome.COMPATIBLE;
      case INC_IF_KEY_CLASH ->
          keyClash((Operation.UpdateConfig) mine, other) ? Outcome.INCOMPATIBLE
              : Outcome.COMPATIBLE;
      case RET_IF_INDEXED -> indexesReplaced((Operation.DataReplacement) mine, other)
          ? Outcome.RETRYABLE : Outcome.COMPATIBLE;
      case RET_IF_SAME_COLUMNS -> sameColumns((Operation.DataReplacement) mine, other)
          ? Outcome.RETRYABLE : Outcome.COMPATIBLE;
    };
  }

  /**
   * The table above, one row per kind of mine and one case per kind of committed transaction;
   * both switches list every constant, so a new kind on either side does not compile until its
   * row or column is written. Transactions lance4j does not know (UNKNOWN) are retryable for
   * every operation except Overwrite and Restore; Clone and UpdateBases are compatible with all.
   */
  static Cell cell(OpKind mine, Kind committed) {
    return switch (mine) {
      case APPEND -> switch (committed) {
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Cell.INC;
        case UNKNOWN -> Cell.RET;
        case APPEND, DELETE, UPDATE, REWRITE, MERGE, PROJECT, UPDATE_CONFIG, RESERVE_FRAGMENTS,
            CREATE_INDEX, DATA_REPLACEMENT, CLONE, UPDATE_BASES -> Cell.OK;
      };
      case DELETE -> switch (committed) {
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Cell.INC;
        case MERGE, UNKNOWN -> Cell.RET;
        case REWRITE, DATA_REPLACEMENT -> Cell.RET_IF_SHARED;
        case DELETE, UPDATE -> Cell.REBASE_IF_SHARED;
        case APPEND, PROJECT, UPDATE_CONFIG, RESERVE_FRAGMENTS, CREATE_INDEX, CLONE,
            UPDATE_BASES -> Cell.OK;
      };
      // lance4j's Overwrite upserts no config keys: compatible with everything, even UNKNOWN
      case OVERWRITE -> switch (committed) {
        case APPEND, DELETE, UPDATE, OVERWRITE, REWRITE, MERGE, PROJECT, RESTORE, UPDATE_CONFIG,
            RESERVE_FRAGMENTS, CREATE_INDEX, DATA_REPLACEMENT, UPDATE_MEM_WAL_STATE, CLONE,
            UPDATE_BASES, UNKNOWN -> Cell.OK;
      };
      case MERGE -> switch (committed) {
        case OVERWRITE, RESTORE, PROJECT, UPDATE_MEM_WAL_STATE -> Cell.INC;
        case APPEND, DELETE, UPDATE, REWRITE, MERGE, DATA_REPLACEMENT, UNKNOWN -> Cell.RET;
        case UPDATE_CONFIG, RESERVE_FRAGMENTS, CREATE_INDEX, CLONE, UPDATE_BASES -> Cell.OK;
      };
      // an Update deletes rows of the fragments it touches and adds new fragments
      case UPDATE -> switch (committed) {
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Cell.INC;
        case MERGE, PROJECT, UNKNOWN -> Cell.RET;
        case DELETE, UPDATE, REWRITE, DATA_REPLACEMENT -> Cell.RET_IF_SHARED;
        case APPEND, UPDATE_CONFIG, RESERVE_FRAGMENTS, CREATE_INDEX, CLONE,
            UPDATE_BASES -> Cell.OK;
      };
      case PROJECT -> switch (committed) {
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Cell.INC;
        case MERGE, PROJECT, UNKNOWN -> Cell.RET;
        case APPEND, DELETE, UPDATE, REWRITE, UPDATE_CONFIG, RESERVE_FRAGMENTS, CREATE_INDEX,
            DATA_REPLACEMENT, CLONE, UPDATE_BASES -> Cell.OK;
      };
      case RESTORE -> switch (committed) {
        case UPDATE_MEM_WAL_STATE -> Cell.INC;
        case APPEND, DELETE, UPDATE, OVERWRITE, REWRITE, MERGE, PROJECT, RESTORE, UPDATE_CONFIG,
            RESERVE_FRAGMENTS, CREATE_INDEX, DATA_REPLACEMENT, CLONE, UPDATE_BASES,
            UNKNOWN -> Cell.OK;
      };
      case REWRITE -> switch (committed) {
        case OVERWRITE, RESTORE -> Cell.INC;
        case MERGE, DATA_REPLACEMENT, UNKNOWN -> Cell.RET;
        case DELETE, UPDATE, REWRITE -> Cell.RET_IF_SHARED;
        case APPEND, PROJECT, UPDATE_CONFIG, RESERVE_FRAGMENTS, CREATE_INDEX,
            UPDATE_MEM_WAL_STATE, CLONE, UPDATE_BASES -> Cell.OK;
      };
      case UPDATE_CONFIG -> switch (committed) {
        case OVERWRITE, UPDATE_CONFIG -> Cell.INC_IF_KEY_CLASH;
        case UNKNOWN -> Cell.RET;
        case APPEND, DELETE, UPDATE, REWRITE, MERGE, PROJECT, RESTORE, RESERVE_FRAGMENTS,
            CREATE_INDEX, DATA_REPLACEMENT, UPDATE_MEM_WAL_STATE, CLONE, UPDATE_BASES -> Cell.OK;
      };
      // lance-core 7.0.0's check_data_replacement_txn
      case DATA_REPLACEMENT -> switch (committed) {
        case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> Cell.INC;
        case UNKNOWN -> Cell.RET;
        case REWRITE -> Cell.RET_IF_SHARED;
        case CREATE_INDEX -> Cell.RET_IF_INDEXED;
        case DATA_REPLACEMENT -> Cell.RET_IF_SAME_COLUMNS;
        case APPEND, DELETE, UPDATE, MERGE, PROJECT, UPDATE_CONFIG, RESERVE_FRAGMENTS, CLONE,
            UPDATE_BASES -> Cell.OK;
      };
      case RESERVE_FRAGMENTS -> switch (committed) {
        case OVERWRITE, RESTORE -> Cell.INC;
        case UNKNOWN -> Cell.RET;
        case APPEND, DELETE, UPDATE, REWRITE, MERGE, PROJECT, UPDATE_CONFIG, RESERVE_FRAGMENTS,
            CREATE_INDEX, DATA_REPLACEMENT, UPDATE_MEM_WAL_STATE, CLONE, UPDATE_BASES -> Cell.OK;
      };
    };
  }

  /** Existing fragment ids mine modifies or removes, for the kinds with a *_IF_SHARED cell. */
  private static Set<Long> touched(OpKind kind, Operation mine) {
    return switch (kind) {
      case DELETE -> touched((Operation.Delete) mine);
      case UPDATE -> {
        Operation.Update up = (Operation.Update) mine;
        Set<Long> out = new HashSet<>(up.removedFragmentIds());
        up.updatedFragments().forEach(f -> out.add(f.id()));
        yield out;
      }
      case REWRITE -> {
        Set<Long> out = new HashSet<>();
        for (Operation.RewriteGroup g : ((Operation.Rewrite) mine).groups()) {
          g.oldFragments().forEach(f -> out.add(f.id()));
        }
        yield out;
      }
      case DATA_REPLACEMENT -> {
        Set<Long> out = new HashSet<>();
        ((Operation.DataReplacement) mine).replacements().forEach(r -> out.add(r.fragmentId()));
        yield out;
      }
      case APPEND, OVERWRITE, MERGE, PROJECT, RESTORE, UPDATE_CONFIG, RESERVE_FRAGMENTS ->
          throw new IllegalStateException("no fragment-dependent conflict rule for " + kind);
    };
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

  private static boolean indexesReplaced(Operation.DataReplacement mine, Transaction other) {
    Set<Integer> indexed = new HashSet<>();
    if (other.hasCreateIndex()) {
      other.getCreateIndex().getNewIndicesList().forEach(i -> indexed.addAll(i.getFieldsList()));
    }
    return mine.replacements().stream()
        .anyMatch(r -> r.newFile().fields().stream().anyMatch(indexed::contains));
  }

  private static boolean sameColumns(Operation.DataReplacement mine, Transaction other) {
    if (!other.hasDataReplacement()) {
      return false;
    }
    for (Operation.DataReplacementGroup r : mine.replacements()) {
      for (Transaction.DataReplacementGroup o : other.getDataReplacement()
          .getReplacementsList()) {
        if (o.getFragmentId() == r.fragmentId() && r.newFile().fields().stream()
            .anyMatch(o.getNewFile().getFieldsList()::contains)) {
          return true;
        }
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
