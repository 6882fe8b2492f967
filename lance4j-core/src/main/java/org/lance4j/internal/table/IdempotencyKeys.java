package org.lance4j.internal.table;

import java.util.OptionalLong;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/**
 * Idempotent commits: a commit made with an idempotency key stores it in its transaction
 * ({@code transaction_properties}, key {@value #PROPERTY}); a retry of that commit finds it and
 * returns the version it landed as instead of committing again.
 *
 * <p>The lookup reads only the transactions of versions after the retried commit's read version
 * {@code R} (a commit built on {@code R} can only land as a later version), so its cost grows
 * with the number of commits since {@code R}, never with the table's history.
 */
public final class IdempotencyKeys {
  /** The transaction property holding the key. */
  public static final String PROPERTY = "lance4j.idempotency_key";
  /** Longest key accepted (it is stored in every transaction and manifest of the commit). */
  public static final int MAX_LENGTH = 1024;

  private IdempotencyKeys() {}

  /** @throws InvalidInputException for an empty key, one longer than {@value #MAX_LENGTH} */
  public static String check(String key) {
    if (key == null) {
      return null;
    }
    if (key.isEmpty() || key.length() > MAX_LENGTH) {
      throw new InvalidInputException("idempotency key must have 1 to " + MAX_LENGTH
          + " characters, got " + key.length());
    }
    return key;
  }

  /** {@code txn} with the key stored (unchanged when {@code key} is null). */
  static TableProtos.Transaction stamp(TableProtos.Transaction txn, String key) {
    return key == null ? txn : txn.toBuilder().putTransactionProperties(PROPERTY, key).build();
  }

  /** The key a transaction was committed with, or null. */
  public static String keyOf(TableProtos.Transaction txn) {
    return txn == null ? null : txn.getTransactionPropertiesMap().get(PROPERTY);
  }

  /**
   * The first version in {@code (after, upTo]} whose transaction carries {@code key}, as a
   * snapshot, or null. Versions cleaned up since are skipped (a commit that has to find its key
   * must retry before cleanup removes the version it landed as).
   */
  static Snapshot find(ObjectStore store, String uri, ManifestNaming.Listing listing, String key,
      long after, long upTo) {
    return find(store, uri, listing, key, after, upTo, false);
  }

  /**
   * {@link #find(ObjectStore, String, ManifestNaming.Listing, String, long, long)}; with
   * {@code skipCorrupt} a manifest that does not decode is passed over instead of failing the
   * lookup. Only a Restore may do that: it is how a table gets past a corrupt latest version, and
   * restoring twice (should the corrupt version have been this very commit) yields the same rows.
   * Any other commit fails, since it cannot tell whether it already landed.
   */
  static Snapshot find(ObjectStore store, String uri, ManifestNaming.Listing listing, String key,
      long after, long upTo, boolean skipCorrupt) {
    for (long v = after + 1; v <= upTo; v++) {
      String path = listing.pathOf(v);
      if (path == null) {
        continue;
      }
      TableProtos.Manifest m;
      try {
        m = ManifestFiles.read(store, path);
      } catch (CorruptFileException e) {
        if (skipCorrupt) {
          continue;
        }
        throw new CorruptFileException("cannot tell whether the commit with idempotency key '"
            + key + "' already landed: " + e.getMessage() + " (restore an earlier version"
            + " first)", e);
      }
      if (key.equals(keyOf(Transactions.of(store, path, m)))) {
        return Versions.loadPath(store, uri, path);
      }
    }
    return null;
  }

  /**
   * The version a commit with {@code key} landed as after version {@code after}, if any: the
   * question a retrying writer asks ("did my commit built on version R land?").
   */
  public static OptionalLong landedAfter(ObjectStore store, String key, long after) {
    check(java.util.Objects.requireNonNull(key, "key"));
    if (after < 0) {
      throw new InvalidInputException("version must be >= 0, got " + after);
    }
    ManifestNaming.Listing listing = ManifestNaming.list(store);
    Snapshot s = find(store, null, listing, key, after, listing.latest());
    return s == null ? OptionalLong.empty() : OptionalLong.of(s.version());
  }
}
