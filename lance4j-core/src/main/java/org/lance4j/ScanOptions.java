package org.lance4j;

import java.util.List;

/** What a scan returns. Build with {@link #builder()}; {@link #defaults()} reads everything. */
public final class ScanOptions {
  public static final int DEFAULT_BATCH_SIZE = 8192;

  private final List<String> columns;
  private final int batchSize;
  private final List<Long> fragmentIds;
  private final long limit;
  private final long offset;
  private final boolean withRowId;
  private final boolean withRowAddress;
  private final String filter;

  private ScanOptions(Builder b) {
    this.filter = b.filter;
    this.columns = b.columns;
    this.batchSize = b.batchSize;
    this.fragmentIds = b.fragmentIds;
    this.limit = b.limit;
    this.offset = b.offset;
    this.withRowId = b.withRowId;
    this.withRowAddress = b.withRowAddress;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static ScanOptions defaults() {
    return builder().build();
  }

  /** Columns to read (top-level names or dotted struct paths), or null for all. */
  public List<String> columns() {
    return columns;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Fragments to read, in this order, or null for all fragments in id order. */
  public List<Long> fragmentIds() {
    return fragmentIds;
  }

  /** Maximum rows to return, or -1 for no limit. */
  public long limit() {
    return limit;
  }

  /** Rows to skip before returning any. */
  public long offset() {
    return offset;
  }

  /** Add a {@code _rowid} (uint64) column. Without stable row ids it equals the row address. */
  public boolean withRowId() {
    return withRowId;
  }

  /** Add a {@code _rowaddr} (uint64) column: {@code fragment_id << 32 | row offset}. */
  public boolean withRowAddress() {
    return withRowAddress;
  }

  /**
   * SQL-like predicate rows must satisfy ({@code "age > 30 AND name LIKE 'a%'"}), or null. Parsed
   * when the scan starts: an invalid predicate fails there with the position of the error.
   */
  public String filter() {
    return filter;
  }

  /** Builder for {@link ScanOptions}. */
  public static final class Builder {
    private List<String> columns;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private List<Long> fragmentIds;
    private long limit = -1;
    private long offset;
    private boolean withRowId;
    private boolean withRowAddress;
    private String filter;

    private Builder() {}

    /** Only rows for which this SQL predicate is true. */
    public Builder filter(String predicate) {
      this.filter = predicate == null || predicate.isBlank() ? null : predicate;
      return this;
    }

    public Builder columns(List<String> columns) {
      this.columns = columns == null ? null : List.copyOf(columns);
      return this;
    }

    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new InvalidInputException("batchSize must be > 0, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    public Builder fragmentIds(List<Long> ids) {
      this.fragmentIds = ids == null ? null : List.copyOf(ids);
      return this;
    }

    public Builder limit(long limit) {
      if (limit < -1) {
        throw new InvalidInputException("limit must be >= 0 (or -1 for none), got " + limit);
      }
      this.limit = limit;
      return this;
    }

    public Builder offset(long offset) {
      if (offset < 0) {
        throw new InvalidInputException("offset must be >= 0, got " + offset);
      }
      this.offset = offset;
      return this;
    }

    public Builder withRowId(boolean on) {
      this.withRowId = on;
      return this;
    }

    public Builder withRowAddress(boolean on) {
      this.withRowAddress = on;
      return this;
    }

    public ScanOptions build() {
      return new ScanOptions(this);
    }
  }
}
