package org.lance4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.lance4j.Dataset;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.VersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Lists the versions of a dataset. */
@Command(name = "versions",
    description = {"List the kept versions of a dataset, oldest first: version, commit time "
        + "(UTC), operation, rows.", "", "Example: lance4j versions /shared/ds", ""})
final class VersionsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Override
  public Integer call() {
    System.out.printf("%-8s %-24s %-14s %s%n", "version", "timestamp", "operation", "rows");
    for (VersionInfo v : list(uri)) {
      String rows;
      try (Dataset ds = Dataset.open(uri, v.version())) {
        rows = String.valueOf(ds.countRows());
      } catch (DatasetNotFoundException e) {
        rows = "?";
      }
      System.out.printf("%-8d %-24s %-14s %s%n", v.version(),
          v.timestamp().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), v.operation(), rows);
    }
    return ExitCodes.OK;
  }

  /** The kept versions of the dataset, oldest first. */
  static List<VersionInfo> list(String uri) {
    try (Dataset latest = Dataset.open(uri)) {
      return latest.versions();
    }
  }
}
