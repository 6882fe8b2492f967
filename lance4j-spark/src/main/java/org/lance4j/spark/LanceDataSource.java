package org.lance4j.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.SupportsCatalogOptions;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code lance} data source: {@code spark.read.format("lance").load(uri)} and
 * {@code df.write.format("lance").mode(...).save(uri)}. Paths are resolved through
 * {@link LancePathCatalog} (registered on first use), so Spark plans append as an append,
 * overwrite as an atomic replace, and errorIfExists / ignore as an atomic CREATE TABLE AS SELECT;
 * {@code versionAsOf} is Spark's time-travel option.
 */
public class LanceDataSource implements TableProvider, DataSourceRegister,
    SupportsCatalogOptions {

  @Override
  public Identifier extractIdentifier(CaseInsensitiveStringMap options) {
    String path = new LanceOptions(options.asCaseSensitiveMap()).path();
    SparkStorage.rememberForPath(path, options.asCaseSensitiveMap());
    return Identifier.of(new String[] {LancePathCatalog.DATAFRAME}, path);
  }

  @Override
  public String extractCatalog(CaseInsensitiveStringMap options) {
    SparkSession spark = SparkSession.active();
    String key = "spark.sql.catalog." + LancePathCatalog.NAME;
    if (!spark.conf().contains(key)) {
      spark.conf().set(key, LancePathCatalog.class.getName());
    }
    return LancePathCatalog.NAME;
  }

  @Override
  public String shortName() {
    return "lance";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    LanceOptions o = new LanceOptions(options.asCaseSensitiveMap());
    String uri = o.path();
    StructType s = LanceTable.datasetSchema(uri, o.storageOptions());
    if (s == null) {
      throw new org.lance4j.DatasetNotFoundException("no Lance dataset at " + uri);
    }
    return s;
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning,
      Map<String, String> properties) {
    String uri = new LanceOptions(properties).path();
    return new LanceTable(uri, uri, schema, properties, true);
  }
}
