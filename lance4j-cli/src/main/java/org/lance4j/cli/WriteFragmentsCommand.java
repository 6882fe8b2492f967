package org.lance4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.Dataset;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.WriteOptions;
import org.lance4j.cli.input.Inputs;
import org.lance4j.cli.input.Part;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A worker's share of a distributed write: input files -> uncommitted fragments + their JSON. */
@Command(name = "write-fragments", sortOptions = false,
    description = {
        "Write input files as new fragments of the dataset at URI (which need not exist yet) "
            + "WITHOUT committing them, and print their metadata as a JSON array of pylance "
            + "FragmentMetadata.to_json() objects. Commit the outputs of all workers with "
            + "`lance4j commit`.",
        "",
        "Example: lance4j write-fragments /shared/ds --input part-0001.csv --schema schema.json "
            + "--output frags/worker-1.json",
        ""},
    footer = {"", "Column types: from --schema if given; else, when URI is an existing dataset "
        + "and --mode is append, the dataset's own schema (values are converted where nothing is "
        + "lost, e.g. JSON integers into an int32 column; a value that does not fit fails with its "
        + "file, row and column); else inferred from the input.",
        "CSV: a header line, RFC 4180 quoting, empty field = null; inferred types are int64, "
        + "double, bool, date (2021-05-16), timestamp (2021-05-16T08:30:00 or with a space; "
        + "with Z or +02:00 it is a UTC timestamp) and string. In a distributed write that "
        + "creates a dataset, pass the same --schema to every worker so that all workers agree "
        + "on the types.",
        "An empty input file (no bytes, or no header) is zero rows when the schema is known.",
        "JSON Lines: one object per line (missing key = null). Arrow: IPC file or stream "
        + "(detected). Parquet: flat columns.",
        "--schema: an Arrow schema as JSON in Arrow Java's Schema.toJson() form, e.g.",
        "  {\"fields\":[{\"name\":\"id\",\"nullable\":false,\"type\":{\"name\":\"int\","
        + "\"bitWidth\":64,\"isSigned\":true},\"children\":[]},",
        "             {\"name\":\"name\",\"nullable\":true,\"type\":{\"name\":\"utf8\"},"
        + "\"children\":[]}]}"})
final class WriteFragmentsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URI",
      description = "Dataset path (local path or file: URI). Example: /shared/datasets/events")
  String uri;

  @Option(names = {"-i", "--input"}, arity = "1..*", required = true, paramLabel = "FILE",
      description = "Input files, all of the same format and schema. "
          + "Example: --input part-1.csv part-2.csv")
  List<Path> inputs;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Write only this worker's share of the inputs (0-based K). With --shard-by "
          + "files (default): the files at positions K, K+N, K+2N, ... of the sorted --input list "
          + "(an empty share writes []). With --shard-by rows: part K of N of every file. "
          + "Example: --input /data/in/*.csv --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT")
  String shard;

  @Option(names = "--shard-by", paramLabel = "files|rows", defaultValue = "files",
      description = "How --shard splits the input: files (default: whole files per worker) or "
          + "rows (every worker reads part K of each file, so one big file keeps N workers busy: "
          + "Parquet row groups and Arrow IPC file record batches K, K+N, ...; CSV and JSON Lines "
          + "byte ranges cut at line ends, so CSV records must not hold line breaks inside "
          + "quotes). Example: --input huge.parquet --shard-by rows --shard 3/8")
  String shardBy;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "csv, jsonl, arrow or parquet. Default: from the file extension "
          + "(.csv .tsv, .jsonl .ndjson .json, .arrow .arrows .ipc .feather, .parquet .pq). "
          + "Example: --format jsonl")
  String format;

  @Option(names = "--schema", paramLabel = "SCHEMA.json",
      description = "Arrow schema (JSON) for CSV / JSON Lines input instead of inference. "
          + "Example: --schema schema.json")
  Path schema;

  @Option(names = {"-o", "--output"}, paramLabel = "FRAGMENTS.json",
      description = "Where to write the fragment JSON (default: stdout): a local file, or an "
          + "object store URI when the job's steps share only the bucket. "
          + "Example: --output frags/worker-$SLURM_ARRAY_TASK_ID.json, "
          + "--output s3://bucket/work/task-3.json")
  String output;

  @Option(names = "--max-rows-per-file", paramLabel = "N",
      description = "Start a new fragment after N rows (default 1048576). "
          + "Example: --max-rows-per-file 500000")
  Integer maxRowsPerFile;

  @Option(names = "--max-bytes-per-file", paramLabel = "N",
      description = "Start a new fragment after about N bytes (default 90 GiB). "
          + "Example: --max-bytes-per-file 1073741824")
  Long maxBytesPerFile;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "append",
      description = "append (default): if the dataset exists, the input must match its schema "
          + "and its field ids are used; overwrite/create: fresh field ids (for an overwrite "
          + "commit that changes the schema). Example: --mode overwrite")
  String mode;

  @Option(names = "--data-storage-version", paramLabel = "VERSION",
      description = "File format of the data files when the dataset does not exist yet (or with "
          + "--mode overwrite/create): 2.2 (default), 2.1, 2.0 or stable (= 2.2). With --mode "
          + "append on an existing dataset the dataset's own version is written. "
          + "Example: --data-storage-version 2.1")
  String dataStorageVersion;

  @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
      description = "CSV field delimiter (default ','; 'tab' for TSV). Example: --delimiter ';'")
  String delimiter;

  @Option(names = "--infer-rows", paramLabel = "N", defaultValue = "10000",
      description = "CSV/JSONL types are inferred from the first N rows of each input file "
          + "(default 10000; 0 = every row, in a first pass over the whole input). A later value "
          + "that does not fit stops the write with its file, line and column. Not used with "
          + "--schema or when appending to an existing dataset. Example: --infer-rows 0")
  long inferRows;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8192",
      description = "Rows per batch read from the input (memory ~ one batch). "
          + "Example: --batch-size 65536")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    boolean byRows = switch (shardBy.trim().toLowerCase(Locale.ROOT)) {
      case "files", "file" -> false;
      case "rows", "row" -> true;
      default -> throw Errors.invalid("unknown --shard-by '" + shardBy + "'", "use files or rows");
    };
    Part part = null;
    if (shard != null && byRows) {
      int[] kn = Support.shard(shard);
      part = new Part(kn[0], kn[1]);
    } else if (shard != null) {
      int[] kn = Support.shard(shard);
      List<Path> sorted = inputs.stream().sorted().toList();
      List<Path> mine = new java.util.ArrayList<>();
      for (int i = kn[0]; i < sorted.size(); i += kn[1]) {
        mine.add(sorted.get(i));
      }
      if (mine.isEmpty()) {
        Support.writeOutput(output, "[]");
        return ExitCodes.OK;
      }
      inputs = mine;
    }
    Inputs.Format fmt = format == null ? Inputs.detect(inputs.get(0))
        : parseFormat(format);
    Schema explicit = schema == null ? null : Support.readSchema(schema);
    String origin = schema == null ? null : "--schema " + schema;
    WriteOptions.Mode writeMode = parseMode(mode);
    if (explicit == null && writeMode == WriteOptions.Mode.APPEND) {
      // appending to an existing dataset: read the input with its types, not inferred ones
      try (Dataset ds = Support.open(uri)) {
        explicit = ds.schema();
        origin = "the dataset's schema (" + uri + " version " + ds.version() + ")";
      } catch (DatasetNotFoundException e) {
        // a new dataset: infer
      }
    }
    char delim = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? '\t'
        : delimiter.length() == 1 ? delimiter.charAt(0) : bad(delimiter);
    if (batchSize < 1) {
      throw Errors.invalid("--batch-size must be >= 1, got " + batchSize, "e.g. --batch-size 8192");
    }
    WriteOptions.Builder opts = WriteOptions.builder().mode(writeMode)
        .storageOptions(Storage.options());
    if (dataStorageVersion != null) {
      opts.dataStorageVersion(dataStorageVersion);
    }
    if (maxRowsPerFile != null) {
      opts.maxRowsPerFile(maxRowsPerFile);
    }
    if (maxBytesPerFile != null) {
      opts.maxBytesPerFile(maxBytesPerFile);
    }
    long total = totalBytes(inputs);
    if (part != null && total > 0) {
      total = Math.max(1, total / part.count()); // each worker reads about 1/N of every file
    }
    if (explicit == null && (fmt == Inputs.Format.CSV || fmt == Inputs.Format.JSONL)
        && Progress.enabled()) {
      System.err.println("write-fragments: inferring column types from " + (inferRows > 0
          ? "the first " + inferRows + " rows of each input file"
          : "every row (--infer-rows 0: a first pass over all " + Progress.bytes(total) + ")")
          + " ...");
    }
    String target = Support.dataUri(uri); // with --branch: the branch's tree/NAME/
    List<FragmentMetadata> fragments;
    Progress progress = null;
    Thread onStop = LeftFiles.watch(target);
    try (BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = Inputs.open(inputs, fmt, explicit, origin,
            new Inputs.TextOptions(delim, inferRows, batchSize), part, allocator)) {
      // the clock starts after inference, so the rate is the write's
      progress = new Progress("write-fragments", total);
      fragments = Fragments.write(target, progress.track(reader), opts.build());
    } finally {
      LeftFiles.done(onStop);
      if (progress != null) {
        progress.finish();
      }
    }
    Support.writeOutput(output, FragmentMetadata.toJsonArray(fragments));
    return ExitCodes.OK;
  }

  private static long totalBytes(List<Path> files) {
    long n = 0;
    for (Path f : files) {
      try {
        n += java.nio.file.Files.size(f);
      } catch (java.io.IOException e) {
        return -1;
      }
    }
    return n;
  }

  private static char bad(String d) {
    throw Errors.invalid("--delimiter must be one character, got '" + d + "'",
        "e.g. --delimiter ';' or --delimiter tab");
  }

  static Inputs.Format parseFormat(String f) {
    try {
      return Inputs.Format.valueOf(f.trim().toUpperCase(Locale.ROOT)
          .replace("NDJSON", "JSONL").replace("IPC", "ARROW"));
    } catch (IllegalArgumentException e) {
      throw Errors.invalid("unknown --format '" + f + "'", "use csv, jsonl, arrow or parquet");
    }
  }

  private static WriteOptions.Mode parseMode(String m) {
    try {
      return WriteOptions.Mode.valueOf(m.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.invalid("unknown --mode '" + m + "'", "use append, overwrite or create");
    }
  }
}
