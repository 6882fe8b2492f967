package org.lance4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Counts rows. */
@Command(name = "count", sortOptions = false,
    description = {"Print the number of rows of a dataset version (deleted rows excluded), or of "
        + "the rows matching --filter.", "",
        "Example: lance4j count /shared/ds",
        "Example: lance4j count /shared/ds --filter \"age > 30\"", ""})
final class CountCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--filter", paramLabel = "PREDICATE",
      description = "Count only rows matching this SQL predicate (this reads the columns it "
          + "names; without it the count comes from metadata). Example: --filter \"age > 30\"")
  String filter;

  @Option(names = "--version", paramLabel = "N",
      description = "Version to count (default: latest). Example: --version 1")
  Long version;

  @Option(names = "--tag", paramLabel = "NAME",
      description = "Read the version this tag names (see `lance4j tags`). Example: --tag gold")
  String tag;

  @Override
  public Integer call() throws Exception {
    try (Dataset ds = Support.open(uri, version, tag)) {
      if (filter == null || filter.isBlank()) {
        System.out.println(ds.countRows());
        return ExitCodes.OK;
      }
      ds.validateFilter(filter);
      List<String> first = List.of(ds.schema().getFields().get(0).getName());
      long n = 0;
      try (BufferAllocator allocator = new RootAllocator();
          ArrowReader r = ds.scan(allocator, ScanOptions.builder().filter(filter).columns(first)
              .build())) {
        while (r.loadNextBatch()) {
          n += r.getVectorSchemaRoot().getRowCount();
        }
      }
      System.out.println(n);
    }
    return ExitCodes.OK;
  }
}
