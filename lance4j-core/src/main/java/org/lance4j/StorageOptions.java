package org.lance4j;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings for the storage a dataset lives in, as string keys and values (Lance's own key names
 * where Lance has one), so they travel unchanged to Spark executors and worker processes. Every
 * entry point that touches storage accepts them ({@link OpenOptions}, {@link CommitOptions},
 * {@link WriteOptions}). Immutable and serializable.
 *
 * <p>Keys understood by the local file system store:
 * <ul>
 *   <li>{@value #LOCAL_FSYNC}: {@code true} (default) fsyncs each manifest before a commit links
 *       it into place; {@code false} skips that, as Lance's own local store does (scratch data,
 *       or file systems that are durable on close). When the key is absent, the system property of the same name is the
 *       default.</li>
 * </ul>
 */
public final class StorageOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StorageOptions EMPTY = new StorageOptions(Map.of());

  /** Whether the local store fsyncs what a commit depends on ({@code true} / {@code false}). */
  public static final String LOCAL_FSYNC = "lance4j.local.fsync";

  private final Map<String, String> values;

  private StorageOptions(Map<String, String> values) {
    this.values = values;
  }

  /** No settings: every store uses its defaults. */
  public static StorageOptions empty() {
    return EMPTY;
  }

  /** These settings (copied; keys and values must not be null). */
  public static StorageOptions of(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    return values.isEmpty() ? EMPTY : new StorageOptions(Map.copyOf(values));
  }

  /** The value for {@code key}, or null when it is not set. */
  public String get(String key) {
    return values.get(key);
  }

  /** The value for {@code key} as a boolean, {@code fallback} when not set. */
  public boolean getBoolean(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidInputException("storage option " + key + " must be true or false, got '"
        + v + "'");
  }

  /** These settings plus {@code key=value} (replacing an existing value). */
  public StorageOptions with(String key, String value) {
    Map<String, String> m = new TreeMap<>(values);
    m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new StorageOptions(Map.copyOf(m));
  }

  /** All settings (unmodifiable). */
  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StorageOptions s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Keys only: values may be credentials. */
  @Override
  public String toString() {
    return "StorageOptions" + new TreeMap<>(values).keySet();
  }
}
