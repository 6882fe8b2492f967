package org.lance4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.SchemaChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The final step of a distributed write: gathers the workers' JSON and commits one operation. */
@Command(name = "commit", sortOptions = false,
    description = {
        "Gather the fragment JSON files written by the workers and commit them as ONE new "
            + "version. Prints the new version number on stdout.",
        "",
        "Example: lance4j commit /shared/ds --operation overwrite --read-version 0 frags/*.json",
        "Example: v=$(lance4j commit /shared/ds --operation append --read-version 1 frags/*.json)",
        ""},
    footer = {"", "Before committing, every fragment's first data file is opened to check that "
        + "all workers wrote the same schema (and the dataset's, for append); a mismatch names the "
        + "worker file and field and commits nothing.",
        "A concurrent commit that makes this one impossible exits with 5; one that only needs "
        + "the work redone on the latest version exits with 4."})
final class CommitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "FRAGMENTS.json",
      description = "Worker outputs: JSON arrays of fragments (or single fragment objects, or "
          + "merge-columns / delete worker outputs), local files or object store URIs. "
          + "Example: frags/worker-*.json, s3://bucket/work/task-0.json")
  List<String> files;

  @Option(names = "--operation", required = true, paramLabel = "OP",
      description = "overwrite (create or replace the dataset), append, merge (new columns from "
          + "merge-columns) or delete (from delete --output). Example: --operation append")
  String operation;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Commit at most once under this key: a rerun with the same key and read "
          + "version prints the version the first run committed instead of committing again "
          + "(e.g. the job id). Example: --idempotency-key job-42")
  String idempotencyKey;

  @Option(names = "--read-version", paramLabel = "N",
      description = "The version the workers' work is based on (0 = no dataset yet). Default: "
          + "for merge/delete the version recorded by the workers; for overwrite/append the "
          + "latest version. Example: --read-version 1")
  Long readVersion;

  @Option(names = "--schema", paramLabel = "SCHEMA.json",
      description = "overwrite only: the Arrow schema (JSON) instead of the one stored in the "
          + "data files. Example: --schema schema.json")
  Path schema;

  @Option(names = "--allow-missing-fragments",
      description = "merge only: commit even if some fragments of the read version have no "
          + "worker output (their new columns read as null). Example: --allow-missing-fragments")
  boolean allowMissing;

  @Override
  public Integer call() throws Exception {
    String op = operation.trim().toLowerCase(Locale.ROOT);
    List<WorkerOutput> outputs = new ArrayList<>();
    for (String f : files) {
      outputs.add(WorkerOutput.read(f));
    }
    checkNoDuplicates(outputs);
    long latest = latestVersion();
    Long rv = readVersion != null ? readVersion : recordedReadVersion(outputs, op);
    long read = rv != null ? rv : latest;
    if (read > latest || read < 0) {
      throw Errors.notFound("read version " + read + " of " + uri + " does not exist (latest "
          + "version: " + latest + ")", "pass the version the workers read, see `lance4j "
          + "versions " + uri + "`");
    }
    if (read == 0 && !(op.equals("overwrite") || op.equals("append"))) {
      throw Errors.invalid("--operation " + op + " needs an existing dataset version, got "
          + "--read-version 0", "pass the version the workers read");
    }
    List<FragmentMetadata> all = new ArrayList<>();
    outputs.forEach(o -> all.addAll(o.fragments()));
    Operation operationValue = switch (op) {
      case "overwrite" -> overwrite(outputs);
      case "append" -> append(outputs, read);
      case "merge" -> merge(outputs, read, all);
      case "delete" -> delete(outputs);
      default -> throw Errors.invalid("unknown --operation '" + operation + "'",
          "use overwrite, append, merge or delete");
    };
    Dataset committed;
    try {
      committed = Dataset.commit(uri, operationValue, read, idempotencyKey == null
          ? Storage.commit().build()
          : Storage.commit().idempotencyKey(idempotencyKey).build());
    } catch (CommitConflictException e) {
      throw new CommitConflictException("commit conflict: this " + op + " of " + all.size()
          + " fragment(s) built on version " + read + " collided with "
          + (e.conflictingVersion() >= 0 ? "version " + e.conflictingVersion() : "a concurrent "
          + "commit") + ": " + e.getMessage(), e.retryable(), e.conflictingVersion());
    }
    if (Progress.enabled()) {
      System.err.println("committed " + op + " of " + all.size() + " fragment(s) from "
          + files.size() + " file(s) to " + uri + ": version " + committed.version() + ", "
          + committed.countRows() + " rows");
    }
    System.out.println(committed.version());
    return ExitCodes.OK;
  }

  private long latestVersion() {
    try (Dataset ds = Support.open(uri)) {
      return ds.version();
    } catch (org.lance4j.DatasetNotFoundException e) {
      return 0;
    }
  }

  private static Long recordedReadVersion(List<WorkerOutput> outputs, String op) {
    Long found = null;
    for (WorkerOutput o : outputs) {
      if (o.readVersion() == null) {
        continue;
      }
      if (found != null && !found.equals(o.readVersion())) {
        throw Errors.invalid("worker outputs were made from different versions (" + found
            + " and " + o.readVersion() + " in " + o.file() + ")",
            "rerun the workers on one version, or pass --read-version");
      }
      found = o.readVersion();
    }
    return found;
  }

  private static void checkNoDuplicates(List<WorkerOutput> outputs) {
    Map<String, String> seen = new HashMap<>();
    for (WorkerOutput o : outputs) {
      for (FragmentMetadata f : o.fragments()) {
        for (DataFile d : f.files()) {
          String before = seen.putIfAbsent(d.path(), o.file());
          if (before != null) {
            throw Errors.invalid("data file " + d.path() + " is listed twice (in " + before
                + " and " + o.file() + ")", "pass each worker's output once");
          }
        }
      }
    }
  }

  private Operation overwrite(List<WorkerOutput> outputs) throws Exception {
    Schema s = schema != null ? Support.readSchema(schema) : null;
    LanceSchema expected = null;
    for (WorkerOutput o : outputs) {
      for (FragmentMetadata f : o.fragments()) {
        LanceSchema fileSchema = fileSchema(o, f);
        if (expected == null) {
          expected = s != null ? LanceSchema.fromArrow(s) : fileSchema;
          if (s == null) {
            s = fileSchema.toArrow();
          }
        }
        check(expected, fileSchema, o, f);
        if (!ids(fileSchema).equals(ids(LanceSchema.fromArrow(fileSchema.toArrow())))) {
          throw Errors.invalid(o.file() + ": fragment data file " + f.files().get(0).path()
              + " uses the field ids of an existing dataset, an overwrite needs fresh ids",
              "rerun the workers with write-fragments --mode overwrite");
        }
      }
    }
    if (s == null) {
      throw Errors.invalid("no fragments in " + files + " and no --schema",
          "pass --schema to create an empty dataset");
    }
    List<FragmentMetadata> all = new ArrayList<>();
    outputs.forEach(o -> all.addAll(o.fragments()));
    return new Operation.Overwrite(s, all);
  }

  private Operation append(List<WorkerOutput> outputs, long read) {
    LanceSchema expected = null;
    if (read > 0) {
      try (Dataset ds = Support.open(uri, read)) {
        expected = ds.lanceSchema();
      }
    }
    List<FragmentMetadata> all = new ArrayList<>();
    for (WorkerOutput o : outputs) {
      for (FragmentMetadata f : o.fragments()) {
        LanceSchema fileSchema = fileSchema(o, f);
        if (expected == null) {
          expected = fileSchema;
        }
        check(expected, fileSchema, o, f);
        all.add(f);
      }
    }
    return new Operation.Append(all);
  }

  private Operation merge(List<WorkerOutput> outputs, long read, List<FragmentMetadata> all) {
    LanceSchema newSchema = null;
    for (WorkerOutput o : outputs) {
      if (o.schema() == null) {
        throw Errors.invalid(o.file() + " holds no schema: --operation merge takes the outputs "
            + "of merge-columns", "run `lance4j merge-columns ... --output FILE` on the workers");
      }
      if (newSchema == null) {
        newSchema = o.schema();
      } else if (!newSchema.equals(o.schema())) {
        throw Errors.invalid("merge-columns outputs disagree on the new schema: " + o.file()
            + " has " + o.schema().fieldNames() + ", others " + newSchema.fieldNames(),
            "run every worker with the same --expr list on the same version");
      }
    }
    Set<Long> covered = new TreeSet<>();
    all.forEach(f -> covered.add(f.id()));
    List<FragmentMetadata> complete = new ArrayList<>(all);
    try (Dataset ds = Support.open(uri, read)) {
      Set<Long> missing = new LinkedHashSet<>();
      for (var f : ds.fragments()) {
        if (!covered.contains(f.id())) {
          missing.add(f.id());
          complete.add(f.metadata());
        }
      }
      if (!missing.isEmpty() && !allowMissing) {
        throw Errors.invalid("no merge-columns output for fragment(s) " + missing + " of version "
            + read, "run the missing workers, or pass --allow-missing-fragments to leave their "
            + "new columns null");
      }
    }
    complete.sort((a, b) -> Long.compare(a.id(), b.id()));
    return new Operation.Merge(complete, newSchema);
  }

  private static Operation delete(List<WorkerOutput> outputs) {
    List<FragmentMetadata> updated = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    String predicate = null;
    for (WorkerOutput o : outputs) {
      if (!"delete".equals(o.operation())) {
        throw Errors.invalid(o.file() + " is not the output of `lance4j delete --output`",
            "--operation delete takes the outputs of delete workers");
      }
      updated.addAll(o.fragments());
      removed.addAll(o.deletedFragmentIds());
      predicate = predicate == null ? o.predicate() : predicate;
    }
    return new Operation.Delete(updated, removed, predicate);
  }

  private LanceSchema fileSchema(WorkerOutput o, FragmentMetadata f) {
    if (f.files().isEmpty()) {
      throw Errors.invalid(o.file() + ": a fragment has no data files", "rerun that worker");
    }
    DataFile d = f.files().get(0);
    try {
      return Fragments.dataFileSchema(Support.dataUri(uri), d, Storage.options());
    } catch (org.lance4j.LanceException e) {
      if (e instanceof org.lance4j.CorruptFileException) {
        throw e;
      }
      throw Errors.notFound(o.file() + ": data file data/" + d.path() + " of " + uri
          + " cannot be opened: " + e.getMessage(), "the worker wrote to another dataset path, "
          + "or its files were removed; rerun it with the same URI");
    }
  }

  private void check(LanceSchema expected, LanceSchema got, WorkerOutput o, FragmentMetadata f) {
    try {
      SchemaChecks.requireSameSchema(expected, got.toArrow(), uri);
    } catch (InvalidInputException e) {
      throw Errors.invalid(o.file() + ": fragment data file " + f.files().get(0).path() + ": "
          + e.getMessage(), "all workers must write the same schema: pass the same --schema "
          + "to every write-fragments");
    }
    if (!ids(expected).equals(ids(got))) {
      throw Errors.invalid(o.file() + ": fragment data file " + f.files().get(0).path()
          + " has field ids " + ids(got) + " but the dataset's are " + ids(expected),
          "write-fragments with the default --mode append against the existing dataset");
    }
  }

  private static List<Integer> ids(LanceSchema s) {
    return s.allFields().stream().map(LanceField::id).toList();
  }
}
