package org.lance4j.spark;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.lance4j.StorageOptions;

/**
 * Storage options (Lance's key names, e.g. {@code aws_endpoint}) for the datasets Spark reads and
 * writes: the session conf {@code spark.lance.storage.<key>}, overridden by the read/write (or
 * catalog) option {@code storage.<key>}. They are resolved on the driver and travel to the
 * executors inside the serialized scan and write specs.
 */
final class SparkStorage {
  /** Prefix of the data source and catalog options. */
  static final String OPTION_PREFIX = "storage.";
  /** Prefix of the Spark session conf. */
  static final String CONF_PREFIX = "spark.lance.storage.";

  /** The storage.* options last given with each path (driver side, see #rememberForPath). */
  private static final Map<String, Map<String, String>> BY_PATH =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SparkStorage() {}

  /**
   * Remembers the {@code storage.*} options of a {@code load(path)} / {@code save(path)}: Spark
   * resolves such a path through {@link LancePathCatalog}, whose {@code loadTable} does not see
   * the options, yet must reach the store (does the dataset exist?).
   */
  static void rememberForPath(String path, Map<String, String> options) {
    Map<String, String> storage = prefixed(options);
    if (storage.isEmpty()) {
      BY_PATH.remove(path);
    } else {
      BY_PATH.put(path, Map.copyOf(storage));
    }
  }

  /** What {@link #rememberForPath} stored for {@code path} (empty when nothing). */
  static Map<String, String> forPath(String path) {
    return BY_PATH.getOrDefault(path, Map.of());
  }

  /** The session conf's storage options (empty without an active session, e.g. on executors). */
  static Map<String, String> conf() {
    scala.Option<SparkSession> s = SparkSession.getActiveSession();
    if (s.isEmpty()) {
      s = SparkSession.getDefaultSession();
    }
    Map<String, String> out = new HashMap<>();
    if (s.isEmpty()) {
      return out;
    }
    Map<String, String> all = scala.jdk.javaapi.CollectionConverters.asJava(s.get().conf()
        .getAll());
    all.forEach((k, v) -> {
      if (k.startsWith(CONF_PREFIX) && k.length() > CONF_PREFIX.length()) {
        out.put(k.substring(CONF_PREFIX.length()), v);
      }
    });
    return out;
  }

  /** The conf's storage options plus the {@code storage.*} entries of {@code options}. */
  static StorageOptions of(Map<String, String> options) {
    Map<String, String> m = conf();
    m.putAll(prefixed(options));
    return StorageOptions.of(m);
  }

  /** The {@code storage.*} entries of {@code options}, prefix removed, keys lower-cased. */
  static Map<String, String> prefixed(Map<String, String> options) {
    Map<String, String> out = new HashMap<>();
    options.forEach((k, v) -> {
      String lower = k.toLowerCase(Locale.ROOT);
      if (lower.startsWith(OPTION_PREFIX) && lower.length() > OPTION_PREFIX.length()) {
        out.put(lower.substring(OPTION_PREFIX.length()), v);
      }
    });
    return out;
  }

  /** {@code options} with the {@code storage.*} entries of {@code storage} added (catalog). */
  static Map<String, String> withOptions(Map<String, String> options,
      Map<String, String> storage) {
    Map<String, String> out = new HashMap<>(options);
    storage.forEach((k, v) -> out.putIfAbsent(OPTION_PREFIX + k, v));
    return out;
  }
}
