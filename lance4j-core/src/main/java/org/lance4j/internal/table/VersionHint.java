package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

  /** Records {@code version} as the latest; best effort (a failed write leaves a stale hint). */
  static void write(ObjectStore store, long version) {
    try {
      store.put(PATH, ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // only a hint: readers probe forward from a stale one and list when it is missing
    }
  }

  /**
   * The manifest path of the latest version found from the hint, or null when the hint cannot
   * be used (missing, corrupt, or naming a version whose manifest does not exist).
   */
  static String latestPath(ObjectStore store) {
    long hinted = read(store);
    if (hinted < 1) {
      return null;
    }
    try {
      ManifestNaming.Scheme scheme = schemeOf(store, hinted);
      if (scheme == null) {
        return null;
      }
      long v = hinted;
      while (store.exists(ManifestNaming.path(scheme, v + 1))) {
        v++;
      }
      ManifestNaming.Scheme other = scheme == ManifestNaming.Scheme.V1
          ? ManifestNaming.Scheme.V2 : ManifestNaming.Scheme.V1;
      if (store.exists(ManifestNaming.path(other, v + 1))) {
        return null; // the other naming goes further: mixed or mid-migration, let the listing judge
      }
      return ManifestNaming.path(scheme, v);
    } catch (IOException e) {
      return null;
    }
  }

  /** The scheme under which version {@code v}'s manifest exists, or null. */
  private static ManifestNaming.Scheme schemeOf(ObjectStore store, long v) throws IOException {
    for (ManifestNaming.Scheme s : ManifestNaming.Scheme.values()) {
      if (store.exists(ManifestNaming.path(s, v))) {
        return s;
      }
    }
    return null;
  }

  /** The hinted version, or -1. */
  static long read(ObjectStore store) {
    try {
      if (!store.exists(PATH)) {
        return -1;
      }
      long size = store.size(PATH);
      if (size <= 0 || size > MAX_HINT_BYTES) {
        return -1;
      }
      ByteBuffer b = store.read(PATH, 0, (int) size);
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      Matcher m = VERSION.matcher(new String(bytes, StandardCharsets.UTF_8));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
