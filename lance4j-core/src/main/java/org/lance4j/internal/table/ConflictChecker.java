package org.lance4j.internal.table;

import org.lance4j.CommitConflictException;
import org.lance4j.Operation;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/**
 * Checks an operation built on an older version against every version committed since, with the
 * rules of {@link ConflictMatrix}. Three outcomes: compatible (nothing to do), rebased
 * automatically (a Delete whose fragments another Delete also changed, on other rows: the
 * deletion vectors are merged by {@link DeleteRebase}), or a {@link CommitConflictException}
 * that is {@linkplain CommitConflictException#retryable() retryable} or not.
 *
 * <p>A version whose transaction file is missing or unreadable cannot be checked: that is a
 * retryable conflict (re-reading the dataset and redoing the work is always safe), except for
 * Overwrite and Restore, which are compatible with everything.
 */
final class ConflictChecker {
  private final ObjectStore store;
  private final String dataset;
  private final Operation op;
  private final long readVersion;
  private final DeleteRebase rebase;
  /** Versions up to this one have been checked already (by an earlier attempt). */
  private long checkedUpTo;

  ConflictChecker(ObjectStore store, String dataset, Operation op, long readVersion) {
    this.store = store;
    this.dataset = dataset;
    this.op = op;
    this.readVersion = readVersion;
    this.checkedUpTo = readVersion;
    this.rebase = OpKind.of(op) == OpKind.DELETE
        ? new DeleteRebase(store, dataset, (Operation.Delete) op, readVersion) : null;
  }

  /** Checks every version in (last checked, latest]; throws CommitConflictException on conflict. */
  void check(ManifestNaming.Listing listing) {
    long latest = listing.latest();
    if (!checksConcurrentCommits(OpKind.of(op))) {
      checkedUpTo = Math.max(checkedUpTo, latest);
      return;
    }
    for (long v = checkedUpTo + 1; v <= latest; v++) {
      String path = listing.pathOf(v);
      if (path == null) {
        throw new CommitConflictException(describe() + " cannot be checked against concurrent"
            + " version " + v + ": its manifest is missing; re-read the dataset and retry",
            true, v);
      }
      checkOne(v, path, ManifestFiles.read(store, path));
      checkedUpTo = v;
    }
  }

  /** True when the Delete must be rebased (its deletion vectors merged) before committing. */
  boolean needsRebase() {
    return rebase != null && rebase.pending();
  }

  /** The Delete rebased onto {@code latest} (merged deletion vectors written). */
  Operation.Delete rebaseOnto(TableProtos.Manifest latest) {
    return rebase.rebaseOnto(latest);
  }

  private void checkOne(long version, String path, TableProtos.Manifest manifest) {
    TableProtos.Transaction txn = Transactions.of(store, path, manifest);
    if (txn == null) {
      throw new CommitConflictException(describe() + " cannot be checked against concurrent"
          + " version " + version + ": its transaction file '" + manifest.getTransactionFile()
          + "' is missing or unreadable; re-read the dataset and retry", true, version);
    }
    ConflictMatrix.Outcome outcome = ConflictMatrix.decide(op, txn);
    switch (outcome) {
      case COMPATIBLE -> { }
      case REBASE -> rebase.absorb(txn, version);
      case RETRYABLE -> throw new CommitConflictException(describe() + " conflicts with the "
          + Transactions.kind(txn) + " committed concurrently as version " + version
          + "; re-read the dataset at its latest version, redo the work and commit again", true,
          version);
      case INCOMPATIBLE -> throw new CommitConflictException(describe()
          + " is incompatible with the " + Transactions.kind(txn) + " committed concurrently as"
          + " version " + version + ": the data it was built on has been replaced", false,
          version);
    }
  }

  /** Overwrite and Restore do not build on the read version: nothing committed since matters. */
  private static boolean checksConcurrentCommits(OpKind kind) {
    return switch (kind) {
      case OVERWRITE, RESTORE -> false;
      case APPEND, MERGE, DELETE, UPDATE, PROJECT, REWRITE, UPDATE_CONFIG,
          RESERVE_FRAGMENTS, DATA_REPLACEMENT -> true;
    };
  }

  private String describe() {
    return op.getClass().getSimpleName() + " built on version " + readVersion + " of " + dataset;
  }

}
