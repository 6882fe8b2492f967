package org.lance4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Lance distributed-write guide end to end on this machine, with real worker processes that
 * run the same commands a slurm or Kubernetes job would.
 */
@Command(name = "demo", sortOptions = false,
    description = {"Run the Lance distributed-write guide on this machine: N worker processes "
        + "write fragments in parallel (write-fragments), one commit creates version 1, more "
        + "workers + an append commit make version 2, workers add a column (merge-columns) and a "
        + "merge commit makes version 3; then the table and the versions are printed.", "",
        "Example: lance4j demo /tmp/lance4j-demo --workers 4", ""})
final class DemoCommand implements Callable<Integer> {
  private static final String[] NAMES = {"alice", "bob", "charlie", "craig", "dave", "eve",
      "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert"};

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
      description = "Directory for the dataset and the workers' files (default: a new temporary "
          + "directory). Example: /tmp/lance4j-demo")
  Path dir;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "Worker processes per phase (default 2). Example: --workers 4")
  int workers;

  @Option(names = "--rows-per-worker", paramLabel = "N", defaultValue = "3",
      description = "Rows each worker writes per phase (default 3). Example: --rows-per-worker "
          + "100000")
  int rowsPerWorker;

  /** Rows of the table the demo prints (a bigger run prints its first rows only). */
  static final int TABLE_ROWS = 20;

  private Path work;
  private int nextId;

  @Override
  public Integer call() throws Exception {
    if (workers < 1 || rowsPerWorker < 1) {
      throw Errors.invalid("--workers and --rows-per-worker must be >= 1", "e.g. --workers 2");
    }
    Path root = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("lance4j-demo");
    Files.createDirectories(root);
    String uri = root.resolve("dataset").toString();
    if (Files.exists(Paths.get(uri))) {
      throw Errors.invalid(uri + " already exists", "pass a new or empty DIR to the demo");
    }
    work = Files.createDirectories(root.resolve("work"));
    Path schemaFile = work.resolve("schema.json");
    Files.writeString(schemaFile, new Schema(List.of(
        Field.nullable("id", new ArrowType.Int(64, true)),
        Field.nullable("name", ArrowType.Utf8.INSTANCE),
        Field.nullable("age", new ArrowType.Int(32, true)))).toJson());
    say("lance4j distributed-write demo: " + workers + " worker processes per phase");
    say("dataset: " + uri);
    say("");

    say("== 1. workers write fragments in parallel (nothing is committed yet)");
    List<Path> v1 = writePhase(uri, "v1", schemaFile);
    say("== 2. one commit gathers their JSON: Overwrite on read version 0");
    say("   -> version " + lance4j("commit", uri, "--operation", "overwrite", "--read-version",
        "0", v1));
    say("");

    say("== 3. more workers write, one Append commit on read version 1");
    List<Path> v2 = writePhase(uri, "v2", schemaFile);
    say("   -> version " + lance4j("commit", uri, "--operation", "append", "--read-version",
        "1", v2));
    say("");

    say("== 4. workers add a column name_len = length(name) to their share of the fragments");
    List<Path> merged = new ArrayList<>();
    List<List<String>> cmds = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Path out = work.resolve("merge-worker-" + w + ".json");
      merged.add(out);
      cmds.add(List.of("merge-columns", uri, "--shard", w + "/" + workers, "--expr",
          "name_len=length(name)", "--output", out.toString()));
    }
    int code = runParallel(cmds);
    if (code != 0) {
      throw new IllegalStateException("a merge-columns worker failed with exit code " + code);
    } else {
      say("   one Merge commit -> version " + lance4j("commit", uri, "--operation", "merge",
          merged));
    }
    say("");

    long total;
    try (org.lance4j.Dataset d = Support.open(uri)) {
      total = d.countRows();
    }
    say("== the table (lance4j scan " + uri + (total > TABLE_ROWS ? " --limit " + TABLE_ROWS : "")
        + ")");
    System.out.flush();
    ScanCommand scan = new ScanCommand();
    scan.uri = uri;
    scan.format = "table";
    scan.limit = (long) TABLE_ROWS;
    scan.call();
    if (total > TABLE_ROWS) {
      say(String.format(java.util.Locale.ROOT, "   (the first %d of %,d rows; all of them: "
          + "lance4j scan %s)", TABLE_ROWS, total, uri));
    }
    say("");
    say("== the versions (lance4j versions " + uri + ")");
    VersionsCommand versions = new VersionsCommand();
    versions.uri = uri;
    versions.call();
    say("");
    say("The dataset is at " + uri + " (worker inputs and JSON in " + work + ").");
    say("Try: ./lance4j info " + uri + "   |   ./lance4j scan " + uri + " --version 1");
    return ExitCodes.OK;
  }

  private List<Path> writePhase(String uri, String tag, Path schemaFile) throws Exception {
    List<Path> outs = new ArrayList<>();
    List<List<String>> cmds = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Path csv = work.resolve(tag + "-input-" + w + ".csv");
      writeCsv(csv);
      Path out = work.resolve(tag + "-worker-" + w + ".json");
      outs.add(out);
      cmds.add(List.of("write-fragments", uri, "--input", csv.toString(), "--schema",
          schemaFile.toString(), "--output", out.toString()));
    }
    int code = runParallel(cmds);
    if (code != 0) {
      throw new IllegalStateException("a write-fragments worker failed with exit code " + code);
    }
    return outs;
  }

  private void writeCsv(Path csv) throws IOException {
    StringBuilder b = new StringBuilder("id,name,age\n");
    for (int i = 0; i < rowsPerWorker; i++) {
      int id = nextId++;
      String name = NAMES[id % NAMES.length] + (id >= NAMES.length ? id / NAMES.length : "");
      b.append(id).append(',').append(name).append(',').append(20 + (id * 7) % 60).append('\n');
    }
    Files.writeString(csv, b, StandardCharsets.UTF_8);
  }

  /** Starts one JVM per command, waits for all; returns the first non-zero exit code, or 0. */
  private int runParallel(List<List<String>> commands) throws Exception {
    List<Process> procs = new ArrayList<>();
    for (List<String> c : commands) {
      say("   $ lance4j " + String.join(" ", c));
      procs.add(process(c).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    int first = 0;
    for (Process p : procs) {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("a worker did not finish within 10 minutes");
      }
      if (first == 0 && p.exitValue() != 0) {
        first = p.exitValue();
      }
    }
    return first;
  }

  /** Runs one lance4j command in its own JVM and returns its stdout (trimmed). */
  private String lance4j(String command, String uri, Object... rest) throws Exception {
    List<String> c = new ArrayList<>(List.of(command, uri));
    for (Object o : rest) {
      if (o instanceof List<?> l) {
        l.forEach(x -> c.add(x.toString()));
      } else {
        c.add(o.toString());
      }
    }
    say("   $ lance4j " + String.join(" ", c));
    Process p = process(c).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("`lance4j " + command + "` failed with exit code "
          + p.exitValue());
    }
    return out;
  }

  /** The same jar / classpath, in a fresh JVM, quiet progress. */
  static ProcessBuilder process(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    cmd.add("-Dlance4j.stderr.tty=false");
    // each worker handles a few rows and exits: the C1 compiler alone and the serial collector
    // start faster and use less CPU than the default tiered C2 + G1
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  private static void say(String s) {
    System.out.println(s);
  }
}
