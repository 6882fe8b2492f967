package org.lance4j.spark;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsDelete;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsRowLevelOperations;
import org.apache.spark.sql.connector.write.RowLevelOperationBuilder;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.lance4j.Dataset;
import org.lance4j.DatasetNotFoundException;

/**
 * A Lance dataset as a Spark table: batch reads and writes (append, truncate/overwrite) and the
 * metadata columns {@code _rowid}, {@code _rowaddr} (longs) and {@code _fragid} (int).
 */
public class LanceTable implements SupportsRead, SupportsWrite, SupportsMetadataColumns,
    SupportsDelete, SupportsRowLevelOperations {
  static final String ROW_ID = "_rowid";
  static final String ROW_ADDR = "_rowaddr";
  static final String FRAG_ID = "_fragid";

  private final String uri;
  private final String name;
  private final StructType schema;
  private final Map<String, String> tableOptions;
  private final boolean acceptAnySchema;
  /** The version a row-level statement on this table works on (its scans read it too). */
  private volatile Dataset pinned;

  /**
   * @param schema the table's schema (the dataset's, or the query's for a path-based write)
   * @param acceptAnySchema true for path-based writes: the data's own schema is written
   */
  LanceTable(String uri, String name, StructType schema, Map<String, String> tableOptions,
      boolean acceptAnySchema) {
    this.uri = uri;
    this.name = name;
    this.schema = schema;
    this.tableOptions = new HashMap<>(tableOptions);
    this.tableOptions.put("path", uri);
    this.acceptAnySchema = acceptAnySchema;
  }

  static boolean isMetadataColumn(String name) {
    return name.equals(ROW_ID) || name.equals(ROW_ADDR) || name.equals(FRAG_ID);
  }

  public String uri() {
    return uri;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    EnumSet<TableCapability> caps = EnumSet.of(TableCapability.BATCH_READ,
        TableCapability.BATCH_WRITE, TableCapability.TRUNCATE, TableCapability.STREAMING_WRITE);
    if (acceptAnySchema) {
      caps.add(TableCapability.ACCEPT_ANY_SCHEMA);
    }
    return caps;
  }

  /**
   * {@code DELETE FROM t WHERE ...} runs as one lance Delete commit when every condition
   * translates exactly into lance4j's SQL (else Spark reports that the delete is unsupported).
   */
  @Override
  public boolean canDeleteWhere(Filter[] filters) {
    if (tableOptions.containsKey("versionAsOf")) {
      return false;
    }
    for (Filter f : filters) {
      if (!(f instanceof AlwaysTrue) && FilterTranslator.translate(f, schema) == null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void deleteWhere(Filter[] filters) {
    StringBuilder predicate = new StringBuilder();
    for (Filter f : filters) {
      if (f instanceof AlwaysTrue) {
        continue; // DELETE FROM t without WHERE
      }
      String sql = FilterTranslator.translate(f, schema);
      if (sql == null) {
        throw new org.lance4j.InvalidInputException("DELETE on " + uri + ": condition " + f
            + " cannot be evaluated by lance4j");
      }
      predicate.append(predicate.length() == 0 ? "" : " AND ").append('(').append(sql)
          .append(')');
    }
    LanceOptions o = options(CaseInsensitiveStringMap.empty());
    try (Dataset ds = Dataset.open(uri, org.lance4j.OpenOptions.builder()
            .storageOptions(o.storageOptions()).branch(o.branch()).build());
        Dataset after = ds.delete(predicate.length() == 0 ? "true" : predicate.toString())) {
      // one Delete commit; nothing to return
    }
  }

  LanceOptions options(CaseInsensitiveStringMap extra) {
    Map<String, String> all = new HashMap<>(tableOptions);
    all.putAll(extra.asCaseSensitiveMap());
    all.put("path", uri);
    return new LanceOptions(all);
  }

  /**
   * MERGE INTO / UPDATE / DELETE FROM (beyond what {@link #deleteWhere} handles): copy-on-write
   * on the latest version, which this table instance then pins for every scan of the statement
   * (so Spark's runtime group filter looks at the same fragments the rewrite replaces).
   */
  @Override
  public RowLevelOperationBuilder newRowLevelOperationBuilder(RowLevelOperationInfo info) {
    if (tableOptions.containsKey("versionAsOf")) {
      throw new org.lance4j.InvalidInputException(info.command() + " on " + uri
          + ": a table read at an older version cannot be changed");
    }
    if (options(CaseInsensitiveStringMap.empty()).branch() != null) {
      throw new org.lance4j.InvalidInputException(info.command() + " on branch '"
          + options(CaseInsensitiveStringMap.empty()).branch() + "' of " + uri
          + ": row-level changes to branches are not supported yet (write to the branch with "
          + "append/overwrite, or change the main branch)");
    }
    Dataset ds = Dataset.open(uri, options(CaseInsensitiveStringMap.empty()).latest());
    pinned = ds;
    return () -> new LanceCopyOnWrite(this, info, ds);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    LanceOptions o = options(options);
    Dataset p = pinned;
    if (p != null && o.versionAsOf() == null && o.tagAsOf() == null) {
      // a scan of a row-level statement (e.g. MERGE's join side): the statement's version
      return new LanceScanBuilder(p, false, SparkArrowTypes.toSpark(p.schema()), o);
    }
    Dataset ds = Dataset.open(uri, o.openOptions());
    return new LanceScanBuilder(ds, true, SparkArrowTypes.toSpark(ds.schema()), o);
  }

  /** Called by the statement {@link #newRowLevelOperationBuilder} started, once it ended. */
  void unpin(Dataset statementVersion) {
    if (pinned == statementVersion) {
      pinned = null;
    }
    statementVersion.close();
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new LanceWriteBuilder(uri, info, options(info.options()), false);
  }

  @Override
  public MetadataColumn[] metadataColumns() {
    return new MetadataColumn[] {
        meta(ROW_ID, DataTypes.LongType), meta(ROW_ADDR, DataTypes.LongType),
        meta(FRAG_ID, DataTypes.IntegerType)};
  }

  private static MetadataColumn meta(String name, DataType type) {
    return new MetadataColumn() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public DataType dataType() {
        return type;
      }

      @Override
      public boolean isNullable() {
        return false;
      }
    };
  }

  /** The schema of the dataset at {@code uri}, or null when there is none. */
  static StructType datasetSchema(String uri, org.lance4j.StorageOptions storage) {
    try {
      try (Dataset ds = Dataset.open(uri, org.lance4j.OpenOptions.builder()
          .storageOptions(storage).build())) {
        return SparkArrowTypes.toSpark(ds.schema());
      }
    } catch (DatasetNotFoundException e) {
      return null;
    }
  }
}
