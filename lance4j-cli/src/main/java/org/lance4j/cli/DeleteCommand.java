package org.lance4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Deletes rows: in one step, or as a worker's share committed later. */
@Command(name = "delete", sortOptions = false,
    description = {
        "Delete the rows matching a SQL predicate and print the new version. With --output "
            + "(and optionally --fragments/--shard) it is a worker's share instead: it writes "
            + "deletion files for its fragments, commits nothing and writes JSON for "
            + "`lance4j commit --operation delete`.",
        "",
        "Example: lance4j delete /shared/ds --where 'age < 18'",
        "Example: lance4j delete /shared/ds --where 'age < 18' --shard 1/4 --output del-1.json",
        ""})
final class DeleteCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--where", required = true, paramLabel = "PREDICATE",
      description = "SQL predicate of the rows to delete. Example: --where \"name = 'bob'\"")
  String where;

  @Option(names = "--fragments", split = ",", paramLabel = "ID",
      description = "Worker mode: fragment ids to handle. Example: --fragments 0,1")
  List<Long> fragments;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Worker mode: every N-th fragment from the K-th. Example: --shard 0/2")
  String shard;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Worker mode: write the result here instead of committing. "
          + "Example: --output del-0.json")
  String output;

  @Override
  public Integer call() throws Exception {
    try (Dataset ds = Support.open(uri)) {
      if (output == null && fragments == null && shard == null) {
        try (Dataset after = ds.delete(where)) {
          System.out.println(after.version());
        }
        return ExitCodes.OK;
      }
      List<FragmentMetadata> updated = new ArrayList<>();
      List<Long> removed = new ArrayList<>();
      for (Long id : Support.fragmentIds(ds, fragments, shard)) {
        FragmentMetadata before = ds.fragment(id).metadata();
        FragmentMetadata after = ds.fragment(id).delete(where);
        if (after == null) {
          removed.add(id);
        } else if (!after.equals(before)) {
          updated.add(after);
        }
      }
      WorkerOutput out = new WorkerOutput(null, "delete", ds.version(), null, where, updated,
          removed);
      Support.writeOutput(output, out.toJson());
    }
    return ExitCodes.OK;
  }
}
