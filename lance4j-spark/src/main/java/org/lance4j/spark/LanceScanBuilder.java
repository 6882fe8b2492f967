package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lance4j.Dataset;
import org.lance4j.LanceException;

/**
 * Push-down for one scan: required columns (nested struct fields too: see {@link NestedColumns}),
 * filters (those {@link FilterTranslator} translates exactly are applied by lance4j and, unless
 * {@code recheckFilters} is set, not re-evaluated by Spark; the others stay with Spark), limit,
 * and COUNT(*) answered from metadata.
 */
final class LanceScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns,
    SupportsPushDownFilters, SupportsPushDownLimit, SupportsPushDownAggregates {
  private final Dataset dataset;
  /** True when this builder opened {@link #dataset} and closes it once the scan is built. */
  private final boolean ownsDataset;
  private Scan built;
  private final StructType tableSchema;
  private final LanceOptions options;
  private StructType required;
  private Filter[] pushed = new Filter[0];
  private String filter;
  private long limit = -1;
  private boolean countOnly;

  /**
   * @param ownsDataset true: {@link #build} closes {@code dataset} (the scan keeps only the
   *     version's metadata); false: it belongs to the caller (a row-level statement's pinned one)
   */
  LanceScanBuilder(Dataset dataset, boolean ownsDataset, StructType tableSchema,
      LanceOptions options) {
    this.dataset = dataset;
    this.ownsDataset = ownsDataset;
    this.tableSchema = tableSchema;
    this.options = options;
    this.required = tableSchema;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    List<Filter> translated = new ArrayList<>();
    List<Filter> postScan = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (Filter f : filters) {
      String sql = FilterTranslator.translate(f, tableSchema);
      if (sql != null && typeChecks(sql)) {
        parts.add(sql);
        translated.add(f);
        if (options.recheckFilters()) {
          postScan.add(f);
        }
      } else {
        postScan.add(f);
      }
    }
    this.filter = parts.isEmpty() ? null : String.join(" AND ", parts);
    this.pushed = translated.toArray(new Filter[0]);
    return postScan.toArray(new Filter[0]);
  }

  /** A last guard: a translation lance4j would reject at scan time stays with Spark. */
  private boolean typeChecks(String sql) {
    try {
      dataset.validateFilter(sql);
      return true;
    } catch (LanceException e) {
      return false;
    }
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed;
  }

  @Override
  public boolean pushLimit(int limit) {
    this.limit = limit;
    return true;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return isCountStar(aggregation);
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    if (!isCountStar(aggregation) || filter != null) {
      return false;
    }
    countOnly = true;
    return true;
  }

  private static boolean isCountStar(Aggregation a) {
    if (a.groupByExpressions().length != 0 || a.aggregateExpressions().length == 0) {
      return false;
    }
    for (AggregateFunc f : a.aggregateExpressions()) {
      if (!(f instanceof CountStar)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Scan build() {
    if (built == null) {
      try {
        built = buildScan();
      } finally {
        if (ownsDataset) {
          dataset.close();
        }
      }
    }
    return built;
  }

  private Scan buildScan() {
    if (countOnly) {
      return LanceScan.count(dataset, options);
    }
    List<StructField> fields = new ArrayList<>();
    List<String> dataColumns = new ArrayList<>();
    for (StructField f : required.fields()) {
      if (LanceTable.isMetadataColumn(f.name())) {
        fields.add(f);
        continue;
      }
      StructField full = tableSchema.apply(f.name());
      List<String> paths = NestedColumns.paths(f.name(), f.dataType(), full.dataType());
      if (paths == null) {
        // not expressible as struct paths (or nothing pruned): the whole column
        fields.add(full);
        dataColumns.add(full.name());
      } else {
        fields.add(f);
        dataColumns.addAll(paths);
      }
    }
    StructType readSchema = new StructType(fields.toArray(new StructField[0]));
    ReadSpec spec = new ReadSpec(dataset.uri(), dataset.version(), readSchema, dataColumns,
        filter, limit, options.batchSize(), options.storageOptions());
    return new LanceScan(dataset, spec, options);
  }

  static StructType countSchema() {
    return new StructType().add("count(*)", DataTypes.LongType, false);
  }
}
