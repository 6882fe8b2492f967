package org.lance4j;

import java.io.Serializable;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How {@link Dataset#open(String, OpenOptions)} opens a dataset: which version (by number or
 * tag), with which storage settings. Immutable; build with {@link #builder()}, or take {@link #defaults()} (the
 * latest version).
 */
public final class OpenOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final OpenOptions DEFAULTS = builder().build();

  private final long version;
  private final String tag;
  private final String branch;
  private final StorageOptions storageOptions;

  private OpenOptions(Builder b) {
    if (b.version >= 0 && b.tag != null) {
      throw new InvalidInputException("open a version or a tag, not both (version " + b.version
          + ", tag '" + b.tag + "')");
    }
    this.version = b.version;
    this.tag = b.tag;
    this.branch = b.branch;
    this.storageOptions = b.storageOptions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The latest version, default storage settings. */
  public static OpenOptions defaults() {
    return DEFAULTS;
  }

  /** The version to open (time travel); empty for the latest. */
  public OptionalLong version() {
    return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }

  /** The tag whose version to open, or null. */
  public String tag() {
    return tag;
  }

  /**
   * The branch to open ({@code {uri}/tree/{branch}/}, as Lance lays branches out), or null for
   * the main branch. A version or tag is then looked up on that branch.
   */
  public String branch() {
    return branch;
  }

  public StorageOptions storageOptions() {
    return storageOptions;
  }

  @Override
  public String toString() {
    return "OpenOptions{" + (tag != null ? "tag=" + tag : "version="
        + (version < 0 ? "latest" : version)) + (branch == null ? "" : ", branch=" + branch)
        + ", storageOptions=" + storageOptions + "}";
  }

  /** Builder for {@link OpenOptions}. */
  public static final class Builder {
    private long version = -1;
    private String tag;
    private String branch;
    private StorageOptions storageOptions = StorageOptions.empty();

    private Builder() {}

    /** Open this branch ({@link Dataset#createBranch(String)}); null for the main branch. */
    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    /** Open this version (>= 1) instead of the latest. */
    public Builder version(long version) {
      if (version < 1) {
        throw new InvalidInputException("version must be >= 1, got " + version);
      }
      this.version = version;
      return this;
    }

    /** Open the version this tag names ({@link Dataset#tags()}). */
    public Builder tag(String tag) {
      this.tag = Objects.requireNonNull(tag, "tag");
      return this;
    }

    public Builder storageOptions(StorageOptions options) {
      this.storageOptions = Objects.requireNonNull(options, "storageOptions");
      return this;
    }

    public OpenOptions build() {
      return new OpenOptions(this);
    }
  }
}
