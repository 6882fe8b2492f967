package org.lance4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A worker's share of a distributed add-columns: new data files for some fragments. */
@Command(name = "merge-columns", sortOptions = false,
    description = {
        "Compute new columns (SQL expressions over existing ones) for some fragments of the "
            + "dataset, writing new data files but committing nothing. The output (fragments + "
            + "the new schema) is committed with `lance4j commit URI --operation merge "
            + "worker-*.json`, which takes the read version from the outputs.",
        "",
        "Example: lance4j merge-columns /shared/ds --shard 0/4 --expr 'name_len=length(name)' "
            + "--output frags/merge-0.json",
        ""})
final class MergeColumnsCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--expr", required = true, arity = "1..*", paramLabel = "NAME=SQL",
      description = "New column and its SQL expression. Example: --expr 'name_len=length(name)' "
          + "'age2=age * 2'")
  List<String> exprs;

  @Option(names = "--fragments", split = ",", paramLabel = "ID",
      description = "Fragment ids this worker handles. Example: --fragments 0,1,2")
  List<Long> fragments;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Instead of --fragments: handle every N-th fragment starting at the K-th "
          + "(0-based). Example: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT")
  String shard;

  @Option(names = "--version", paramLabel = "N",
      description = "Dataset version to read (default: latest). Example: --version 2")
  Long version;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the result (default: stdout). Example: --output m-0.json")
  String output;

  @Override
  public Integer call() throws Exception {
    Map<String, String> map = Support.expressions(exprs);
    List<FragmentMetadata> results = new ArrayList<>();
    LanceSchema schema = null;
    long readVersion;
    Progress progress = new Progress("merge-columns");
    try (Dataset ds = Support.open(uri, version);
        BufferAllocator allocator = new RootAllocator()) {
      readVersion = ds.version();
      for (Long id : Support.fragmentIds(ds, fragments, shard)) {
        MergeResult r = ds.fragment(id).mergeColumns(map, allocator);
        results.add(r.fragment());
        schema = r.schema();
        progress.update(r.fragment().numRows(), 0);
      }
      if (schema == null) {
        // No fragment for this worker: still record the schema so the commit can check it.
        schema = ds.lanceSchema();
      }
    } finally {
      progress.finish();
    }
    WorkerOutput out = new WorkerOutput(null, "merge", readVersion, schema, null, results,
        List.of());
    Support.writeOutput(output, out.toJson());
    return ExitCodes.OK;
  }
}
