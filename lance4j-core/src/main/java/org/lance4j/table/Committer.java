package org.lance4j.table;

import java.io.IOException;
import java.util.Objects;
import org.lance4j.CommitConflictException;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.io.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * The commit: one function, with the bounded retry loop.
 *
 * <p>Each attempt lists {@code _versions/}, checks the operation against every version committed
 * after {@code readVersion} ({@link ConflictChecker}), writes the transaction file (once), builds
 * the next manifest from the latest one ({@link ManifestBuilder}) and writes it with
 * {@link ObjectStore#putIfAbsent}. When another writer took that version number first, the
 * attempt backs off ({@link CommitRetry}) and starts over against the new latest version.
 * Nothing is visible to readers until the manifest lands, so a failure at any earlier point leaves
 * the previous version intact.
 */
public final class Committer {
  private Committer() {}

  /** Commits {@code op} built on {@code readVersion}; returns the new version's snapshot. */
  public static Snapshot commit(ObjectStore store, String uri, Operation op, long readVersion) {
    return commit(store, uri, op, readVersion, CommitRetry.DEFAULT);
  }

  /** {@link #commit(ObjectStore, String, Operation, long)} with an explicit retry policy. */
  public static Snapshot commit(ObjectStore store, String uri, Operation op, long readVersion,
      CommitRetry retry) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(op, "op");
    if (!(op instanceof Operation.Overwrite) && !(op instanceof Operation.Append)) {
      throw new UnsupportedFormatException("committing " + op.getClass().getSimpleName()
          + " is not implemented yet");
    }
    String dataset = Versions.display(store, uri);
    if (readVersion < 0) {
      throw new InvalidInputException("read version must be >= 0, got " + readVersion);
    }
    TableProtos.Transaction txn = transaction(op, readVersion);
    ConflictChecker checker = new ConflictChecker(store, dataset, op, readVersion);
    String txnFile = null;
    long lastTried = -1;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      ManifestNaming.Listing listing = ManifestNaming.list(store);
      long latest = listing.latest();
      if (readVersion > latest) {
        throw new InvalidInputException("read version " + readVersion + " is newer than the latest"
            + " version " + latest + " of dataset " + dataset);
      }
      checker.check(listing);
      TableProtos.Manifest latestManifest = null;
      byte[] indexSection = null;
      if (latest > 0) {
        String latestPath = listing.pathOf(latest);
        latestManifest = ManifestFiles.read(store, latestPath);
        if (op instanceof Operation.Append) {
          indexSection = ManifestFiles.readIndexSection(store, latestPath, latestManifest);
        }
      }
      ManifestBuilder.Built built =
          ManifestBuilder.build(store, dataset, op, latestManifest, indexSection,
              txnFile == null ? "" : txnFile);
      if (txnFile == null) {
        txnFile = Transactions.write(store, txn);
        built = new ManifestBuilder.Built(
            built.manifest().toBuilder().setTransactionFile(txnFile).build(),
            built.indexSection());
      }
      long version = latest + 1;
      lastTried = version;
      String path = ManifestNaming.path(listing.isEmpty() ? ManifestNaming.Scheme.V1
          : listing.scheme(), version);
      try {
        store.putIfAbsent(path, ManifestFiles.encode(built.manifest(), built.indexSection()));
      } catch (ObjectStore.AlreadyExistsException lost) {
        if (attempt < retry.maxAttempts()) {
          retry.backoff(attempt);
        }
        continue;
      } catch (IOException e) {
        throw new LanceIOException("cannot write manifest " + store.root() + "/" + path, e);
      }
      TableProtos.Manifest m = built.manifest();
      return new Snapshot(store, uri, version,
          LanceSchema.fromProtos(m.getFieldsList(), m.getSchemaMetadataMap()),
          FragmentProtos.fromProtos(m.getFragmentsList()),
          withOffsets(m, built.indexSection()), path);
    }
    throw new CommitConflictException("commit to " + dataset + " gave up after "
        + retry.maxAttempts() + " attempts: other writers kept taking the next version (last"
        + " tried version " + lastTried + "); retry later", true, lastTried);
  }

  /** The manifest as framed on disk (index_section offset 0 when a section was carried). */
  private static TableProtos.Manifest withOffsets(TableProtos.Manifest m, byte[] indexSection) {
    return indexSection == null ? m.toBuilder().clearIndexSection().build()
        : m.toBuilder().setIndexSection(0).build();
  }

  /** The transaction message recorded for {@code op}. */
  static TableProtos.Transaction transaction(Operation op, long readVersion) {
    TableProtos.Transaction.Builder t = Transactions.newTransaction(readVersion);
    if (op instanceof Operation.Overwrite ow) {
      LanceSchema schema = LanceSchema.fromArrow(ow.schema());
      TableProtos.Transaction.Overwrite.Builder b = TableProtos.Transaction.Overwrite.newBuilder()
          .addAllSchema(schema.toProtos())
          .putAllSchemaMetadata(schema.metadataProtos());
      for (FragmentMetadata f : ow.fragments()) {
        b.addFragments(FragmentProtos.toProto(f));
      }
      t.setOverwrite(b);
    } else {
      TableProtos.Transaction.Append.Builder b = TableProtos.Transaction.Append.newBuilder();
      for (FragmentMetadata f : op.fragments()) {
        b.addFragments(FragmentProtos.toProto(f));
      }
      t.setAppend(b);
    }
    return t.build();
  }
}
