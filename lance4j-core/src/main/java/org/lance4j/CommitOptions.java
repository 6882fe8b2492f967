package org.lance4j;

import java.io.Serializable;
import java.util.Objects;
import org.lance4j.internal.table.IdempotencyKeys;

/**
 * How {@link Dataset#commit(String, Operation, long, CommitOptions)} commits. Immutable; build
 * with {@link #builder()}, or take {@link #defaults()}.
 */
public final class CommitOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Attempts before a commit that keeps losing the race for a version number gives up. */
  public static final int DEFAULT_MAX_ATTEMPTS = 20;
  private static final CommitOptions DEFAULTS = builder().build();

  private final boolean enableV2ManifestPaths;
  private final boolean failIfExists;
  private final int maxAttempts;
  private final StorageOptions storageOptions;
  private final String idempotencyKey;
  private final boolean enableStableRowIds;
  private final String branch;

  private CommitOptions(Builder b) {
    this.enableStableRowIds = b.enableStableRowIds;
    this.branch = b.branch;
    this.idempotencyKey = b.idempotencyKey;
    this.enableV2ManifestPaths = b.enableV2ManifestPaths;
    this.failIfExists = b.failIfExists;
    this.maxAttempts = b.maxAttempts;
    this.storageOptions = b.storageOptions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** V2 manifest names for new datasets, no create-only check, 20 attempts, no storage options. */
  public static CommitOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Whether a dataset this commit creates names its manifests with Lance's V2 scheme
   * ({@code _versions/{u64::MAX - version:020}.manifest}), as current Lance does by default;
   * false gives the V1 names ({@code _versions/{version}.manifest}) older readers (Lance before
   * 0.23) need. An existing dataset keeps its scheme either way.
   */
  public boolean enableV2ManifestPaths() {
    return enableV2ManifestPaths;
  }

  /**
   * Whether the commit must create the dataset: it fails with
   * {@link DatasetAlreadyExistsException} when any version exists, checked against the same
   * listing the commit numbers its version from (two concurrent creates cannot both land).
   */
  public boolean failIfExists() {
    return failIfExists;
  }

  /** Attempts (with jittered back-off) before giving up with a retryable conflict. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public StorageOptions storageOptions() {
    return storageOptions;
  }

  /**
   * The commit's idempotency key, or null (the default): stored in the transaction, so that a
   * retry of a commit whose key already landed (after the read version it was built on) returns
   * that version instead of committing again. See {@link Builder#idempotencyKey(String)}.
   */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Whether a dataset this commit creates uses stable row ids (Lance's
   * {@code enable_stable_row_ids}): every row gets a {@code _rowid} that stays the same through
   * compaction and updates. Default false. A dataset has them or not from its creation on;
   * commits to an existing dataset follow the dataset, and asking for them on an existing
   * dataset without them fails with {@link InvalidInputException} (as in Lance).
   */
  public boolean enableStableRowIds() {
    return enableStableRowIds;
  }

  /**
   * The branch to commit to ({@code {uri}/tree/{branch}/}; it must exist, see
   * {@link Dataset#createBranch(String)}), or null (the default) for the main branch.
   */
  public String branch() {
    return branch;
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return builder().enableV2ManifestPaths(enableV2ManifestPaths).failIfExists(failIfExists)
        .maxAttempts(maxAttempts).storageOptions(storageOptions)
        .idempotencyKey(idempotencyKey).enableStableRowIds(enableStableRowIds).branch(branch);
  }

  @Override
  public String toString() {
    return "CommitOptions{enableV2ManifestPaths=" + enableV2ManifestPaths + ", failIfExists="
        + failIfExists + ", maxAttempts=" + maxAttempts + ", storageOptions=" + storageOptions
        + (idempotencyKey == null ? "" : ", idempotencyKey=" + idempotencyKey)
        + (enableStableRowIds ? ", enableStableRowIds=true" : "")
        + (branch == null ? "" : ", branch=" + branch) + "}";
  }

  /** Builder for {@link CommitOptions}. */
  public static final class Builder {
    private boolean enableV2ManifestPaths = true;
    private boolean failIfExists;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private StorageOptions storageOptions = StorageOptions.empty();
    private String idempotencyKey;
    private boolean enableStableRowIds;
    private String branch;

    private Builder() {}

    /** Commit to this branch ({@link CommitOptions#branch()}); null for the main branch. */
    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    /** Create the dataset with stable row ids ({@link CommitOptions#enableStableRowIds()}). */
    public Builder enableStableRowIds(boolean on) {
      this.enableStableRowIds = on;
      return this;
    }

    /** Create datasets with V2 manifest naming. Default true (as current Lance). */
    public Builder enableV2ManifestPaths(boolean on) {
      this.enableV2ManifestPaths = on;
      return this;
    }

    /** Refuse to commit onto an existing dataset (pylance's {@code mode="create"}). */
    public Builder failIfExists(boolean on) {
      this.failIfExists = on;
      return this;
    }

    /** At least 1. Default {@value CommitOptions#DEFAULT_MAX_ATTEMPTS}. */
    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new InvalidInputException("maxAttempts must be >= 1, got " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    public Builder storageOptions(StorageOptions options) {
      this.storageOptions = Objects.requireNonNull(options, "storageOptions");
      return this;
    }

    /**
     * Makes the commit idempotent under {@code key} (1 to 1024 characters; null for none), e.g.
     * a job id ({@code "job-42"}) or a streaming query id plus batch id. The key is stored in the
     * commit's transaction ({@code transaction_properties["lance4j.idempotency_key"]}); before
     * committing, the versions after the read version are searched for it, and when a commit
     * with this key already landed there its version is returned and nothing is committed. So
     * retrying a commit (same key, same read version) after a crash or timeout cannot apply it
     * twice. Keys must be unique per logical commit. The search only covers versions after the
     * read version: retry with the read version of the first attempt.
     */
    public Builder idempotencyKey(String key) {
      this.idempotencyKey = IdempotencyKeys.check(key);
      return this;
    }

    public CommitOptions build() {
      return new CommitOptions(this);
    }
  }
}
