package org.lance4j.internal.table;

import org.lance4j.internal.SchemaProtos;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.lance4j.CommitConflictException;
import org.lance4j.CommitOptions;
import org.lance4j.CorruptFileException;
import org.lance4j.DatasetAlreadyExistsException;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * The commit: one function, with the bounded retry loop, for every {@link Operation}.
 *
 * <p>Each attempt lists {@code _versions/}, checks the operation against every version committed
 * after {@code readVersion} ({@link ConflictChecker}; a Delete may be rebased there), writes the
 * transaction file (again only when a rebase changed the operation), builds the next manifest
 * from the latest one ({@link ManifestBuilder}) and writes it with
 * {@link ObjectStore#putIfAbsent}. When another writer took that version number first, the
 * attempt backs off ({@link CommitRetry}) and starts over against the new latest version.
 * Nothing is visible to readers until the manifest lands, so a failure at any earlier point leaves
 * the previous version intact.
 */
public final class Committer {
  private Committer() {}

  /** {@link #commit(ObjectStore, String, Operation, long, CommitOptions)} with the defaults. */
  public static Snapshot commit(ObjectStore store, String uri, Operation op, long readVersion) {
    return commit(store, uri, op, readVersion, CommitOptions.defaults());
  }

  /**
   * Commits {@code op} built on {@code readVersion}; returns the new version's snapshot. The
   * options pick the manifest naming of a dataset this commit creates (an existing dataset keeps
   * its scheme), the create-only check ({@link DatasetAlreadyExistsException} when any version
   * exists, checked against the same listing the commit numbers its version from, so two
   * concurrent creates cannot both land) and the number of attempts.
   */
  public static Snapshot commit(ObjectStore store, String uri, Operation op, long readVersion,
      CommitOptions options) {
    return commit(store, uri, op, readVersion, options, java.util.Map.of());
  }

  /**
   * As {@link #commit(ObjectStore, String, Operation, long, CommitOptions)}; {@code carried}
   * gives the stable row ids an Update's new fragments keep (by first data file path).
   */
  static Snapshot commit(ObjectStore store, String uri, Operation op, long readVersion,
      CommitOptions options, java.util.Map<String, StableRowIds.Carried> carried) {
    Objects.requireNonNull(options, "options");
    ManifestBuilder.RowIdOptions rowIds =
        new ManifestBuilder.RowIdOptions(options.enableStableRowIds(), carried);
    CommitRetry retry = CommitRetry.of(options.maxAttempts());
    ManifestNaming.Scheme newDatasetScheme = options.enableV2ManifestPaths()
        ? ManifestNaming.Scheme.V2 : ManifestNaming.Scheme.V1;
    boolean createOnly = options.failIfExists();
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(op, "op");
    String dataset = Versions.display(store, uri);
    if (readVersion < 0) {
      throw new InvalidInputException("read version must be >= 0, got " + readVersion);
    }
    ConflictChecker checker = new ConflictChecker(store, dataset, op, readVersion);
    DataFileSchemaCheck files = new DataFileSchemaCheck(store, dataset);
    for (FragmentMetadata f : newFragments(op)) {
      files.checkPlain(f); // before any path reaches the store
    }
    if (op instanceof Operation.Append ap) {
      files.prefetch(ap.fragments()); // their footer GETs overlap the listing and manifest read
    }
    if (op instanceof Operation.Overwrite ow) {
      files.require(ow.fragments(), ow.schema());
      files.requireNew(ow.fragments(), null);
    }
    String key = options.idempotencyKey();
    long keyCheckedUpTo = readVersion;
    Operation current = op;
    LanceSchema appendReadSchema = null; // the read version's schema never changes: read it once
    String txnFile = null; // null: not written yet for the current operation
    TableProtos.Transaction txn = null;
    long lastTried = -1;
    ManifestBuilder.Source restored = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      ManifestNaming.Listing listing = ManifestNaming.list(store);
      long latest = listing.latest();
      if (readVersion > latest) {
        throw new InvalidInputException("read version " + readVersion + " is newer than the latest"
            + " version " + latest + " of dataset " + dataset);
      }
      if (key != null) {
        // the key's attempt markers (any version), then the versions not yet scanned after the
        // read version (keyed commits made before markers existed)
        Snapshot landed = IdempotencyKeys.findMarked(store, uri, listing, key, 0, latest);
        if (landed == null) {
          landed = IdempotencyKeys.find(store, uri, listing, key, keyCheckedUpTo, latest,
              OpKind.of(op) == OpKind.RESTORE);
        }
        if (landed != null) {
          return landed;
        }
        keyCheckedUpTo = Math.max(keyCheckedUpTo, latest);
      }
      if (createOnly && latest > 0) {
        throw new DatasetAlreadyExistsException("dataset " + dataset + " already exists (version "
            + latest + "); commit with mode APPEND or OVERWRITE");
      }
      checker.check(listing);
      TableProtos.Manifest latestManifest = null;
      byte[] indexSection = null;
      if (latest > 0) {
        String latestPath = listing.pathOf(latest);
        latestManifest = readLatest(store, latestPath, latest, op);
        if (carriesIndexSection(OpKind.of(op))) {
          indexSection = ManifestFiles.readIndexSection(store, latestPath, latestManifest);
        }
      }
      if (checker.needsRebase()) {
        current = checker.rebaseOnto(latestManifest);
        txnFile = null; // the rebased operation gets its own transaction file
      }
      if (op instanceof Operation.Restore r && restored == null) {
        restored = source(store, listing, r.version(), dataset);
      }
      ManifestBuilder.Built built = ManifestBuilder.build(
          latestManifest == null ? store : BasedStore.of(store, latestManifest), dataset, current,
          latestManifest, indexSection, txnFile == null ? "" : txnFile, restored, rowIds);
      if (op instanceof Operation.Append ap && !ap.fragments().isEmpty()) {
        // before the transaction file is written: a refused Append leaves nothing behind
        LanceSchema target = latestManifest != null
            ? SchemaProtos.fromProtos(latestManifest.getFieldsList(),
                latestManifest.getSchemaMetadataMap())
            : files.schemaOfFirstFile(ap.fragments());
        if (appendReadSchema == null) {
          appendReadSchema = readSchema(store, listing, readVersion, latest, target);
        }
        files.require(ap.fragments(), target, appendReadSchema);
        files.requireNew(ap.fragments(), latestManifest);
      }
      if (txnFile == null) {
        txn = IdempotencyKeys.stamp(TransactionEncoder.encode(current, readVersion), key);
        // written inline (transaction_section) always; as a file unless the dataset disabled it
        txnFile = latestManifest != null && (latestManifest.getWriterFeatureFlags()
            & Versions.FLAG_DISABLE_TRANSACTION_FILE) != 0 ? "" : Transactions.write(store, txn);
        built = new ManifestBuilder.Built(
            built.manifest().toBuilder().setTransactionFile(txnFile).build(),
            built.indexSection());
      }
      long version = latest + 1;
      lastTried = version;
      String path = ManifestNaming.path(listing.isEmpty() ? newDatasetScheme : listing.scheme(),
          version);
      ManifestFiles.Framed framed = ManifestFiles.frame(built.manifest(), built.indexSection(),
          txn.toByteArray());
      if (key != null) {
        IdempotencyKeys.markAttempt(store, key, version); // before the manifest can land
      }
      ObjectStore.PutResult put;
      try {
        put = AtomicPut.put(store, path, framed.bytes());
      } catch (IOException e) {
        throw new LanceIOException("cannot write manifest " + store.root() + "/" + path, e);
      }
      if (put == ObjectStore.PutResult.ALREADY_EXISTS) {
        if (attempt < retry.maxAttempts()) {
          retry.backoff(attempt);
        }
        continue;
      }
      VersionHint.write(store, version);
      TableProtos.Manifest m = framed.manifest();
      return new Snapshot(BasedStore.of(store, m), uri, version,
          SchemaProtos.fromProtos(m.getFieldsList(), m.getSchemaMetadataMap()),
          FragmentProtos.lazy(m.getFragmentsList()), m, path);
    }
    throw new CommitConflictException("commit to " + dataset + " gave up after "
        + retry.maxAttempts() + " attempts: other writers kept taking the next version (last"
        + " tried version " + lastTried + "); retry later", true, lastTried);
  }

  /** The fragments an operation adds (their paths are checked before anything is read). */
  private static List<FragmentMetadata> newFragments(Operation op) {
    return switch (OpKind.of(op)) {
      case APPEND, OVERWRITE -> op.fragments();
      case UPDATE -> ((Operation.Update) op).newFragments();
      case MERGE, DELETE, PROJECT, RESTORE, REWRITE, UPDATE_CONFIG, RESERVE_FRAGMENTS,
          DATA_REPLACEMENT -> List.of();
    };
  }

  /**
   * The latest manifest. A Restore needs only the version it brings back: when the latest
   * manifest is corrupt it still commits on top of its number (the way out of a bad version).
   */
  private static TableProtos.Manifest readLatest(ObjectStore store, String path, long latest,
      Operation op) {
    try {
      return ManifestFiles.read(store, path);
    } catch (CorruptFileException e) {
      if (OpKind.of(op) != OpKind.RESTORE) {
        throw e;
      }
      return TableProtos.Manifest.newBuilder().setVersion(latest).build();
    }
  }

  /** Whether the new version keeps the latest version's indices (replacing content drops them). */
  private static boolean carriesIndexSection(OpKind kind) {
    return switch (kind) {
      case OVERWRITE, RESTORE -> false;
      case APPEND, MERGE, DELETE, UPDATE, PROJECT, REWRITE, UPDATE_CONFIG,
          RESERVE_FRAGMENTS, DATA_REPLACEMENT -> true;
    };
  }

  /**
   * The schema of the read version (the fields an Append's fragments must cover: columns added
   * by concurrent commits since are read as null for them), or {@code latestSchema} when the read
   * version is the latest or no longer listed.
   */
  private static LanceSchema readSchema(ObjectStore store, ManifestNaming.Listing listing,
      long readVersion, long latest, LanceSchema latestSchema) {
    String path = readVersion > 0 && readVersion < latest ? listing.pathOf(readVersion) : null;
    if (path == null) {
      return latestSchema;
    }
    TableProtos.Manifest m = ManifestFiles.read(store, path);
    return SchemaProtos.fromProtos(m.getFieldsList(), m.getSchemaMetadataMap());
  }

  /** The manifest (and index section) of the version a Restore brings back. */
  private static ManifestBuilder.Source source(ObjectStore store, ManifestNaming.Listing listing,
      long version, String dataset) {
    String path = listing.pathOf(version);
    if (path == null) {
      throw new DatasetNotFoundException("cannot restore version " + version + " of " + dataset
          + ": it does not exist (latest version is " + listing.latest() + ")");
    }
    TableProtos.Manifest m = ManifestFiles.read(store, path);
    return new ManifestBuilder.Source(m, ManifestFiles.readIndexSection(store, path, m));
  }

}
