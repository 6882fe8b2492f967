package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;

/** The single-step commands, in-process (the subprocess tests cover the process boundary). */
class EverydayCommandsTest {
  @TempDir
  Path dir;

  private String run(int expectedCode, String... args) {
    Cli.Result r = InProcess.run(args); // captures stderr too: expected errors stay off the log
    assertThat(r.code()).as(String.join(" ", args) + ": " + r).isEqualTo(expectedCode);
    return r.out().trim();
  }

  @Test
  void dropRestoreCompactVersionsCleanup() throws Exception {
    String ds = dir.resolve("ds").toString();
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 30));
    run(0, "write-fragments", ds, "--input", dir.resolve("a.csv").toString(),
        "--max-rows-per-file", "10", "--output", dir.resolve("a.json").toString());
    assertThat(run(0, "commit", ds, "--operation", "overwrite", dir.resolve("a.json")
        .toString())).isEqualTo("1");
    assertThat(run(0, "drop-columns", ds, "score", "ok")).isEqualTo("2");
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.lanceSchema().fieldNames()).containsExactly("id", "name");
    }
    assertThat(run(0, "restore", ds, "1")).isEqualTo("3");
    assertThat(run(0, "compact", ds)).isEqualTo("4");
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.fragments()).hasSize(1);
      assertThat(d.countRows()).isEqualTo(30);
    }
    assertThat(Rows.readWithLanceCore(dir.resolve("ds"))).isEqualTo(Rows.rows(0, 30));
    assertThat(run(0, "versions", ds).lines().skip(1).map(l -> l.split("\\s+")[2]))
        .containsExactly("Overwrite", "Project", "Restore", "Rewrite");
    assertThat(run(0, "cleanup", ds, "--older-than", "0s")).startsWith("removed 3 old version");
    assertThat(run(0, "scan", ds, "--limit", "2", "--format", "csv", "--columns", "id"))
        .isEqualTo("id\n0\n1");
    assertThat(run(ExitCodes.NOT_FOUND, "restore", ds, "1")).isEmpty();
    assertThat(run(ExitCodes.INVALID_INPUT, "cleanup", ds, "--older-than", "soon")).isEmpty();
  }
}
