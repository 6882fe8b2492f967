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
 * SLURM_ARRAY_TASK_ID set by hand, in parallel) and then its commit script.
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
