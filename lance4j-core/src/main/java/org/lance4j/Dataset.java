package org.lance4j;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
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
import org.lance4j.internal.table.IdempotencyKeys;
import org.lance4j.internal.table.RowTaker;
import org.lance4j.internal.table.FragmentScanner;
import org.lance4j.internal.table.ManifestNaming;
import org.lance4j.internal.table.Snapshot;
import org.lance4j.internal.table.Branches;
import org.lance4j.internal.table.TagStore;
import org.lance4j.internal.table.Updater;
import org.lance4j.internal.expr.Expression;
import org.lance4j.proto.TableProtos;
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
    return open(uri, OpenOptions.defaults());
  }

  /** Opens a given version (time travel): {@link #open(String, OpenOptions)} with that version. */
  public static Dataset open(String uri, long version) {
    return open(uri, OpenOptions.builder().version(version).build());
  }

  /** Opens the version the options name (the latest by default) with their storage settings. */
  public static Dataset open(String uri, OpenOptions options) {
    if (options.branch() != null) {
      uri = Branches.uri(uri, options.branch());
    }
    ObjectStore store = ObjectStores.forUri(uri, options.storageOptions());
    OptionalLong version = options.version();
    if (options.tag() != null) {
      version = OptionalLong.of(TagStore.get(store, Versions.display(store, uri), options.tag())
          .version());
    }
    return new Dataset(version.isPresent() ? Versions.load(store, uri, version.getAsLong())
        : Versions.loadLatest(store, uri));
  }

  /**
   * Commits one operation on top of {@code readVersion} (0 when creating) with the default
   * {@link CommitOptions} and returns the new version.
   */
  public static Dataset commit(String uri, Operation operation, long readVersion) {
    return commit(uri, operation, readVersion, CommitOptions.defaults());
  }

  /**
   * Commits one operation on top of {@code readVersion} (0 when creating) and returns the new
   * version. Concurrent commits are detected: compatible ones are rebased over, others raise
   * {@link CommitConflictException}. The options pick the manifest naming of a new dataset,
   * create-only, retries and storage settings.
   */
  public static Dataset commit(String uri, Operation operation, long readVersion,
      CommitOptions options) {
    if (options.branch() != null) {
      String branch = options.branch();
      ObjectStore root = ObjectStores.forUri(uri, options.storageOptions());
      if (Branches.list(root).stream().noneMatch(b -> b.name().equals(branch))) {
        throw new InvalidInputException("dataset " + uri + " has no branch '" + branch
            + "' (create it with Dataset.createBranch)");
      }
      uri = Branches.uri(uri, branch);
    }
    ObjectStore store = ObjectStores.forUri(uri, options.storageOptions());
    return new Dataset(Committer.commit(store, uri, operation, readVersion, options));
  }

  /**
   * The version a commit made with {@link CommitOptions.Builder#idempotencyKey(String) idempotency
   * key} {@code key} landed as after version {@code afterVersion}, or empty: answers "did my
   * commit land?" (pass 0 to search every version still present). Found through the key's
   * attempt markers (one listing of the names {@code _idempotency/<sha256(key)>.*} and one
   * manifest read per attempt made with the key), so it stays cheap however long the table's
   * history is and however long ago the commit was. A commit with a key already does this itself
   * before committing; this is for writers that must decide whether to redo work (e.g. a
   * streaming batch) before committing.
   */
  public static OptionalLong findIdempotentCommit(String uri, String key, long afterVersion) {
    return findIdempotentCommit(uri, key, afterVersion, StorageOptions.empty());
  }

  /** {@link #findIdempotentCommit(String, String, long)} with storage options. */
  public static OptionalLong findIdempotentCommit(String uri, String key, long afterVersion,
      StorageOptions storageOptions) {
    ObjectStore store = ObjectStores.forUri(uri, storageOptions);
    return IdempotencyKeys.landedAfter(store, key, afterVersion);
  }

  /**
   * Renames every manifest of this dataset to the V2 naming scheme (as Lance's
   * {@code migrate_manifest_paths_v2}); idempotent, run it again to finish an interrupted run. Do
   * not commit concurrently. Returns the reopened latest version.
   */
  public Dataset migrateManifestPathsV2() {
    ManifestNaming.migrateToV2(snapshot.store());
    return new Dataset(Versions.loadLatest(snapshot.store(), uri()));
  }

  public String uri() {
    return snapshot.uri();
  }

  /** The branch this dataset is on, or null for the main branch. */
  public String branch() {
    TableProtos.Manifest m = snapshot.manifest();
    return m == null || !m.hasBranch() || m.getBranch().isEmpty() ? null : m.getBranch();
  }

  /**
   * Creates branch {@code name} starting at this version (of this dataset's branch), laid out
   * as Lance 7.0.0 does: {@code tree/{name}/} reads this version's files through a base path,
   * and new commits to it ({@link CommitOptions.Builder#branch(String)}) write there only.
   * Returns the branch at its first version (this version's number).
   *
   * @throws DatasetAlreadyExistsException when the branch exists
   */
  public Dataset createBranch(String name) {
    String root = Branches.rootUri(uri(), snapshot.manifest());
    ObjectStore rootStore = ObjectStores.forUri(root);
    String branchUri = Branches.create(rootStore, root, uri(), branch(), version(), name,
        StorageOptions.empty());
    return open(branchUri);
  }

  /** The branches of this dataset (listed in its root), by name. */
  public List<Branch> branches() {
    return Branches.list(ObjectStores.forUri(Branches.rootUri(uri(), snapshot.manifest())));
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

  /**
   * The bytes of blob v2 column {@code column} (Arrow extension {@code lance.blob.v2}) at the
   * given 0-based indices of the scan order (deleted rows excluded), one entry per index in the
   * order given: a {@link BlobFile} per value (zero-length for an empty blob), null where the row's
   * blob is null. Scans and {@link #take} return the column's descriptor struct (kind, position,
   * size, blob_id, blob_uri) as lance-core does; this resolves descriptors to bytes. Only the
   * descriptors are read here (with {@code allocator}, freed before returning); each
   * {@link BlobFile} fetches its bytes on demand. The caller closes the blob files.
   *
   * <p>Unlike lance-core's {@code takeBlobsByIndices}, which leaves null and empty blobs out of its
   * list, the list is aligned with {@code indices}.
   *
   * @throws InvalidInputException when the column is missing or not a blob v2 column, or an index
   *     is out of range
   */
  public List<BlobFile> takeBlobs(long[] indices, String column, BufferAllocator allocator) {
    List<org.lance4j.internal.table.BlobSource> sources =
        org.lance4j.internal.table.BlobTaker.take(snapshot, indices, column, allocator);
    List<BlobFile> out = new ArrayList<>(sources.size());
    for (org.lance4j.internal.table.BlobSource s : sources) {
      out.add(s == null ? null : new BlobFile(s));
    }
    return out;
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

  /**
   * Sets columns of the rows matching a SQL predicate (null or empty: every row) to SQL
   * expressions over the row ({@code Map.of("price", "price * 1.1")}): the rows are rewritten
   * into new fragments and their old copies deleted, in one Update commit. A result of another
   * numeric type is cast to the column's type. Returns the new version, or this one when no row
   * matches (nothing is committed).
   */
  public Dataset update(Map<String, String> set, String predicate) {
    Snapshot next = Updater.update(snapshot, set, predicate);
    return next == snapshot ? this : new Dataset(next);
  }

  /** Deletes the rows matching a SQL predicate. */
  public Dataset delete(String predicate) {
    return new Dataset(Deleter.delete(snapshot, predicate));
  }

  /** The dataset's tags: list, create, update, delete. */
  public Tags tags() {
    return new Tags(snapshot.store(), Versions.display(snapshot.store(), uri()));
  }

  /** Makes the version {@code tag} names the latest again, as a new version. */
  public Dataset restore(String tag) {
    return restore(tags().get(tag).version());
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

  /**
   * What the storage behind this dataset has read so far: this object, and every dataset
   * returned by its methods (new versions, scans, takes), share one store. Take a snapshot before
   * and after a scan to see what it read.
   */
  public StorageStats storageStats() {
    return snapshot.store().stats();
  }

  /** What this version's manifest records: format versions, writer, feature flags. */
  public DatasetInfo info() {
    TableProtos.Manifest m = snapshot.manifest();
    return new DatasetInfo(version(),
        m.hasDataFormat() ? m.getDataFormat().getFileFormat() : "legacy",
        m.hasDataFormat() ? m.getDataFormat().getVersion() : "legacy",
        m.hasWriterVersion() ? m.getWriterVersion().getLibrary() : null,
        m.hasWriterVersion() ? m.getWriterVersion().getVersion() : null,
        m.getReaderFeatureFlags(), m.getWriterFeatureFlags(),
        ManifestNaming.schemeOf(snapshot.manifestPath()) == ManifestNaming.Scheme.V2,
        m.hasTimestamp() ? Instant.ofEpochSecond(m.getTimestamp().getSeconds(),
            m.getTimestamp().getNanos()) : null);
  }

  /**
   * Checks a SQL predicate against this version's schema without reading data, as a scan with
   * that filter would at its start.
   *
   * @throws InvalidInputException naming the position and the problem (unknown column, type
   *     mismatch, syntax)
   */
  public void validateFilter(String predicate) {
    Expression.parse(predicate).checkPredicate(schema());
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
