package org.lance4j.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.lance4j.InvalidInputException;
import org.lance4j.CommitOptions;
import org.lance4j.OpenOptions;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;

/**
 * The options of the {@code lance} data source (all keys case-insensitive).
 *
 * <ul>
 *   <li>{@code path}: dataset URI (what {@code load(uri)} / {@code save(uri)} set)
 *   <li>{@code versionAsOf}: read this version (a number) or the version a tag names instead of
 *       the latest
 *   <li>{@code branch}: read from and write to this branch of the dataset ({@code tree/<name>/},
 *       created with {@code Dataset.createBranch}) instead of the main branch
 *   <li>{@code maxRowsPerFile}: writes start a new fragment after this many rows (default
 *       1,048,576)
 *   <li>{@code data_storage_version} (or {@code dataStorageVersion}): file format of the data
 *       files a write creates when the dataset does not exist yet or is overwritten: "2.2"
 *       (default), "2.1", "2.0" or "stable" (= 2.2); appends always write the dataset's version
 *   <li>{@code batchSize}: rows per Arrow batch, for reads and writes (default 8192)
 *   <li>{@code maxRowsPerSplit}: reads split fragments bigger than this into row ranges and pack
 *       smaller ones together up to it (default 262,144)
 *   <li>{@code vector.dim.<column>}: store that float array column as a fixed_size_list vector of
 *       this dimension
 *   <li>{@code recheckFilters}: when true, Spark re-evaluates every pushed filter on the rows
 *       lance4j returns (default false: pushed filters are exact and not re-checked)
 *   <li>{@code idempotencyKey}: batch writes commit with this idempotency key; a write whose key
 *       already landed commits nothing (e.g. {@code foreachBatch} with query id + batch id)
 *   <li>{@code storage.<key>}: a storage option with Lance's key name (e.g.
 *       {@code storage.aws_endpoint}), over the session conf {@code spark.lance.storage.<key>}
 * </ul>
 */
public final class LanceOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String VECTOR_DIM_PREFIX = "vector.dim.";

  private final String path;
  private final Long versionAsOf;
  private final String tagAsOf;
  private final String branch;
  private final int maxRowsPerFile;
  private final int batchSize;
  /** The requested data storage version (validated), null for lance4j's default. */
  private final String dataStorageVersion;
  private final long maxRowsPerSplit;
  private final boolean recheckFilters;
  private final String idempotencyKey;
  private final HashMap<String, Integer> vectorDims = new HashMap<>();
  private final StorageOptions storage;

  LanceOptions(Map<String, String> options) {
    Map<String, String> lower = new HashMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    this.path = lower.get("path");
    String asOf = lower.containsKey("versionasof") ? lower.get("versionasof").trim() : null;
    boolean numeric = asOf != null && asOf.matches("\\d+");
    this.versionAsOf = numeric ? parseLong(lower, "versionasof") : null;
    this.tagAsOf = asOf != null && !numeric ? asOf : null;
    String br = lower.get("branch");
    this.branch = br == null || br.isBlank() ? null : br.trim();
    this.maxRowsPerFile = (int) positive(lower, "maxrowsperfile",
        WriteOptions.DEFAULT_MAX_ROWS_PER_FILE, Integer.MAX_VALUE);
    this.batchSize = (int) positive(lower, "batchsize", 8192, Integer.MAX_VALUE);
    String dsv = lower.getOrDefault("data_storage_version", lower.get("datastorageversion"));
    this.dataStorageVersion = dsv == null ? null
        : WriteOptions.builder().dataStorageVersion(dsv).build().dataStorageVersion();
    this.maxRowsPerSplit = positive(lower, "maxrowspersplit", 262_144, Long.MAX_VALUE);
    this.storage = SparkStorage.of(options);
    this.recheckFilters = Boolean.parseBoolean(lower.getOrDefault("recheckfilters", "false")
        .trim());
    String key = lower.get("idempotencykey");
    this.idempotencyKey = key == null || key.isBlank() ? null : key.trim();
    for (Map.Entry<String, String> e : lower.entrySet()) {
      if (e.getKey().startsWith(VECTOR_DIM_PREFIX)) {
        vectorDims.put(e.getKey().substring(VECTOR_DIM_PREFIX.length()),
            (int) positive(lower, e.getKey(), 0, Integer.MAX_VALUE));
      }
    }
  }

  /** An integer option in [1, max], or its default; names the option and value otherwise. */
  private static long positive(Map<String, String> m, String key, long dflt, long max) {
    long v = longOr(m, key, dflt);
    if (v < 1 || v > max) {
      throw new InvalidInputException("option " + key + " must be in 1.." + max + ", got '"
          + m.get(key) + "'");
    }
    return v;
  }

  private static long longOr(Map<String, String> m, String key, long dflt) {
    return m.containsKey(key) ? parseLong(m, key) : dflt;
  }

  private static long parseLong(Map<String, String> m, String key) {
    try {
      return Long.parseLong(m.get(key).trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("option " + key + " must be an integer, got '" + m.get(key)
          + "'");
    }
  }

  /** The dataset URI; fails when no path was given. */
  public String path() {
    if (path == null || path.isBlank()) {
      throw new InvalidInputException("the lance data source needs a path: load(uri) / save(uri)"
          + " or option(\"path\", uri)");
    }
    return path;
  }

  public Long versionAsOf() {
    return versionAsOf;
  }

  /** The {@code branch} option, or null for the main branch. */
  public String branch() {
    return branch;
  }

  /** The tag {@code versionAsOf} named (when it is not a number), or null. */
  public String tagAsOf() {
    return tagAsOf;
  }

  /** How to open the dataset for a read: the latest, a version or a tag. */
  public OpenOptions openOptions() {
    OpenOptions.Builder b = OpenOptions.builder().storageOptions(storage).branch(branch);
    if (versionAsOf != null) {
      b.version(versionAsOf);
    } else if (tagAsOf != null) {
      b.tag(tagAsOf);
    }
    return b.build();
  }

  public int maxRowsPerFile() {
    return maxRowsPerFile;
  }

  public int batchSize() {
    return batchSize;
  }

  public long maxRowsPerSplit() {
    return maxRowsPerSplit;
  }

  /** Whether Spark re-checks filters that lance4j already applied. */
  public boolean recheckFilters() {
    return recheckFilters;
  }

  /** Lower-cased column path to vector dimension. */
  public Map<String, Integer> vectorDims() {
    return vectorDims;
  }

  WriteOptions writeOptions(WriteOptions.Mode mode) {
    WriteOptions.Builder b = WriteOptions.builder().maxRowsPerFile(maxRowsPerFile).mode(mode)
        .storageOptions(storage);
    if (dataStorageVersion != null) {
      b.dataStorageVersion(dataStorageVersion);
    }
    return b.build();
  }

  /** The storage options (session conf plus {@code storage.*} options). */
  public StorageOptions storageOptions() {
    return storage;
  }

  /** Opening the latest version with these storage options (of the URI as given: no branch). */
  OpenOptions latest() {
    return OpenOptions.builder().storageOptions(storage).build();
  }

  CommitOptions commitOptions() {
    return commitOptions(null);
  }

  /** Commit options with these storage options and idempotency key {@code key} (null: none). */
  CommitOptions commitOptions(String key) {
    CommitOptions.Builder b = CommitOptions.builder().storageOptions(storage);
    if (key != null) {
      b.idempotencyKey(key);
    }
    return b.build();
  }

  /** The {@code idempotencyKey} option of a batch write, or null. */
  public String idempotencyKey() {
    return idempotencyKey;
  }
}
