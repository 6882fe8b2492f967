package org.lance4j.internal.table;

import org.lance4j.CleanupStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Removes manifests older than a threshold and the files no kept version references.
 *
 * <p>A manifest is removed when its commit timestamp is older than {@code now - olderThan}, unless
 * it is the latest version (or the version the caller holds). Then data files ({@code data/}),
 * deletion files ({@code _deletions/}) and transaction files ({@code _transactions/}) that no
 * remaining manifest (detached ones included) references are removed, but only when their
 * modification time is also older than the threshold: a concurrent writer's files are young and
 * unreferenced until its commit lands, and must survive. Manifests go first, so a crash part way
 * leaves only harmless orphans. Index files ({@code _indices/}) are never touched.
 */
public final class Cleanup {
  private Cleanup() {}


  public static CleanupStats cleanupOldVersions(Snapshot latest, Duration olderThan) {
    return cleanupOldVersions(latest, olderThan, Instant.now());
  }

  /** As {@link #cleanupOldVersions(Snapshot, Duration)} with an explicit "now" (for tests). */
  static CleanupStats cleanupOldVersions(Snapshot latest, Duration olderThan, Instant now) {
    if (olderThan == null || olderThan.isNegative()) {
      throw new InvalidInputException("olderThan must be a non-negative duration, got "
          + olderThan);
    }
    ObjectStore store = latest.store();
    Instant threshold = now.minus(olderThan);
    try {
      return run(store, latest, threshold);
    } catch (IOException e) {
      throw new LanceIOException("cleaning up old versions of " + latest.uri(), e);
    }
  }

  private static CleanupStats run(ObjectStore store, Snapshot held, Instant threshold)
      throws IOException {
    ManifestNaming.Listing listing = ManifestNaming.list(store);
    long newest = listing.latest();
    Map<String, ObjectStore.ObjectInfo> manifestInfo = byName(store, ManifestNaming.DIR);
    Set<String> referenced = new HashSet<>();
    Set<Long> tagged = new HashSet<>(TagStore.taggedVersions(store, held.uri()));
    List<String> removeManifests = new ArrayList<>();
    for (Map.Entry<Long, String> e : listing.versions().entrySet()) {
      long v = e.getKey();
      String path = ManifestNaming.DIR + "/" + e.getValue();
      TableProtos.Manifest m = ManifestFiles.read(store, path);
      boolean keep = v >= newest || v >= held.version() || tagged.contains(v)
          || !before(committedAt(m, manifestInfo.get(e.getValue())), threshold);
      if (keep) {
        addReferences(m, referenced);
      } else {
        removeManifests.add(e.getValue());
      }
    }
    for (String name : manifestInfo.keySet()) {
      if (name.startsWith("d") && name.endsWith(ManifestNaming.SUFFIX)) {
        addReferences(ManifestFiles.read(store, ManifestNaming.DIR + "/" + name), referenced);
      }
    }
    int manifests = 0;
    long bytes = 0;
    for (String name : removeManifests) {
      store.delete(ManifestNaming.DIR + "/" + name);
      manifests++;
      ObjectStore.ObjectInfo info = manifestInfo.get(name);
      bytes += info == null ? 0 : info.size();
    }
    long[] removed = new long[4];
    // branches (tree/{name}/) read this dataset's data and deletion files through their base
    // path: while any branch exists, keep them all
    if (Branches.list(store).isEmpty()) {
      removeOrphans(store, DataFileNames.DATA_DIR, ".lance", referenced, threshold, removed, 0);
      removeOrphans(store, "_deletions", null, referenced, threshold, removed, 1);
    }
    removeOrphans(store, Transactions.DIR, ".txn", referenced, threshold, removed, 2);
    return new CleanupStats(manifests, (int) removed[0], (int) removed[1], (int) removed[2],
        bytes + removed[3]);
  }

  /** Deletes old unreferenced files of one directory; counts into {@code removed[slot]}. */
  private static void removeOrphans(ObjectStore store, String dir, String suffix,
      Set<String> referenced, Instant threshold, long[] removed, int slot) throws IOException {
    for (ObjectStore.ObjectInfo info : store.listWithInfo(dir)) {
      String path = dir + "/" + info.name();
      boolean ours = suffix == null
          ? info.name().endsWith(".arrow") || info.name().endsWith(".bin")
          : info.name().endsWith(suffix);
      if (!ours || referenced.contains(path) || !before(info.lastModified(), threshold)) {
        continue;
      }
      store.delete(path);
      removed[slot]++;
      removed[3] += info.size();
    }
  }

  private static void addReferences(TableProtos.Manifest m, Set<String> referenced) {
    for (FragmentMetadata f : FragmentProtos.fromProtos(m.getFragmentsList())) {
      for (DataFile d : f.files()) {
        referenced.add(DataFileNames.path(d.path()));
      }
      if (f.deletionFile() != null) {
        referenced.add(f.deletionFile().path(f.id()));
      }
    }
    if (!m.getTransactionFile().isEmpty()) {
      referenced.add(Transactions.DIR + "/" + m.getTransactionFile());
    }
  }

  /** The commit time recorded in the manifest, else the file's time, else null (unknown). */
  private static Instant committedAt(TableProtos.Manifest m, ObjectStore.ObjectInfo info) {
    if (m.hasTimestamp() && (m.getTimestamp().getSeconds() != 0
        || m.getTimestamp().getNanos() != 0)) {
      return Instant.ofEpochSecond(m.getTimestamp().getSeconds(), m.getTimestamp().getNanos());
    }
    return info == null ? null : info.lastModified();
  }

  /** True only for a known time strictly before the threshold (unknown = young). */
  private static boolean before(Instant t, Instant threshold) {
    return t != null && t.isBefore(threshold);
  }

  private static Map<String, ObjectStore.ObjectInfo> byName(ObjectStore store, String dir)
      throws IOException {
    Map<String, ObjectStore.ObjectInfo> out = new HashMap<>();
    for (ObjectStore.ObjectInfo i : store.listWithInfo(dir)) {
      out.put(i.name(), i);
    }
    return out;
  }
}
