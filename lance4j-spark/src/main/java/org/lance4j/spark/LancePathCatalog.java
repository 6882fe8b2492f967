package org.lance4j.spark;

import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The catalog behind {@code format("lance").load(uri)} / {@code save(uri)}: the identifier's name
 * is the dataset URI. Registered automatically by {@link LanceDataSource} so that every save mode
 * (including errorIfExists and ignore, which Spark runs as CREATE TABLE AS SELECT) works on paths.
 */
public class LancePathCatalog extends LanceCatalog {
  /** The catalog name {@link LanceDataSource} registers. */
  public static final String NAME = "lance_path";

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    initializeName(name);
  }

  /**
   * A missing dataset loads as an empty table, so that {@code mode("append")} creates it (as
   * pylance does); reading it still fails with the dataset's absence.
   */
  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    if (LanceTable.datasetSchema(ident.name(), storage(ident.name())) == null) {
      return new LanceTable(ident.name(), ident.name(), new StructType(),
          tableOptions(ident.name(), Map.of()), true);
    }
    return super.loadTable(ident);
  }

  @Override
  public boolean tableExists(Identifier ident) {
    return LanceTable.datasetSchema(ident.name(), storage(ident.name())) != null;
  }

  /**
   * The {@code storage.*} options of the last {@code load}/{@code save} of this path: Spark asks
   * the catalog about the table before handing it the read or write options.
   */
  @Override
  Map<String, String> catalogStorage(String uri) {
    return SparkStorage.forPath(uri);
  }

  @Override
  boolean acceptAnySchema() {
    return true;
  }

  @Override
  public String uriOf(Identifier ident) {
    return ident.name();
  }
}
