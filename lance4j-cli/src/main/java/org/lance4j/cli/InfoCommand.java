package org.lance4j.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.LanceField;
import org.lance4j.DatasetInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Summary of one dataset version. */
@Command(name = "info", sortOptions = false,
    description = {"Show a dataset version: rows, fragments, data files, size, schema (with "
        + "Lance field ids) and format versions.", "",
        "Example: lance4j info /shared/ds", ""})
final class InfoCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--version", paramLabel = "N",
      description = "Version to describe (default: latest). Example: --version 1")
  Long version;

  @Override
  public Integer call() {
    try (Dataset ds = Support.open(uri, version)) {
      DatasetInfo info = ds.info();
      long files = 0;
      long bytes = 0;
      long deleted = 0;
      java.util.Set<String> fileVersions = new java.util.TreeSet<>();
      for (Fragment f : ds.fragments()) {
        for (DataFile d : f.metadata().files()) {
          files++;
          bytes += d.fileSizeBytes();
          fileVersions.add(d.fileVersion());
        }
        deleted += f.metadata().physicalRows() - f.metadata().numRows();
      }
      System.out.println("dataset:        " + ds.uri());
      System.out.println("version:        " + ds.version() + " (latest: " + ds.latestVersion()
          + ")");
      System.out.println("rows:           " + String.format(Locale.ROOT, "%,d", ds.countRows())
          + (deleted > 0 ? String.format(Locale.ROOT, " (+%,d deleted)", deleted) : ""));
      System.out.println("fragments:      " + ds.fragments().size());
      System.out.println("data files:     " + files + " (" + Progress.bytes(bytes) + ")");
      System.out.println("data format:    " + info.fileFormat() + " "
          + info.dataStorageVersion() + (fileVersions.isEmpty() ? "" : ", files " + fileVersions));
      System.out.println("written by:     " + (info.writerLibrary() != null
          ? info.writerLibrary() + " " + info.writerVersion() : "?"));
      System.out.println("schema:");
      for (LanceField f : ds.lanceSchema().fields()) {
        print(f, "  ");
      }
      if (!ds.config().isEmpty()) {
        System.out.println("config:         " + ds.config());
      }
    }
    return ExitCodes.OK;
  }

  private static void print(LanceField f, String indent) {
    System.out.println(indent + f.name() + ": " + f.logicalType()
        + (f.nullable() ? "" : " not null") + "  (id " + f.id() + ")");
    for (LanceField c : f.children()) {
      print(c, indent + "  ");
    }
  }
}
