package org.lance4j.internal.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.VersionInfo;
import org.lance4j.internal.SchemaProtos;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Finds and loads manifests (V1 and V2 naming). The latest version is the highest one in
 * {@code _versions/}; {@link VersionHint} finds it without listing the directory when it can.
 */
public final class Versions {
  /** Reader feature flag: fragments may have deletion files. */
  public static final long FLAG_DELETION_FILES = 1;
  /** Reader feature flag: stable row ids (readable; lance4j does not write them). */
  public static final long FLAG_STABLE_ROW_IDS = 2;
  /** Writer feature flag: the table config is non-empty. */
  public static final long FLAG_TABLE_CONFIG = 8;
  /** Writer feature flag: versions carry no transaction file (only the inline section). */
  public static final long FLAG_DISABLE_TRANSACTION_FILE = 32;
  /** Reader and writer feature flag: data files may live under other base paths. */
  public static final long FLAG_BASE_PATHS = 16;

  private static final long KNOWN_READER_FLAGS =
      FLAG_DELETION_FILES | FLAG_STABLE_ROW_IDS | FLAG_TABLE_CONFIG
          | FLAG_DISABLE_TRANSACTION_FILE | FLAG_BASE_PATHS;

  private Versions() {}

  /** The latest version, or {@link org.lance4j.DatasetNotFoundException}. */
  public static Snapshot loadLatest(ObjectStore store, String uri) {
    VersionHint.Found hinted = VersionHint.latestPath(store);
    if (hinted != null) {
      return loadPath(store, uri, hinted.path(), hinted.size());
    }
    ManifestNaming.Listing listing = ManifestNaming.list(store);
    if (listing.isEmpty()) {
      throw notFound(store, uri);
    }
    long v = listing.latest();
    return loadPath(store, uri, listing.pathOf(v));
  }

  /** A given version, or {@link org.lance4j.DatasetNotFoundException} naming it. */
  public static Snapshot load(ObjectStore store, String uri, long version) {
    ManifestNaming.Listing listing = ManifestNaming.list(store);
    if (listing.isEmpty()) {
      throw notFound(store, uri);
    }
    String path = listing.pathOf(version);
    if (path == null) {
      throw new DatasetNotFoundException("version " + version + " of dataset " + display(store, uri)
          + " does not exist (latest version is " + listing.latest() + ")");
    }
    return loadPath(store, uri, path);
  }

  /** Highest committed version number, 0 when no dataset exists. */
  public static long latestVersion(ObjectStore store) {
    return ManifestNaming.list(store).latest();
  }

  /** Reads the manifest at {@code path} (relative to the root) into a snapshot. */
  static Snapshot loadPath(ObjectStore store, String uri, String path) {
    return loadPath(store, uri, path, -1);
  }

  /** As {@link #loadPath(ObjectStore, String, String)}, with the size when known (-1: not). */
  static Snapshot loadPath(ObjectStore store, String uri, String path, long size) {
    TableProtos.Manifest m = ManifestFiles.read(store, path, size);
    checkReaderFlags(m, display(store, uri), path);
    LanceSchema schema = SchemaProtos.fromProtos(m.getFieldsList(), m.getSchemaMetadataMap());
    for (LanceField f : schema.allFields()) {
      try {
        f.toArrow(); // as Lance, refuse a schema with a type it cannot map, naming the manifest
      } catch (UnsupportedFormatException | CorruptFileException e) {
        throw new UnsupportedFormatException("dataset " + display(store, uri) + " version "
            + m.getVersion() + " (manifest " + store.root() + "/" + path + "): field '"
            + f.name() + "': " + e.getMessage());
      }
    }
    List<FragmentMetadata> fragments = FragmentProtos.fromProtos(m.getFragmentsList());
    return new Snapshot(BasedStore.of(store, m), uri, m.getVersion(), schema, fragments, m,
        path);
  }

  /** Refuses a manifest that needs a reader feature lance4j lacks. */
  static void checkReaderFlags(TableProtos.Manifest m, String dataset) {
    checkReaderFlags(m, dataset, null);
  }

  /** As {@link #checkReaderFlags(TableProtos.Manifest, String)}, naming the manifest's path. */
  static void checkReaderFlags(TableProtos.Manifest m, String dataset, String manifestPath) {
    long flags = m.getReaderFeatureFlags();
    long unknown = flags & ~KNOWN_READER_FLAGS;
    if (unknown != 0) {
      throw new UnsupportedFormatException("dataset " + dataset + " version " + m.getVersion()
          + (manifestPath == null ? "" : " (manifest " + manifestPath + ")")
          + " needs reader feature flag " + Long.toUnsignedString(Long.lowestOneBit(unknown))
          + " (flags " + Long.toUnsignedString(flags) + "), which lance4j does not know;"
          + " it was written by a newer Lance");
    }
  }

  /** Whether the dataset uses stable row ids (reader feature flag 2). */
  static boolean stableRowIds(TableProtos.Manifest m) {
    return (m.getReaderFeatureFlags() & FLAG_STABLE_ROW_IDS) != 0;
  }

  public static String display(ObjectStore store, String uri) {
    return uri == null || uri.isEmpty() ? store.root() : uri;
  }

  private static DatasetNotFoundException notFound(ObjectStore store, String uri) {
    return new DatasetNotFoundException("no Lance dataset at " + display(store, uri)
        + " (no manifests in " + ManifestNaming.DIR + "/)");
  }

  /** Every kept version, oldest first, with timestamp and operation kind. */
  public static List<VersionInfo> list(ObjectStore store, String uri) {
    ManifestNaming.Listing listing = ManifestNaming.list(store);
    if (listing.isEmpty()) {
      throw notFound(store, uri);
    }
    List<VersionInfo> out = new ArrayList<>();
    for (long v : listing.versions().keySet()) {
      String path = listing.pathOf(v);
      TableProtos.Manifest m = ManifestFiles.read(store, path);
      Instant ts = Instant.ofEpochSecond(m.getTimestamp().getSeconds(),
          m.getTimestamp().getNanos());
      TableProtos.Transaction txn = Transactions.of(store, path, m);
      String op = txn == null ? "Unknown" : Transactions.displayName(Transactions.kind(txn));
      out.add(new VersionInfo(m.getVersion(), ts, op));
    }
    return out;
  }
}
