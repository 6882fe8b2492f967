package org.lance4j;

import java.io.Serializable;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How {@link Dataset#open(String, OpenOptions)} opens a dataset: which version, with which
 * storage settings. Immutable; build with {@link #builder()}, or take {@link #defaults()} (the
 * latest version).
 */
public final class OpenOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final OpenOptions DEFAULTS = builder().build();

  private final long version;
  private final StorageOptions storageOptions;

  private OpenOptions(Builder b) {
    this.version = b.version;
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

  public StorageOptions storageOptions() {
    return storageOptions;
  }

  @Override
  public String toString() {
    return "OpenOptions{version=" + (version < 0 ? "latest" : version) + ", storageOptions="
        + storageOptions + "}";
  }

  /** Builder for {@link OpenOptions}. */
  public static final class Builder {
    private long version = -1;
    private StorageOptions storageOptions = StorageOptions.empty();

    private Builder() {}

    /** Open this version (>= 1) instead of the latest. */
    public Builder version(long version) {
      if (version < 1) {
        throw new InvalidInputException("version must be >= 1, got " + version);
      }
      this.version = version;
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
