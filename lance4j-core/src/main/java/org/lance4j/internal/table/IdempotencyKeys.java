package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
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
 * {@code v}, the committer writes an empty-ish marker object {@code _idempotency/<sha256(key)>/v}
 * (one small PUT, keyed commits only). A commit with the key can only have landed as a version
 * whose marker was written before its manifest, so the markers under the key's directory are a
 * complete list of candidate versions (usually one: the attempts of that commit). The lookup lists
 * that directory and reads the transaction of each candidate; a candidate whose manifest is
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

  /** The marker directory of a key: {@code _idempotency/<hex sha-256 of the key>}. */
  static String keyDir(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(DIR).append('/');
      for (byte b : h) {
        sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** Records that a commit with {@code key} is about to try to land as {@code version}. */
  static void markAttempt(ObjectStore store, String key, long version) {
    String path = keyDir(key) + "/" + version;
    try {
      store.put(path, key.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LanceIOException("cannot write idempotency marker " + store.root() + "/" + path,
          e);
    }
  }

  /** The versions commits with {@code key} tried to land as (ascending). */
  static TreeSet<Long> attempts(ObjectStore store, String key) {
    String dir = keyDir(key);
    List<String> names;
    try {
      names = store.list(dir);
    } catch (IOException e) {
      throw new LanceIOException("cannot list " + store.root() + "/" + dir, e);
    }
    TreeSet<Long> out = new TreeSet<>();
    for (String n : names) {
      try {
        out.add(Long.parseLong(n));
      } catch (NumberFormatException ignored) {
        // not a marker
      }
    }
    return out;
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
    for (long v = after + 1; v <= upTo; v++) {
      String path = listing.pathOf(v);
      if (path == null) {
        continue;
      }
      TableProtos.Manifest m = ManifestFiles.read(store, path);
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
}
