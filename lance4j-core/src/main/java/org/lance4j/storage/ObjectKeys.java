package org.lance4j.storage;

import org.lance4j.InvalidInputException;

/**
 * The key space of a dataset in a bucket or container of an object store: the URI of its root
 * ({@code s3://bucket/a/b}), and the mapping of dataset-relative paths to object keys under the
 * prefix ({@code "a/b/" + path}), refusing paths that would escape it. What every object store
 * provider needs the same way.
 */
public final class ObjectKeys {
  private final String root;
  private final String prefix; // "" or "a/b/" (with the trailing slash)

  /**
   * @param scheme the URI scheme for {@link #root()} ({@code "s3"}, {@code "az"}, {@code "gs"})
   * @param bucket the bucket or container
   * @param prefix the key prefix of the dataset root without slashes at either end ("" for none)
   */
  public ObjectKeys(String scheme, String bucket, String prefix) {
    this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    this.root = scheme + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The URI of the dataset root, for messages and {@link ObjectStore#root()}. */
  public String root() {
    return root;
  }

  /** The prefix keys start with: "" or ends with '/'. */
  public String prefix() {
    return prefix;
  }

  /** The object key of a dataset-relative path; {@code .}/{@code ..} segments are refused. */
  public String key(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    for (String seg : p.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".")) {
        throw new InvalidInputException("path escapes the dataset root " + root + ": " + path);
      }
    }
    return prefix + p;
  }

  /** The listing prefix of a dataset-relative directory ("" or ends with '/'). */
  public String dirPrefix(String dir) {
    String d = dir;
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d.isEmpty() ? prefix : key(d) + "/";
  }

  /** The URI of a dataset-relative path, for messages. */
  public String where(String path) {
    return root + "/" + path;
  }

  /**
   * The name of a listed key directly under {@code dirPrefix} that sorts after
   * {@code startAfter} (null or empty: any), or null for a key to skip: a "directory marker",
   * a deeper key (a server that ignores the delimiter), one at or before the start.
   */
  public static String childName(String key, String dirPrefix, String startAfter) {
    String name = key.substring(dirPrefix.length());
    if (name.isEmpty() || name.contains("/")) {
      return null;
    }
    if (startAfter != null && !startAfter.isEmpty() && name.compareTo(startAfter) <= 0) {
      return null;
    }
    return name;
  }

  /** {@link ObjectStore#listFrom}'s argument check. */
  public static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }
}
