package org.lance4j.table;

import org.lance4j.CommitConflictException;
import org.lance4j.Operation;
import org.lance4j.io.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Decides whether an operation built on an older version can still be committed on top of the
 * versions committed since.
 *
 * <ul>
 *   <li>Overwrite replaces everything: compatible with any concurrent commit.
 *   <li>Append is compatible with everything except a concurrent Overwrite, Restore or
 *       UpdateMemWalState (incompatible: {@code retryable=false}). When a version's transaction
 *       file is missing or unreadable, or its operation is unknown, the append is refused as a
 *       retryable conflict: re-reading the dataset and redoing the work is always safe.
 * </ul>
 */
final class ConflictChecker {
  private final ObjectStore store;
  private final String dataset;
  private final Operation op;
  private final long readVersion;
  /** Versions up to this one have been checked already (by an earlier attempt). */
  private long checkedUpTo;

  ConflictChecker(ObjectStore store, String dataset, Operation op, long readVersion) {
    this.store = store;
    this.dataset = dataset;
    this.op = op;
    this.readVersion = readVersion;
    this.checkedUpTo = readVersion;
  }

  /** Checks every version in (last checked, latest]; throws CommitConflictException on conflict. */
  void check(ManifestNaming.Listing listing) {
    long latest = listing.latest();
    if (op instanceof Operation.Overwrite) {
      checkedUpTo = Math.max(checkedUpTo, latest);
      return;
    }
    for (long v = checkedUpTo + 1; v <= latest; v++) {
      String path = listing.pathOf(v);
      if (path == null) {
        throw new CommitConflictException("cannot check concurrent version " + v + " of " + dataset
            + ": its manifest is missing; re-read the dataset and retry", true, v);
      }
      checkOne(v, ManifestFiles.read(store, path));
      checkedUpTo = v;
    }
  }

  private void checkOne(long version, TableProtos.Manifest manifest) {
    TableProtos.Transaction txn = Transactions.readOrNull(store, manifest.getTransactionFile());
    if (txn == null) {
      throw new CommitConflictException("append built on version " + readVersion + " of "
          + dataset + " cannot be checked against concurrent version " + version
          + ": its transaction file '" + manifest.getTransactionFile()
          + "' is missing or unreadable; re-read the dataset and retry", true, version);
    }
    Transactions.Kind kind = Transactions.kind(txn);
    switch (kind) {
      case OVERWRITE, RESTORE, UPDATE_MEM_WAL_STATE -> throw new CommitConflictException(
          "append built on version " + readVersion + " of " + dataset
              + " conflicts with the " + kind + " committed as version " + version
              + ": the data it was built on has been replaced", false, version);
      case UNKNOWN -> throw new CommitConflictException("append built on version " + readVersion
          + " of " + dataset + " cannot be checked against version " + version
          + ", whose operation lance4j does not know; re-read the dataset and retry", true,
          version);
      default -> {
        // compatible: the append is rebased on the latest manifest
      }
    }
  }
}
