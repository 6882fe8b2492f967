package org.lance4j.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * When a worker is stopped (Ctrl-C, SIGTERM, a job's time limit) while it writes, says on stderr
 * which data files it leaves behind and how they go: the files that appeared in the dataset's
 * {@code data/} directory since it started (local datasets).
 */
final class LeftFiles {
  private LeftFiles() {}

  /** Starts watching; the returned hook runs if the JVM stops before {@link #done}. */
  static Thread watch(String uri) {
    Path data = dataDir(uri);
    if (data == null) {
      return null;
    }
    Set<String> before = list(data);
    Thread hook = new Thread(() -> {
      List<String> left = list(data).stream().filter(n -> !before.contains(n)).sorted()
          .toList();
      System.out.flush();
      System.err.println();
      if (left.isEmpty()) {
        System.err.println("lance4j: write-fragments was stopped before it finished; it left "
            + "no data files in " + data);
      } else {
        System.err.println("lance4j: write-fragments was stopped before it finished and leaves "
            + left.size() + " uncommitted data file(s) in " + data + " (files written while it "
            + "ran; those of other workers writing at the same time may be among them): "
            + String.join(", ", left.subList(0, Math.min(left.size(), 20)))
            + (left.size() > 20 ? ", ..." : "") + ". No version references them, so readers do "
            + "not see them; `lance4j cleanup " + uri + " --older-than 1d` deletes them once "
            + "they are a day old (add --dry-run to list them first).");
      }
      System.err.flush();
    }, "lance4j-stopped");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException e) {
      return null; // already shutting down
    }
    return hook;
  }

  /** The write finished (or failed with its own message): no note at exit. */
  static void done(Thread hook) {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs
      }
    }
  }

  private static Path dataDir(String uri) {
    if (!Storage.isLocal(uri)) {
      return null; // an object store: nothing to watch on this machine
    }
    try {
      Path root = uri.startsWith("file:") ? Paths.get(URI.create(uri)) : Paths.get(uri);
      return root.resolve("data");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Set<String> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      return Set.of();
    }
  }
}
