package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/slurm's worker script as two "array tasks" (plain bash processes with
 * SLURM_ARRAY_TASK_ID set by hand, in parallel) and then its commit script; submit.sh with a
 * stand-in sbatch that records what it was asked to submit.
 */
class SlurmScriptTest {
  static final Path SLURM = Paths.get("..", "examples", "slurm").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void arrayTasksThenCommitStep() throws Exception {
    Path in = Files.createDirectories(dir.resolve("incoming"));
    Files.writeString(in.resolve("part-0.csv"), Rows.csv(0, 20));
    Files.writeString(in.resolve("part-1.csv"), Rows.csv(20, 35));
    Files.writeString(in.resolve("part-2.csv"), Rows.csv(35, 50));
    Files.writeString(dir.resolve("schema.json"), InputFormatsCliTest.SCHEMA.toJson());
    // stands in for ./lance4j: the same CLI from the test classpath
    Path launcher = dir.resolve("lance4j");
    StringBuilder sh = new StringBuilder("#!/usr/bin/env bash\nexec");
    for (String part : Cli.javaCommand()) {
      sh.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(launcher, sh.append(" \"$@\"\n").toString());
    launcher.toFile().setExecutable(true);
    Path ds = dir.resolve("events");
    Map<String, String> env = Map.of("DATASET", ds.toString(), "INPUT_DIR", in.toString(),
        "SCHEMA", dir.resolve("schema.json").toString(), "LANCE4J", launcher.toString());

    List<Process> tasks = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      tasks.add(bash("write-fragments.sbatch", env, Map.of("SLURM_ARRAY_TASK_ID",
          String.valueOf(task), "SLURM_ARRAY_TASK_COUNT", "2")));
    }
    for (Process p : tasks) {
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(output(p)).isZero();
    }
    Path frags = dir.resolve("events.work").resolve("fragments");
    assertThat(frags.resolve("task-0.json")).exists();
    assertThat(frags.resolve("task-1.json")).exists();

    Process commit = bash("commit.sbatch", env, Map.of());
    assertThat(commit.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String out = output(commit);
    assertThat(commit.exitValue()).as(out).isZero();
    assertThat(out).contains("committed overwrite of 2 worker outputs").contains("version 1");

    List<List<Object>> rows = Rows.readWithLanceCore(ds);
    rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
    assertThat(rows).isEqualTo(Rows.rows(0, 50));
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(1);
  }

  /** One big file, two tasks: they split it by rows; a missing task JSON blocks the commit. */
  @Test
  void oneBigFileIsSplitByRowsAndAMissingTaskBlocksTheCommit() throws Exception {
    Path in = Files.createDirectories(dir.resolve("incoming"));
    Files.writeString(in.resolve("big.csv"), Rows.csv(0, 300));
    Files.writeString(dir.resolve("schema.json"), InputFormatsCliTest.SCHEMA.toJson());
    Path launcher = launcher();
    Path ds = dir.resolve("events");
    Map<String, String> env = Map.of("DATASET", ds.toString(), "INPUT_DIR", in.toString(),
        "SCHEMA", dir.resolve("schema.json").toString(), "LANCE4J", launcher.toString(),
        "WORKERS", "2", "WRITE_OPTS", "--max-rows-per-file 50");
    Process t0 = bash("write-fragments.sbatch", env, Map.of("SLURM_ARRAY_TASK_ID", "0",
        "SLURM_ARRAY_TASK_COUNT", "2"));
    assertThat(t0.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String out0 = output(t0);
    assertThat(t0.exitValue()).as(out0).isZero();
    assertThat(out0).contains("shard by rows");
    // task 1 "failed": the commit step refuses and leaves no dataset
    Process early = bash("commit.sbatch", env, Map.of());
    assertThat(early.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String refused = output(early);
    assertThat(early.exitValue()).as(refused).isEqualTo(3);
    assertThat(refused).contains("not committing: task(s) 1 of 2");
    assertThat(ds.resolve("_versions")).doesNotExist();

    Process t1 = bash("write-fragments.sbatch", env, Map.of("SLURM_ARRAY_TASK_ID", "1",
        "SLURM_ARRAY_TASK_COUNT", "2"));
    assertThat(t1.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(t1.exitValue()).as(output(t1)).isZero();
    Path frags = dir.resolve("events.work").resolve("fragments");
    for (String f : List.of("task-0.json", "task-1.json")) {
      assertThat(org.lance4j.FragmentMetadata.fromJsonArray(Files.readString(frags.resolve(f)))
          .stream().mapToLong(org.lance4j.FragmentMetadata::numRows).sum()).as(f)
          .isBetween(100L, 200L);
    }
    Process commit = bash("commit.sbatch", env, Map.of());
    assertThat(commit.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String out = output(commit);
    assertThat(commit.exitValue()).as(out).isZero();
    List<List<Object>> rows = Rows.readWithLanceCore(ds);
    rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
    assertThat(rows).isEqualTo(Rows.rows(0, 300));
  }

  @Test
  void submitUsesAfterAnyAndSaysHowToCallIt() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("sbatch.log");
    Path sbatch = bin.resolve("sbatch");
    Files.writeString(sbatch, "#!/usr/bin/env bash\necho \"$*\" >> '" + log + "'\n"
        + "echo \"$((4000 + $(wc -l < '" + log + "')));cluster\"\n");
    sbatch.toFile().setExecutable(true);
    Path stale = Files.createDirectories(dir.resolve("ds.work").resolve("fragments"))
        .resolve("task-7.json");
    Files.writeString(stale, "[]");
    Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));

    Process none = bash("submit.sh", path, Map.of());
    assertThat(none.waitFor(1, TimeUnit.MINUTES)).isTrue();
    String usage = output(none);
    assertThat(none.exitValue()).isEqualTo(1);
    assertThat(usage).startsWith("usage: DATASET=").doesNotContain("unbound variable");
    assertThat(log).doesNotExist();

    Process p = bash("submit.sh", path, Map.of("DATASET", dir.resolve("ds").toString(),
        "INPUT_DIR", dir.toString(), "WORKERS", "3"));
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    String out = output(p);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("job 4001").contains("job 4002");
    List<String> calls = Files.readAllLines(log);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).contains("--array=0-2").endsWith("write-fragments.sbatch");
    assertThat(calls.get(1)).contains("--dependency=afterany:4001 ")
        .contains("--kill-on-invalid-dep=yes").endsWith("commit.sbatch");
    assertThat(stale).doesNotExist();
  }

  private Path launcher() throws Exception {
    Path launcher = dir.resolve("lance4j");
    StringBuilder sh = new StringBuilder("#!/usr/bin/env bash\nexec");
    for (String part : Cli.javaCommand()) {
      sh.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(launcher, sh.append(" \"$@\"\n").toString());
    launcher.toFile().setExecutable(true);
    return launcher;
  }

  private Process bash(String script, Map<String, String> env, Map<String, String> more)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SLURM.resolve(script).toString())
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().putAll(more);
    return pb.start();
  }

  private static String output(Process p) throws Exception {
    return new String(p.getInputStream().readAllBytes());
  }
}
