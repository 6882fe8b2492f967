package org.lance4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.lance4j.Dataset;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.LanceException;
import org.lance4j.VersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists the versions of a dataset. */
@Command(name = "versions", sortOptions = false,
    description = {"List the kept versions of a dataset, oldest first: version, commit time "
        + "(UTC), operation, rows.",
        "A version whose manifest cannot be read (e.g. a corrupt latest manifest) is listed as "
            + "unreadable with the reason, the readable ones still show, and the exit code is 7; "
            + "older versions can still be read with `lance4j scan URI --version N`.", "",
        "Example: lance4j versions /shared/ds",
        "Example: lance4j versions /shared/ds --json", ""})
final class VersionsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--json", description = "Print a JSON array of {version, timestamp, "
      + "operation, rows, readable[, error]} instead. Example: --json")
  boolean json;

  /** One listed version: info null when its manifest cannot be read (error says why). */
  record Entry(long version, Instant timestamp, String operation, Long rows, String error) {}

  @Override
  public Integer call() {
    List<Entry> entries = entries(uri);
    boolean broken = entries.stream().anyMatch(e -> e.error() != null);
    if (json) {
      ArrayNode a = Json.array();
      for (Entry e : entries) {
        ObjectNode o = a.addObject();
        o.put("version", e.version());
        o.put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
        o.put("operation", e.operation());
        o.put("rows", e.rows());
        o.put("readable", e.error() == null);
        if (e.error() != null) {
          o.put("error", e.error());
        }
      }
      Json.print(a);
    } else {
      System.out.printf("%-8s %-24s %-14s %s%n", "version", "timestamp", "operation", "rows");
      for (Entry e : entries) {
        if (e.error() != null) {
          System.out.printf("%-8d %-24s %-14s %s%n", e.version(), "?", "?",
              "UNREADABLE: " + e.error());
        } else {
          System.out.printf("%-8d %-24s %-14s %s%n", e.version(),
              e.timestamp() == null ? "?" : e.timestamp().truncatedTo(ChronoUnit.SECONDS),
              e.operation(), e.rows() == null ? "?" : e.rows());
        }
      }
    }
    if (broken) {
      long readable = entries.stream().filter(e -> e.error() == null)
          .mapToLong(Entry::version).max().orElse(-1);
      System.out.flush();
      System.err.println("lance4j: error: " + entries.stream().filter(e -> e.error() != null)
          .count() + " version(s) of " + uri + " cannot be read (listed above)"
          + (readable > 0 ? " (hint: `lance4j scan " + uri + " --version " + readable
              + "` still reads version " + readable + ")" : ""));
      return ExitCodes.CORRUPT;
    }
    return ExitCodes.OK;
  }

  /** The kept versions, oldest first; unreadable ones marked rather than failing the listing. */
  static List<Entry> entries(String uri) {
    List<VersionInfo> all;
    try (Dataset latest = Support.open(uri)) {
      all = latest.versions();
    } catch (DatasetNotFoundException e) {
      throw e;
    } catch (LanceException e) {
      return probe(uri, e);
    }
    List<Entry> out = new ArrayList<>();
    for (VersionInfo v : all) {
      Long rows;
      try (Dataset ds = Support.open(uri, v.version())) {
        rows = ds.countRows();
      } catch (LanceException e) {
        rows = null;
      }
      out.add(new Entry(v.version(), v.timestamp(), v.operation(), rows, null));
    }
    return out;
  }

  /**
   * When the listing itself fails (one manifest does not read): every manifest file of a local
   * dataset, each opened on its own.
   */
  private static List<Entry> probe(String uri, LanceException failure) {
    TreeSet<Long> versions = manifestVersions(uri);
    if (versions.isEmpty()) {
      throw failure;
    }
    List<Entry> out = new ArrayList<>();
    for (long v : versions) {
      try (Dataset ds = Support.open(uri, v)) {
        out.add(new Entry(v, ds.info().createdAt(), "?", ds.countRows(), null));
      } catch (LanceException e) {
        out.add(new Entry(v, null, null, null, Errors.plain(e)));
      }
    }
    return out;
  }

  /** Versions named by the manifests in {@code _versions/} (V1 and V2 names), local only. */
  static TreeSet<Long> manifestVersions(String uri) {
    TreeSet<Long> out = new TreeSet<>();
    if (!Storage.isLocal(uri)) {
      return out;
    }
    Path root;
    try {
      root = uri.startsWith("file:") ? Paths.get(URI.create(uri)) : Paths.get(uri);
    } catch (RuntimeException e) {
      return out;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(root.resolve("_versions"),
        "*.manifest")) {
      for (Path p : dir) {
        String n = p.getFileName().toString();
        String digits = n.substring(0, n.length() - ".manifest".length());
        if (!digits.matches("\\d{1,20}")) {
          continue;
        }
        try {
          long v = Long.parseUnsignedLong(digits);
          out.add(digits.length() == 20 ? ~v : v);
        } catch (NumberFormatException e) {
          // not a committed manifest name
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }
}
