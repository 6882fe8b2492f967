package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lance4j.storage.ObjectStore;

/**
 * {@code _versions/latest_version_hint.json} ({@code {"version":N}}), which current Lance writes
 * after every commit so that opening the latest version needs no listing of {@code _versions/}.
 * It is only a hint: a commit writes it after its manifest landed, concurrent committers may
 * write it out of order, and a crash may leave it missing or stale. Readers therefore check that
 * manifest N exists and probe N+1, N+2, ... forward; when the hint is missing, unreadable or
 * ahead of the truth they fall back to the listing.
 */
final class VersionHint {
  static final String PATH = ManifestNaming.DIR + "/latest_version_hint.json";
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d{1,19})");
  private static final int MAX_HINT_BYTES = 4096;

  private VersionHint() {}

  /**
   * Records {@code version} as the latest; best effort (a failed write leaves a stale hint), and
   * the commit does not wait for it ({@link ObjectStore#putHint}: a store may write it in the
   * background): readers probe forward from a stale hint and list when it is missing.
   */
  static void write(ObjectStore store, long version) {
    store.putHint(PATH, ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The latest manifest found from the hint, or null when the hint cannot be used (missing,
   * corrupt, or naming a version whose manifest does not exist).
   */
  static Found latestPath(ObjectStore store) {
    long hinted = read(store);
    if (hinted < 1) {
      return null;
    }
    try {
      if (store.listFromIsCheap()) {
        Found f = fromListing(store, hinted);
        if (f != null) {
          return f;
        }
      }
      ManifestNaming.Scheme scheme = schemeOf(store, hinted);
      if (scheme == null) {
        return null;
      }
      long v = hinted;
      while (store.exists(ManifestNaming.path(scheme, v + 1))) {
        v++;
      }
      if (store.exists(ManifestNaming.path(other(scheme), v + 1))) {
        return null; // the other naming goes further: mixed or mid-migration, let the listing judge
      }
      return new Found(ManifestNaming.path(scheme, v), -1);
    } catch (IOException e) {
      return null;
    }
  }

  /** A manifest path and its size in bytes (-1: unknown). */
  record Found(String path, long size) {}

  /** How far past the hint one listing looks for newer versions. */
  static final long LOOK_AHEAD = 1_000;

  /**
   * V2 manifest names sort newest first, so the versions in {@code [hinted, hinted + LOOK_AHEAD)}
   * are the names after {@code path(V2, hinted + LOOK_AHEAD)}: one listing of one name from there
   * (a start key on the server) finds the newest of them and proves the hinted one is not the
   * only candidate; null when that name is not a V2 manifest of at least the hinted version (a
   * V1 dataset, a hint that is ahead, more than LOOK_AHEAD commits since the hint).
   */
  private static Found fromListing(ObjectStore store, long hinted) throws IOException {
    String from = name(ManifestNaming.path(ManifestNaming.Scheme.V2, hinted + LOOK_AHEAD));
    List<ObjectStore.ObjectInfo> first = store.listFrom(ManifestNaming.DIR, from, 1);
    if (first.isEmpty()) {
      return null;
    }
    String name = first.get(0).name();
    String path = ManifestNaming.DIR + "/" + name;
    if (!name.endsWith(".manifest")
        || ManifestNaming.schemeOf(path) != ManifestNaming.Scheme.V2) {
      return null;
    }
    long v;
    try {
      v = ManifestNaming.parse(name);
    } catch (RuntimeException e) {
      return null;
    }
    if (v < hinted || v >= hinted + LOOK_AHEAD) {
      return null;
    }
    if (store.exists(ManifestNaming.path(ManifestNaming.Scheme.V1, v + 1))) {
      return null; // V1 names go further: mixed or mid-migration, let the full listing judge
    }
    return new Found(path, first.get(0).size());
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static ManifestNaming.Scheme other(ManifestNaming.Scheme s) {
    return s == ManifestNaming.Scheme.V1 ? ManifestNaming.Scheme.V2 : ManifestNaming.Scheme.V1;
  }

  /** The scheme under which version {@code v}'s manifest exists (V2 tried first), or null. */
  private static ManifestNaming.Scheme schemeOf(ObjectStore store, long v) throws IOException {
    for (ManifestNaming.Scheme s : new ManifestNaming.Scheme[] {ManifestNaming.Scheme.V2,
        ManifestNaming.Scheme.V1}) {
      if (store.exists(ManifestNaming.path(s, v))) {
        return s;
      }
    }
    return null;
  }

  /** The hinted version, or -1. */
  static long read(ObjectStore store) {
    try {
      // one request on an object store (a whole-object GET); missing: FileNotFoundException
      ByteBuffer b = store.readAll(PATH);
      if (b.remaining() <= 0 || b.remaining() > MAX_HINT_BYTES) {
        return -1;
      }
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      Matcher m = VERSION.matcher(new String(bytes, StandardCharsets.UTF_8));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
