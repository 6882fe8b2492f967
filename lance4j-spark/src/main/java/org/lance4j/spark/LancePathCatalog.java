package org.lance4j.spark;

import org.apache.spark.sql.connector.catalog.Identifier;
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

  @Override
  public String uriOf(Identifier ident) {
    return ident.name();
  }
}
