package org.lance4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lance4j.CommitOptions;
import org.lance4j.OpenOptions;
import org.lance4j.StorageOptions;

/**
 * The storage options and branch of one CLI invocation: {@code --storage-option KEY=VALUE} (repeatable,
 * Lance's key names, e.g. {@code aws_endpoint=http://minio:9000}), given anywhere on the command
 * line. The environment the providers read (AWS_*, AZURE_*, GOOGLE_*) applies as well; an option
 * wins over the environment. {@link Main#run} resets them, so in-process runs do not share them.
 */
final class Storage {
  private static volatile StorageOptions options = StorageOptions.empty();
  private static volatile String branch;

  private Storage() {}

  static void reset() {
    options = StorageOptions.empty();
    branch = null;
  }

  /** {@code --branch NAME}: datasets are read from and committed to that branch. */
  static void branch(String name) {
    branch = name == null || name.isBlank() ? null : name.trim();
  }

  /** The {@code --branch} given, or null for the main branch. */
  static String branch() {
    return branch;
  }

  /** Parses every KEY=VALUE given so far (picocli passes the whole list each time). */
  static void set(List<String> pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw Errors.invalid("--storage-option '" + p + "' is not KEY=VALUE",
            "write it like --storage-option aws_endpoint=http://127.0.0.1:9000");
      }
      m.put(p.substring(0, eq).trim(), p.substring(eq + 1));
    }
    options = StorageOptions.of(m);
  }

  static StorageOptions options() {
    return options;
  }

  static OpenOptions.Builder open() {
    return OpenOptions.builder().storageOptions(options).branch(branch);
  }

  static CommitOptions.Builder commit() {
    return CommitOptions.builder().storageOptions(options).branch(branch);
  }

  /** Whether {@code uri} is a local path (no scheme, or file:), where the CLI may list files. */
  static boolean isLocal(String uri) {
    int colon = uri.indexOf("://");
    return colon < 0 || uri.startsWith("file:");
  }
}
