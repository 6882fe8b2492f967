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

/**
 * Push-down for one scan: required columns (top-level; nested structs are read whole), filters
 * (translated into lance4j's filter language; Spark still re-checks them, so a filter lance4j
 * evaluates differently can never change results), limit, and COUNT(*) answered from metadata.
 */
final class LanceScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns,
    SupportsPushDownFilters, SupportsPushDownLimit, SupportsPushDownAggregates {
  private final Dataset dataset;
  private final StructType tableSchema;
  private final LanceOptions options;
  private StructType required;
  private Filter[] pushed = new Filter[0];
  private String filter;
  private long limit = -1;
  private boolean countOnly;

  LanceScanBuilder(Dataset dataset, StructType tableSchema, LanceOptions options) {
    this.dataset = dataset;
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
    this.filter = FilterTranslator.translateAll(filters, translated);
    this.pushed = translated.toArray(new Filter[0]);
    return filters; // all of them are re-checked by Spark
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
      // nested pruning is not pushed: the whole top-level column is read and returned
      StructField full = tableSchema.apply(f.name());
      fields.add(full);
      dataColumns.add(full.name());
    }
    StructType readSchema = new StructType(fields.toArray(new StructField[0]));
    ReadSpec spec = new ReadSpec(dataset.uri(), dataset.version(), readSchema, dataColumns,
        filter, limit, options.batchSize());
    return new LanceScan(dataset, spec, options);
  }

  static StructType countSchema() {
    return new StructType().add("count(*)", DataTypes.LongType, false);
  }
}
