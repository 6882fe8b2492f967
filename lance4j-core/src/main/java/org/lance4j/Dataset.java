package org.lance4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.storage.ObjectStore;
import org.lance4j.internal.storage.ObjectStores;
import org.lance4j.internal.table.Cleanup;
import org.lance4j.internal.table.ColumnMerger;
import org.lance4j.internal.table.Committer;
import org.lance4j.internal.table.Compactor;
import org.lance4j.internal.table.Deleter;
import org.lance4j.internal.table.RowTaker;
import org.lance4j.internal.table.FragmentScanner;
import org.lance4j.internal.table.Snapshot;
import org.lance4j.internal.table.Versions;

/**
 * One version of a Lance dataset. Opening reads only the manifest; data is read by
 * {@link #scan(BufferAllocator, ScanOptions)}. A Dataset is immutable (a later commit creates a new
 * Dataset) and safe to share between threads. {@link #close()} releases nothing today but is kept
 * so that caches can be added without breaking callers.
 */
public final class Dataset implements AutoCloseable {
  private final Snapshot snapshot;

  private Dataset(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Opens the latest version. */
  public static Dataset open(String uri) {
    ObjectStore store = ObjectStores.forUri(uri);
    return new Dataset(Versions.loadLatest(store, uri));
  }

  /** Opens a given version (time travel). */
  public static Dataset open(String uri, long version) {
    ObjectStore store = ObjectStores.forUri(uri);
    return new Dataset(Versions.load(store, uri, version));
  }

  /**
   * Commits one operation on top of {@code readVersion} (0 when creating) and returns the new
   * version. Concurrent commits are detected: compatible ones are rebased over, others raise
   * {@link CommitConflictException}.
   */
  public static Dataset commit(String uri, Operation operation, long readVersion) {
    ObjectStore store = ObjectStores.forUri(uri);
    return new Dataset(Committer.commit(store, uri, operation, readVersion));
  }

  /**
   * {@link #commit(String, Operation, long)}; when this commit creates the dataset and
   * {@code enableV2ManifestPaths} is set, manifests are named with the V2 scheme
   * ({@code _versions/{u64::MAX - version:020}.manifest}). An existing dataset keeps its scheme.
   */
  public static Dataset commit(String uri, Operation operation, long readVersion,
      boolean enableV2ManifestPaths) {
    ObjectStore store = ObjectStores.forUri(uri);
    return new Dataset(Committer.commit(store, uri, operation, readVersion,
        org.lance4j.internal.table.CommitRetry.DEFAULT, enableV2ManifestPaths
            ? org.lance4j.internal.table.ManifestNaming.Scheme.V2
            : org.lance4j.internal.table.ManifestNaming.Scheme.V1));
  }

  /**
   * {@link #commit(String, Operation, long)} with write options: {@link
   * WriteOptions#enableV2ManifestPaths()} picks the manifest naming when this commit creates the
   * dataset; {@link WriteOptions#mode()} CREATE refuses to commit onto an existing dataset.
   */
  public static Dataset commit(String uri, Operation operation, long readVersion,
      WriteOptions options) {
    ObjectStore store = ObjectStores.forUri(uri);
    return new Dataset(Committer.commit(store, uri, operation, readVersion,
        org.lance4j.internal.table.CommitRetry.DEFAULT, options.enableV2ManifestPaths()
            ? org.lance4j.internal.table.ManifestNaming.Scheme.V2
            : org.lance4j.internal.table.ManifestNaming.Scheme.V1,
        options.mode() == WriteOptions.Mode.CREATE));
  }


  /**
   * Renames every manifest of this dataset to the V2 naming scheme (as Lance's
   * {@code migrate_manifest_paths_v2}); idempotent, run it again to finish an interrupted run. Do
   * not commit concurrently. Returns the reopened latest version.
   */
  public Dataset migrateManifestPathsV2() {
    org.lance4j.internal.table.ManifestNaming.migrateToV2(snapshot.store());
    return new Dataset(Versions.loadLatest(snapshot.store(), uri()));
  }

  public String uri() {
    return snapshot.uri();
  }

  /** The version this object reads. */
  public long version() {
    return snapshot.version();
  }

  /** The newest committed version right now (may be newer than {@link #version()}). */
  public long latestVersion() {
    return Versions.latestVersion(snapshot.store());
  }

  /** Arrow schema of this version. */
  public Schema schema() {
    return snapshot.schema().toArrow();
  }

  /** Schema with Lance field ids. */
  public LanceSchema lanceSchema() {
    return snapshot.schema();
  }

  /** Fragments in id order. */
  public List<Fragment> fragments() {
    List<Fragment> out = new ArrayList<>(snapshot.fragments().size());
    for (FragmentMetadata f : snapshot.fragments()) {
      out.add(new Fragment(snapshot, f));
    }
    return out;
  }

  /** The fragment with this id. */
  public Fragment fragment(long id) {
    FragmentMetadata f = snapshot.fragment(id);
    if (f == null) {
      throw new InvalidInputException("dataset " + uri() + " version " + version()
          + " has no fragment " + id);
    }
    return new Fragment(snapshot, f);
  }

  /** Rows in this version, from metadata (deleted rows excluded). */
  public long countRows() {
    return snapshot.countRows();
  }

  /** Scans every row. The caller closes the reader; its batches are owned by {@code allocator}. */
  public ArrowReader scan(BufferAllocator allocator) {
    return scan(allocator, ScanOptions.defaults());
  }

  /** Scans with projection, fragment selection, limit/offset, row ids. Caller closes the reader. */
  public ArrowReader scan(BufferAllocator allocator, ScanOptions options) {
    List<FragmentMetadata> frags = snapshot.fragments();
    if (options.fragmentIds() != null) {
      frags = new ArrayList<>();
      for (Long id : options.fragmentIds()) {
        FragmentMetadata f = snapshot.fragment(id);
        if (f == null) {
          throw new InvalidInputException("dataset " + uri() + " version " + version()
              + " has no fragment " + id);
        }
        frags.add(f);
      }
    }
    return FragmentScanner.scan(snapshot, frags, options, allocator);
  }

  /**
   * Rows at the given 0-based indices of the scan order (deleted rows excluded), in the order
   * given. The returned root belongs to the caller (allocated from {@code allocator}).
   */
  public VectorSchemaRoot take(long[] indices, List<String> columns, BufferAllocator allocator) {
    return RowTaker.take(snapshot, indices, columns, allocator);
  }

  // ---- single-process conveniences; each is one commit and returns the new version ----

  /** Adds columns computed by SQL expressions ({@code "name_len" -> "length(name)"}). */
  public Dataset addColumns(Map<String, String> sqlExpressions) {
    return new Dataset(ColumnMerger.addColumns(snapshot, sqlExpressions));
  }

  /** Adds the columns {@code transform} computes from {@code readColumns} (null = all). */
  public Dataset addColumns(ColumnTransform transform, List<String> readColumns) {
    return new Dataset(ColumnMerger.addColumns(snapshot, transform, readColumns));
  }

  /** Removes columns from the schema (metadata only: data files are kept). */
  public Dataset dropColumns(List<String> columns) {
    return new Dataset(ColumnMerger.dropColumns(snapshot, columns));
  }

  /** Deletes the rows matching a SQL predicate. */
  public Dataset delete(String predicate) {
    return new Dataset(Deleter.delete(snapshot, predicate));
  }

  /** Makes {@code version} the latest again, as a new version. */
  public Dataset restore(long version) {
    return new Dataset(Committer.commit(snapshot.store(), uri(), new Operation.Restore(version),
        version()));
  }

  /** Rewrites small fragments (and ones with many deletions) into larger ones. */
  public Dataset compact(CompactionOptions options) {
    return new Dataset(Compactor.compact(snapshot, options));
  }

  /** Upserts config keys. */
  public Dataset updateConfig(Map<String, String> upserts) {
    return new Dataset(Committer.commit(snapshot.store(), uri(),
        new Operation.UpdateConfig(upserts, List.of()), version()));
  }

  /** The dataset's config (key/value pairs stored in the manifest). */
  public Map<String, String> config() {
    return snapshot.manifest().getConfigMap();
  }

  /** Every kept version, oldest first. */
  public List<VersionInfo> versions() {
    return Versions.list(snapshot.store(), uri());
  }

  /**
   * Removes versions older than {@code olderThan} (never the latest) and the files only they
   * reference, leaving files younger than the threshold (a concurrent writer may still commit
   * them).
   */
  public CleanupStats cleanupOldVersions(Duration olderThan) {
    return Cleanup.cleanupOldVersions(snapshot, olderThan);
  }

  /** Internal: the snapshot behind this dataset. */
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public void close() {
    // Nothing held yet.
  }

  @Override
  public String toString() {
    return "Dataset{uri=" + uri() + ", version=" + version() + ", fragments="
        + snapshot.fragments().size() + "}";
  }
}
