package org.lance4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints rows of a dataset. */
@Command(name = "scan", sortOptions = false,
    description = {"Print rows of a dataset as a table, CSV or JSON Lines (streamed).", "",
        "Example: lance4j scan /shared/ds --columns name,age --filter 'age > 30' --limit 10",
        "Example: lance4j scan /shared/ds --format csv > export.csv", ""})
final class ScanCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--columns", split = ",", paramLabel = "COL",
      description = "Columns to print, comma-separated (default: all). Example: --columns "
          + "name,age")
  List<String> columns;

  @Option(names = {"-c", "--column"}, paramLabel = "COL",
      description = "One column to print; repeat it for more (for names with a comma). "
          + "Example: --column 'city, state' --column age")
  List<String> column;

  @Option(names = "--filter", paramLabel = "PREDICATE",
      description = "Only rows matching this SQL predicate. Example: --filter \"age > 30\"")
  String filter;

  @Option(names = "--limit", paramLabel = "N",
      description = "At most N rows (N >= 0). Example: --limit 20")
  Long limit;

  @Option(names = "--offset", paramLabel = "N", description = "Skip N rows. Example: --offset 100")
  Long offset;

  @Option(names = "--version", paramLabel = "N",
      description = "Read this version (time travel; default latest). Example: --version 1")
  Long version;

  @Option(names = "--tag", paramLabel = "NAME",
      description = "Read the version this tag names (see `lance4j tags`). Example: --tag gold")
  String tag;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), csv or jsonl. Example: --format jsonl")
  String format;

  @Override
  public Integer call() throws Exception {
    RowPrinter.Format fmt;
    try {
      fmt = RowPrinter.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.invalid("unknown --format '" + format + "'", "use table, csv or jsonl");
    }
    if (limit != null && limit < 0) {
      throw Errors.invalid("--limit must be 0 or more, got " + limit,
          "leave --limit out to print every row");
    }
    if (offset != null && offset < 0) {
      throw Errors.invalid("--offset must be 0 or more, got " + offset, "e.g. --offset 100");
    }
    List<String> cols = null;
    if (columns != null || column != null) {
      cols = new java.util.ArrayList<>();
      if (columns != null) {
        cols.addAll(columns.stream().map(String::trim).toList());
      }
      if (column != null) {
        cols.addAll(column);
      }
    }
    ScanOptions.Builder b = ScanOptions.builder().columns(cols).filter(filter);
    if (limit != null) {
      b.limit(limit);
    }
    if (offset != null) {
      b.offset(offset);
    }
    RowPrinter printer = new RowPrinter(System.out, fmt);
    try (Dataset ds = Support.open(uri, version, tag);
        BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = ds.scan(allocator, b.build())) {
      printer.start(reader.getVectorSchemaRoot().getSchema().getFields().stream()
          .map(org.apache.arrow.vector.types.pojo.Field::getName).toList());
      while (reader.loadNextBatch()) {
        printer.batch(reader.getVectorSchemaRoot());
      }
    }
    printer.finish();
    return ExitCodes.OK;
  }
}
