package org.lance4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.OpenOptions;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;

/**
 * A Spark catalog whose tables are the Lance datasets in the directories under a root:
 * {@code spark.sql.catalog.lance = org.lance4j.spark.LanceCatalog},
 * {@code spark.sql.catalog.lance.root = /data/lake}; table {@code lance.db.events} is the dataset at
 * {@code /data/lake/db/events}. CREATE TABLE creates an empty dataset (version 1); CTAS and
 * REPLACE TABLE AS SELECT are staged, so the table appears with its rows in one commit.
 * Table properties {@code vector.dim.<column>} store float arrays as fixed-size vectors.
 */
public class LanceCatalog implements StagingTableCatalog {
  private String name;
  private String root;
  /** The catalog's own {@code storage.*} options (spark.sql.catalog.NAME.storage.KEY). */
  private Map<String, String> catalogStorage = Map.of();

  /**
   * Whether writes may replace the schema (path-based DataFrame writes) or must match it (SQL).
   * Spark neither aligns nor rewrites MERGE / UPDATE on a table that accepts any schema, so the
   * tables that accept any schema cannot take row-level statements.
   */
  boolean acceptAnySchema(Identifier ident) {
    return false;
  }

  /** Subclasses that name datasets by path need no root. */
  void initializeName(String name) {
    this.name = name;
  }

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.name = name;
    String r = options.get("root");
    if (r == null || r.isBlank()) {
      throw new InvalidInputException("catalog " + name + " needs option root (spark.sql.catalog."
          + name + ".root = directory holding the datasets)");
    }
    this.root = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    this.catalogStorage = SparkStorage.prefixed(options.asCaseSensitiveMap());
  }

  /** The catalog's storage options for the table at {@code uri} (prefix removed). */
  Map<String, String> catalogStorage(String uri) {
    return catalogStorage;
  }

  /** The session conf's storage options plus the catalog's. */
  org.lance4j.StorageOptions storage(String uri) {
    return SparkStorage.of(SparkStorage.withOptions(Map.of(), catalogStorage(uri)));
  }

  /** Table options with the catalog's storage options, so that the table's reads use them. */
  Map<String, String> tableOptions(String uri, Map<String, String> options) {
    return SparkStorage.withOptions(options, catalogStorage(uri));
  }

  @Override
  public String name() {
    return name;
  }

  /** The dataset URI of a table. */
  public String uriOf(Identifier ident) {
    StringBuilder b = new StringBuilder(root);
    for (String ns : ident.namespace()) {
      b.append('/').append(ns);
    }
    return b.append('/').append(ident.name()).toString();
  }

  private static Path localPath(String uri) {
    if (uri.startsWith("file:")) {
      return Paths.get(URI.create(uri));
    }
    if (uri.contains("://")) {
      throw new InvalidInputException("LanceCatalog can list, drop and rename tables only under a"
          + " local root for now, not " + uri);
    }
    return Paths.get(uri);
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    StringBuilder b = new StringBuilder(root);
    for (String ns : namespace) {
      b.append('/').append(ns);
    }
    Path dir = localPath(b.toString());
    List<Identifier> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> Files.isDirectory(p.resolve("_versions"))).sorted().forEach(
            p -> out.add(Identifier.of(namespace, p.getFileName().toString())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toArray(new Identifier[0]);
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    String uri = uriOf(ident);
    StructType schema = LanceTable.datasetSchema(uri, storage(uri));
    if (schema == null) {
      throw new NoSuchTableException(ident);
    }
    return new LanceTable(uri, name + "." + ident, schema, tableOptions(uri, Map.of()),
        acceptAnySchema(ident));
  }

  /**
   * Time travel: {@code SELECT ... VERSION AS OF n} (a version number) or {@code VERSION AS OF
   * 'gold'} (a tag), and the {@code versionAsOf} read option.
   */
  @Override
  public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
    String uri = uriOf(ident);
    if (LanceTable.datasetSchema(uri, storage(uri)) == null) {
      throw new NoSuchTableException(ident);
    }
    String v = version.trim();
    OpenOptions.Builder b = OpenOptions.builder().storageOptions(storage(uri));
    OpenOptions at = v.matches("\\d+") ? b.version(Long.parseLong(v)).build() : b.tag(v).build();
    StructType schema;
    try (Dataset ds = Dataset.open(uri, at)) {
      schema = SparkArrowTypes.toSpark(ds.schema());
    }
    return new LanceTable(uri, name + "." + ident, schema,
        tableOptions(uri, Map.of("versionAsOf", version)),
        acceptAnySchema(ident));
  }

  @Override
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) throws TableAlreadyExistsException {
    String uri = uriOf(ident);
    if (LanceTable.datasetSchema(uri, storage(uri)) != null) {
      throw new TableAlreadyExistsException(ident);
    }
    requireUnpartitioned(partitions);
    LanceOptions o = new LanceOptions(withPath(properties, uri));
    Dataset.commit(uri, new Operation.Overwrite(SparkArrowTypes.toArrow(schema, o.vectorDims()),
        List.of()), 0, CommitOptions.builder().storageOptions(storage(uri)).build());
    return new LanceTable(uri, name + "." + ident, LanceTable.datasetSchema(uri, storage(uri)),
        tableOptions(uri, properties),
        acceptAnySchema(ident));
  }

  private static Map<String, String> withPath(Map<String, String> props, String uri) {
    Map<String, String> m = new HashMap<>(props);
    m.put("path", uri);
    return m;
  }

  private static void requireUnpartitioned(Transform[] partitions) {
    if (partitions != null && partitions.length > 0) {
      throw new InvalidInputException("Lance tables are not partitioned (PARTITIONED BY given)");
    }
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw new UnsupportedOperationException("ALTER TABLE is not supported by LanceCatalog yet");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    String uri = uriOf(ident);
    if (LanceTable.datasetSchema(uri, storage(uri)) == null) {
      return false;
    }
    Path dir = localPath(uri);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("dropping " + uri, e);
    }
    return true;
  }

  @Override
  public void renameTable(Identifier from, Identifier to)
      throws NoSuchTableException, TableAlreadyExistsException {
    if (LanceTable.datasetSchema(uriOf(from), storage(uriOf(from))) == null) {
      throw new NoSuchTableException(from);
    }
    Path target = localPath(uriOf(to));
    if (Files.exists(target)) {
      throw new TableAlreadyExistsException(to);
    }
    try {
      Files.createDirectories(target.getParent());
      Files.move(localPath(uriOf(from)), target);
    } catch (IOException e) {
      throw new UncheckedIOException("renaming " + from + " to " + to, e);
    }
  }

  // ---- staged CTAS / RTAS: the rows and the table appear in one commit ----

  @Override
  public StagedTable stageCreate(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) throws TableAlreadyExistsException {
    String uri = uriOf(ident);
    if (LanceTable.datasetSchema(uri, storage(uri)) != null) {
      throw new TableAlreadyExistsException(ident);
    }
    requireUnpartitioned(partitions);
    return new Staged(uri, name + "." + ident, schema, tableOptions(uri, properties));
  }

  @Override
  public StagedTable stageReplace(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) throws NoSuchTableException {
    String uri = uriOf(ident);
    if (LanceTable.datasetSchema(uri, storage(uri)) == null) {
      throw new NoSuchTableException(ident);
    }
    requireUnpartitioned(partitions);
    return new Staged(uri, name + "." + ident, schema, tableOptions(uri, properties));
  }

  @Override
  public StagedTable stageCreateOrReplace(Identifier ident, StructType schema,
      Transform[] partitions, Map<String, String> properties) {
    requireUnpartitioned(partitions);
    String uri = uriOf(ident);
    return new Staged(uri, name + "." + ident, schema, tableOptions(uri, properties));
  }

  /**
   * A table to be created or replaced by the write that follows: the write commits an Overwrite
   * (on top of the version seen when it is planned); nothing is visible before that commit.
   */
  private static final class Staged extends LanceTable implements StagedTable {
    private final String uri;
    private LanceBatchWrite write;

    Staged(String uri, String name, StructType schema, Map<String, String> properties) {
      super(uri, name, schema, properties, false);
      this.uri = uri;
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
      LanceWriteBuilder b = new LanceWriteBuilder(uri, info, options(info.options()), true);
      return new WriteBuilder() {
        @Override
        public org.apache.spark.sql.connector.write.Write build() {
          return new org.apache.spark.sql.connector.write.Write() {
            @Override
            public org.apache.spark.sql.connector.write.BatchWrite toBatch() {
              write = new LanceBatchWrite(b.plan());
              return write;
            }
          };
        }
      };
    }

    @Override
    public void commitStagedChanges() {
      if (write == null || write.committedVersion() < 0) {
        // no write ran (CREATE TABLE ... AS SELECT always writes; this is a safety net)
        LanceOptions o = options(CaseInsensitiveStringMap.empty());
        long readVersion;
        try (Dataset latest = LanceWriteBuilder.openLatest(uri, o.storageOptions())) {
          readVersion = latest == null ? 0 : latest.version();
        }
        Dataset.commit(uri, new Operation.Overwrite(
            SparkArrowTypes.toArrow(schema(), Map.of()), List.of()), readVersion,
            o.commitOptions()).close();
      }
    }

    @Override
    public void abortStagedChanges() {
      // the write's own abort deleted its files; nothing was committed
    }
  }
}
