package org.lance4j.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;

/**
 * What {@code cleanup} would delete, computed from the public API without deleting anything:
 * versions older than the threshold (never the latest) and, of a local dataset, the data and
 * deletion files no kept version references whose modification time is older than the threshold
 * (uncommitted files of failed, stopped or still running workers among them).
 */
final class CleanupPlan {
  private CleanupPlan() {}

  static void print(String uri, Duration olderThan) throws IOException {
    Instant threshold = Instant.now().minus(olderThan);
    List<VersionsCommand.Entry> entries = VersionsCommand.entries(uri);
    long latest = entries.stream().mapToLong(VersionsCommand.Entry::version).max().orElse(0);
    List<Long> removed = new ArrayList<>();
    Set<String> referenced = new HashSet<>();
    for (VersionsCommand.Entry e : entries) {
      boolean keep = e.version() == latest || e.timestamp() == null
          || !e.timestamp().isBefore(threshold);
      if (!keep) {
        removed.add(e.version());
        continue;
      }
      if (e.error() != null) {
        throw Errors.invalid("version " + e.version() + " cannot be read (" + e.error()
            + "), so what it references is unknown", "fix or remove that version first");
      }
      try (Dataset ds = Support.open(uri, e.version())) {
        for (Fragment f : ds.fragments()) {
          FragmentMetadata m = f.metadata();
          for (DataFile d : m.files()) {
            referenced.add("data/" + d.path());
          }
          if (m.deletionFile() != null) {
            referenced.add(m.deletionFile().path(m.id()));
          }
        }
      }
    }
    System.out.println("would remove " + removed.size() + " old version(s)"
        + (removed.isEmpty() ? "" : ": " + removed));
    if (!Storage.isLocal(uri)) {
      System.out.println("unreferenced data and deletion files are listed for local datasets "
          + "only; cleanup itself removes them on " + uri.substring(0, uri.indexOf(':')) + "://");
      return;
    }
    Path root = uri.startsWith("file:") ? Paths.get(URI.create(uri)) : Paths.get(uri);
    long bytes = 0;
    for (String dir : List.of("data", "_deletions")) {
      List<String> files = new ArrayList<>();
      Path d = root.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.list(d)) {
          for (Path p : s.sorted().toList()) {
            String rel = dir + "/" + p.getFileName();
            if (!referenced.contains(rel)
                && Files.getLastModifiedTime(p).toInstant().isBefore(threshold)) {
              files.add(rel);
              bytes += Files.size(p);
            }
          }
        }
      }
      System.out.println("would remove " + files.size() + (dir.equals("data") ? " data"
          : " deletion") + " file(s) no kept version uses" + (files.isEmpty() ? ""
          : ":"));
      files.forEach(f -> System.out.println("  " + f));
    }
    System.out.println("would free about " + Progress.bytes(bytes) + " of data (plus the old "
        + "manifests and transaction files); nothing was deleted");
  }
}
