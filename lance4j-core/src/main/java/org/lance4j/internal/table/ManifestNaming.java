package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.lance4j.CorruptFileException;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;

/**
 * Manifest file names under {@code _versions/}.
 *
 * <ul>
 *   <li>V1: {@code {version}.manifest}.
 *   <li>V2: {@code {u64::MAX - version}.manifest} zero-padded to 20 digits (the whole name is 29
 *       characters), so that a lexical listing returns the newest version first.
 * </ul>
 * Detached versions ({@code d{n}.manifest}), staging and temporary names are ignored. A dataset
 * whose directory mixes both schemes is corrupt.
 */
public final class ManifestNaming {
  /** Directory holding the manifests. */
  public static final String DIR = "_versions";
  static final String SUFFIX = ".manifest";
  private static final int V2_NAME_LENGTH = 20 + SUFFIX.length();

  /** The two naming schemes. */
  public enum Scheme { V1, V2 }

  private ManifestNaming() {}

  /** Path of a version's manifest, relative to the dataset root. */
  public static String path(Scheme scheme, long version) {
    if (scheme == Scheme.V2) {
      String digits = Long.toUnsignedString(~version);
      return DIR + "/" + "0".repeat(20 - digits.length()) + digits + SUFFIX;
    }
    return DIR + "/" + version + SUFFIX;
  }

  /** The scheme of a manifest path (relative to the root or bare name). */
  public static Scheme schemeOf(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.length() == V2_NAME_LENGTH ? Scheme.V2 : Scheme.V1;
  }

  /**
   * Parses a manifest file name: its version, or -1 when the name is not a committed manifest
   * (detached, staging, temporary, other files).
   */
  static long parse(String name) {
    if (!name.endsWith(SUFFIX)) {
      return -1;
    }
    String stem = name.substring(0, name.length() - SUFFIX.length());
    if (stem.isEmpty() || stem.length() > 20) {
      return -1;
    }
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      long n = Long.parseUnsignedLong(stem);
      return name.length() == V2_NAME_LENGTH ? ~n : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** What {@code _versions/} holds: committed versions (ascending) and the scheme in use. */
  record Listing(TreeMap<Long, String> versions, Scheme scheme) {
    boolean isEmpty() {
      return versions.isEmpty();
    }

    long latest() {
      return versions.isEmpty() ? 0 : versions.lastKey();
    }

    String pathOf(long version) {
      String name = versions.get(version);
      return name == null ? null : DIR + "/" + name;
    }
  }

  /** Lists the committed manifests of a dataset. */
  static Listing list(ObjectStore store) {
    List<String> names;
    try {
      names = store.list(DIR);
    } catch (IOException e) {
      throw new LanceIOException("cannot list " + store.root() + "/" + DIR, e);
    }
    TreeMap<Long, String> versions = new TreeMap<>();
    List<String> v1 = new ArrayList<>();
    List<String> v2 = new ArrayList<>();
    for (String name : names) {
      long v = parse(name);
      if (v < 0) {
        continue;
      }
      (name.length() == V2_NAME_LENGTH ? v2 : v1).add(name);
      versions.put(v, name);
    }
    if (!v1.isEmpty() && !v2.isEmpty()) {
      // An interrupted migration to V2 names (copy phase: every V2 name has a V1 twin; delete
      // phase: every V1 name has a V2 twin) still opens; the twins hold the same bytes. Any
      // other mix is refused, as Lance does.
      TreeMap<Long, String> v1Map = new TreeMap<>();
      TreeMap<Long, String> v2Map = new TreeMap<>();
      v1.forEach(n -> v1Map.put(parse(n), n));
      v2.forEach(n -> v2Map.put(parse(n), n));
      if (v1Map.keySet().containsAll(v2Map.keySet())) {
        return new Listing(v1Map, Scheme.V1);
      }
      if (v2Map.keySet().containsAll(v1Map.keySet())) {
        return new Listing(v2Map, Scheme.V2);
      }
      throw new CorruptFileException("dataset " + store.root() + " mixes V1 and V2 manifest"
          + " naming in " + DIR + "/ (e.g. " + v1.get(0) + " and " + v2.get(0) + ")");
    }
    return new Listing(versions, v2.isEmpty() ? Scheme.V1 : Scheme.V2);
  }

  /**
   * Renames every manifest to the V2 scheme (copy to the V2 name with put-if-absent, then delete
   * the V1 name), oldest first. Idempotent: an interrupted migration is finished by running it
   * again, and every intermediate state opens (the listing prefers complete V2 copies). Must not
   * run concurrently with commits. Returns the number of manifests renamed.
   */
  public static int migrateToV2(ObjectStore store) {
    List<String> names;
    try {
      names = store.list(DIR);
    } catch (IOException e) {
      throw new LanceIOException("cannot list " + store.root() + "/" + DIR, e);
    }
    TreeMap<Long, String> v1 = new TreeMap<>();
    for (String name : names) {
      long v = parse(name);
      if (v >= 0 && name.length() != V2_NAME_LENGTH) {
        v1.put(v, name);
      }
    }
    for (var e : v1.entrySet()) {
      String target = path(Scheme.V2, e.getKey());
      try {
        ByteBuffer buf = store.readAll(DIR + "/" + e.getValue());
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        // ALREADY_EXISTS: copied by an earlier, interrupted run
        AtomicPut.put(store, target, bytes);
      } catch (IOException ex) {
        throw new LanceIOException("cannot copy manifest " + e.getValue() + " to " + target, ex);
      }
    }
    for (String name : v1.values()) {
      try {
        store.delete(DIR + "/" + name);
      } catch (IOException ex) {
        throw new LanceIOException("cannot delete old manifest " + DIR + "/" + name, ex);
      }
    }
    return v1.size();
  }
}
