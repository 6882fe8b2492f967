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
        "Example: lance4j info /shared/ds",
        "Example: lance4j info /shared/ds --json | jq .rows", ""})
final class InfoCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--version", paramLabel = "N",
      description = "Version to describe (default: latest). Example: --version 1")
  Long version;

  @Option(names = "--tag", paramLabel = "NAME",
      description = "Read the version this tag names (see `lance4j tags`). Example: --tag gold")
  String tag;

  @Option(names = "--json", description = "Print one JSON object instead (keys: dataset, "
      + "version, latest_version, rows, deleted_rows, fragments, data_files, data_bytes, "
      + "file_format, data_storage_version, writer, created_at, schema, config). "
      + "Example: --json")
  boolean json;

  @Override
  public Integer call() {
    try (Dataset ds = Support.open(uri, version, tag)) {
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
      if (json) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Json.object();
        o.put("dataset", ds.uri());
        o.put("version", ds.version());
        o.put("latest_version", ds.latestVersion());
        o.put("rows", ds.countRows());
        o.put("deleted_rows", deleted);
        o.put("fragments", ds.fragments().size());
        o.put("data_files", files);
        o.put("data_bytes", bytes);
        o.put("file_format", info.fileFormat());
        o.put("data_storage_version", info.dataStorageVersion());
        com.fasterxml.jackson.databind.node.ArrayNode fv = o.putArray("data_file_versions");
        fileVersions.forEach(fv::add);
        com.fasterxml.jackson.databind.node.ObjectNode w = o.putObject("writer");
        w.put("library", info.writerLibrary());
        w.put("version", info.writerVersion());
        o.put("created_at", info.createdAt() == null ? null : info.createdAt().toString());
        com.fasterxml.jackson.databind.node.ArrayNode schema = o.putArray("schema");
        ds.lanceSchema().fields().forEach(f -> schema.add(Json.field(f)));
        com.fasterxml.jackson.databind.node.ObjectNode config = o.putObject("config");
        ds.config().forEach(config::put);
        Json.print(o);
        return ExitCodes.OK;
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

  static void print(LanceField f, String indent) {
    System.out.println(indent + f.name() + ": " + f.logicalType()
        + (f.nullable() ? "" : " not null") + "  (id " + f.id() + ")");
    for (LanceField c : f.children()) {
      print(c, indent + "  ");
    }
  }
}
