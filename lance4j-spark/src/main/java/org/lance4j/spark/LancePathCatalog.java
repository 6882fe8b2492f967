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
  /** The namespace of the identifiers {@link LanceDataSource} hands Spark for paths. */
  static final String DATAFRAME = "_dataframe";

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

  /**
   * DataFrame reads and writes ({@link LanceDataSource}, namespace {@link #DATAFRAME}) accept any
   * schema (an overwrite writes the data's own schema, an append is checked by lance4j); SQL
   * names ({@code lance_path.`/data/events`}) are strict like catalog tables, which lets MERGE
   * INTO / UPDATE / DELETE run on them.
   */
  @Override
  boolean acceptAnySchema(Identifier ident) {
    return ident.namespace().length == 1 && ident.namespace()[0].equals(DATAFRAME);
  }

  @Override
  public String uriOf(Identifier ident) {
    return ident.name();
  }
}
