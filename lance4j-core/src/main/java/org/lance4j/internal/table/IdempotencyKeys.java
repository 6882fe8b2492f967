package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/**
 * Idempotent commits: a commit made with an idempotency key stores it in its transaction
 * ({@code transaction_properties}, key {@value #PROPERTY}); a retry of that commit finds it and
 * returns the version it landed as instead of committing again.
 *
 * <p>How the key is found without scanning history: before each attempt to put manifest
 * {@code v}, the committer writes an empty-ish marker object {@code _idempotency/<sha256(key)>.v}
 * (one small PUT, keyed commits only). A commit with the key can only have landed as a version
 * whose marker was written before its manifest, so the markers named after the key are a
 * complete list of candidate versions (usually one: the attempts of that commit). The lookup lists
 * those names (from the key's prefix on, in name order) and reads the transaction of each candidate; a candidate whose manifest is
 * missing or carries another commit (a lost race, a crash before the put) is ignored. The cost is
 * one LIST plus one manifest read per attempt made with that key: independent of the table's
 * history and of how long ago the commit was, with no look-back window. Versions removed by
 * cleanup are not found. Commits with keys made before the markers existed (lance4j before this
 * change) are still found by the scan of the versions after the read version
 * ({@link #find}).
 */
public final class IdempotencyKeys {
  /** The transaction property holding the key. */
  public static final String PROPERTY = "lance4j.idempotency_key";
  /** Longest key accepted (it is stored in every transaction and manifest of the commit). */
  public static final int MAX_LENGTH = 1024;
  /** Directory of the attempt markers, relative to the dataset root. */
  public static final String DIR = "_idempotency";

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

  /** The marker name prefix of a key: {@code <hex sha-256 of the key>.} (64 + 1 characters). */
  static String keyPrefix(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (byte b : h) {
        sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return sb.append('.').toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** Records that a commit with {@code key} is about to try to land as {@code version}. */
  static void markAttempt(ObjectStore store, String key, long version) {
    String path = DIR + "/" + keyPrefix(key) + version;
    try {
      store.put(path, key.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LanceIOException("cannot write idempotency marker " + store.root() + "/" + path,
          e);
    }
  }

  /**
   * The versions commits with {@code key} tried to land as (ascending): the names after the
   * key's prefix in {@code _idempotency/}, listed in name order from the prefix on (on an
   * object store one request per 1,000 attempts of this key, whatever the other keys).
   */
  static TreeSet<Long> attempts(ObjectStore store, String key) {
    String prefix = keyPrefix(key);
    TreeSet<Long> out = new TreeSet<>();
    String after = prefix;
    try {
      while (true) {
        List<ObjectStore.ObjectInfo> page = store.listFrom(DIR, after, 1000);
        for (ObjectStore.ObjectInfo i : page) {
          if (!i.name().startsWith(prefix)) {
            return out;
          }
          try {
            out.add(Long.parseLong(i.name().substring(prefix.length())));
          } catch (NumberFormatException ignored) {
            // not a marker
          }
          after = i.name();
        }
        if (page.size() < 1000) {
          return out;
        }
      }
    } catch (IOException e) {
      throw new LanceIOException("cannot list " + store.root() + "/" + DIR, e);
    }
  }

  /**
   * The snapshot of the first version in {@code (after, upTo]} a commit with {@code key} landed
   * as, according to the key's markers, or null. {@code listing} maps versions to manifest paths
   * (null: the path is derived from the naming schemes).
   */
  static Snapshot findMarked(ObjectStore store, String uri, ManifestNaming.Listing listing,
      String key, long after, long upTo) {
    for (long v : attempts(store, key)) {
      if (v <= after || v > upTo) {
        continue;
      }
      String path = listing != null ? listing.pathOf(v) : existingPath(store, v);
      if (path == null) {
        continue; // never landed, or cleaned up
      }
      TableProtos.Manifest m = ManifestFiles.read(store, path);
      if (key.equals(keyOf(Transactions.of(store, path, m)))) {
        return Versions.loadPath(store, uri, path);
      }
    }
    return null;
  }

  /** The manifest path of {@code version} under either naming scheme, or null. */
  private static String existingPath(ObjectStore store, long version) {
    for (ManifestNaming.Scheme s : ManifestNaming.Scheme.values()) {
      String p = ManifestNaming.path(s, version);
      try {
        if (store.exists(p)) {
          return p;
        }
      } catch (IOException e) {
        throw new LanceIOException("cannot read " + store.root() + "/" + p, e);
      }
    }
    return null;
  }

  /**
   * The first version in {@code (after, upTo]} whose transaction carries {@code key}, as a
   * snapshot, or null: the key's markers first, then (for keyed commits made without markers)
   * the transactions of every version in that range. The committer calls this with {@code after}
   * = the versions it has already scanned, so the scan part reads each new version once.
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
   * question a retrying writer asks ("did my commit land?"; pass 0 when the read version of the
   * first attempt is unknown). Found through the key's markers: one LIST and one manifest read
   * per attempt made with the key, however long the table's history is.
   */
  public static OptionalLong landedAfter(ObjectStore store, String key, long after) {
    check(java.util.Objects.requireNonNull(key, "key"));
    if (after < 0) {
      throw new InvalidInputException("version must be >= 0, got " + after);
    }
    Snapshot s = findMarked(store, null, null, key, after, Long.MAX_VALUE);
    return s == null ? OptionalLong.empty() : OptionalLong.of(s.version());
  }

  /**
   * Cleanup: deletes the markers of versions up to {@code newest} that are not in {@code kept}
   * (their commit was removed, or the version holds another commit), when older than
   * {@code threshold}. Markers above {@code newest} may belong to a commit in flight: kept.
   */
  static void removeStaleMarkers(ObjectStore store, java.util.Set<Long> kept, long newest,
      java.time.Instant threshold) throws IOException {
    for (ObjectStore.ObjectInfo m : store.listWithInfo(DIR)) {
      int dot = m.name().lastIndexOf('.');
      long v;
      try {
        v = Long.parseLong(m.name().substring(dot + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      if (v <= newest && !kept.contains(v) && m.lastModified() != null
          && m.lastModified().isBefore(threshold)) {
        store.delete(DIR + "/" + m.name());
      }
    }
  }
}
