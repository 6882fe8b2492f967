package org.lance4j;

import java.util.Locale;
import java.util.Objects;

/**
 * Options for writing fragments. Build with {@link #builder()}; {@link #defaults()} gives what
 * official Lance uses.
 */
public final class WriteOptions {
  /**
   * How written fragments relate to an existing dataset (pylance's {@code mode}). For
   * {@link Fragments#write} (which commits nothing) the mode decides the field ids: APPEND checks
   * the data against the existing dataset's schema and uses its field ids (fresh ids when no
   * dataset exists yet); CREATE and OVERWRITE assign fresh ids depth-first from 0, as an Overwrite
   * commit expects.
   */
  public enum Mode {
    /** New dataset: fresh field ids. */
    CREATE,
    /** Add rows to the existing dataset (or start one): the default, as in pylance. */
    APPEND,
    /** Replace the dataset's content: fresh field ids. */
    OVERWRITE
  }

  public static final int DEFAULT_MAX_ROWS_PER_FILE = 1024 * 1024;
  public static final int DEFAULT_MAX_ROWS_PER_GROUP = 1024;
  public static final long DEFAULT_MAX_BYTES_PER_FILE = 90L * 1024 * 1024 * 1024;

  private final int maxRowsPerFile;
  private final int maxRowsPerGroup;
  private final long maxBytesPerFile;
  private final Mode mode;
  private final String dataStorageVersion;
  private final StorageOptions storageOptions;

  private WriteOptions(Builder b) {
    this.storageOptions = b.storageOptions;
    this.maxRowsPerFile = b.maxRowsPerFile;
    this.maxRowsPerGroup = b.maxRowsPerGroup;
    this.maxBytesPerFile = b.maxBytesPerFile;
    this.mode = b.mode;
    this.dataStorageVersion = b.dataStorageVersion;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static WriteOptions defaults() {
    return builder().build();
  }

  public int maxRowsPerFile() {
    return maxRowsPerFile;
  }

  public int maxRowsPerGroup() {
    return maxRowsPerGroup;
  }

  public long maxBytesPerFile() {
    return maxBytesPerFile;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * The data file format version of a new dataset unless asked otherwise (what the newest Lance
   * writes). A JVM can change it with the system property {@value #DEFAULT_VERSION_PROPERTY}
   * (see {@link #defaultDataStorageVersion()}).
   */
  public static final String DEFAULT_DATA_STORAGE_VERSION = "2.2";

  /**
   * System property naming the default data storage version of this JVM ("2.0", "2.1", "2.2"
   * or "stable"), e.g. {@code -Dlance4j.data_storage_version=2.0} while readers of the data still
   * run Lance 0.39, which reads only 2.0.
   */
  public static final String DEFAULT_VERSION_PROPERTY = "lance4j.data_storage_version";

  /**
   * The version new datasets get unless a write asks otherwise: the system property
   * {@value #DEFAULT_VERSION_PROPERTY} when set, else {@value #DEFAULT_DATA_STORAGE_VERSION}.
   *
   * @throws InvalidInputException when the property names a version lance4j does not write
   */
  public static String defaultDataStorageVersion() {
    String p = System.getProperty(DEFAULT_VERSION_PROPERTY);
    if (p == null || p.isBlank()) {
      return DEFAULT_DATA_STORAGE_VERSION;
    }
    return switch (p.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "2.0", "2.1", "2.2" -> p.trim();
      case "stable" -> "2.2";
      default -> throw new InvalidInputException("system property " + DEFAULT_VERSION_PROPERTY
          + "='" + p + "' is not a data storage version lance4j writes; use \"2.0\", \"2.1\", "
          + "\"2.2\" or \"stable\"");
    };
  }

  public String dataStorageVersion() {
    return dataStorageVersion;
  }

  /** Settings of the storage the data files are written to. */
  public StorageOptions storageOptions() {
    return storageOptions;
  }

  @Override
  public String toString() {
    return "WriteOptions{maxRowsPerFile=" + maxRowsPerFile + ", maxRowsPerGroup=" + maxRowsPerGroup
        + ", maxBytesPerFile=" + maxBytesPerFile + ", mode=" + mode + ", dataStorageVersion="
        + dataStorageVersion + ", storageOptions=" + storageOptions + "}";
  }

  /** Builder for {@link WriteOptions}. */
  public static final class Builder {
    private int maxRowsPerFile = DEFAULT_MAX_ROWS_PER_FILE;
    private int maxRowsPerGroup = DEFAULT_MAX_ROWS_PER_GROUP;
    private long maxBytesPerFile = DEFAULT_MAX_BYTES_PER_FILE;
    private Mode mode = Mode.APPEND;
    private String dataStorageVersion = defaultDataStorageVersion();
    private StorageOptions storageOptions = StorageOptions.empty();

    private Builder() {}

    public Builder storageOptions(StorageOptions options) {
      this.storageOptions = Objects.requireNonNull(options, "storageOptions");
      return this;
    }

    /** Start a new data file (and fragment) after this many rows. Default 1,048,576. */
    public Builder maxRowsPerFile(int n) {
      if (n <= 0) {
        throw new InvalidInputException("maxRowsPerFile must be > 0, got " + n);
      }
      this.maxRowsPerFile = n;
      return this;
    }

    /** Kept for pylance parity; format 2.0 has no row groups, so this only bounds batch sizes. */
    public Builder maxRowsPerGroup(int n) {
      if (n <= 0) {
        throw new InvalidInputException("maxRowsPerGroup must be > 0, got " + n);
      }
      this.maxRowsPerGroup = n;
      return this;
    }

    /** Start a new data file after about this many bytes. Default 90 GiB. */
    public Builder maxBytesPerFile(long n) {
      if (n <= 0) {
        throw new InvalidInputException("maxBytesPerFile must be > 0, got " + n);
      }
      this.maxBytesPerFile = n;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Data file format version of a new dataset (or of an Overwrite): "2.2" (the default, what
     * the newest Lance writes), "2.1", "2.0", or "stable" (= "2.2"). A write into an existing
     * dataset (Append, add-columns, merge-columns, compaction, update) always writes the
     * dataset's own version, whatever is set here; so do workers writing fragments (mode APPEND)
     * once the dataset exists. Maps need 2.2.
     */
    public Builder dataStorageVersion(String version) {
      String v = version == null ? defaultDataStorageVersion()
          : version.trim().toLowerCase(Locale.ROOT);
      switch (v) {
        case "2.0", "2.1", "2.2" -> this.dataStorageVersion = v;
        case "stable" -> this.dataStorageVersion = "2.2";
        default -> throw new UnsupportedFormatException("data storage version '" + version
            + "' is not supported by lance4j; use \"2.0\", \"2.1\", \"2.2\" or \"stable\"");
      }
      return this;
    }

    public WriteOptions build() {
      return new WriteOptions(this);
    }
  }
}
