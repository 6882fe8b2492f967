package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `branches list|create` and `--branch` on writing, committing and reading commands. */
class BranchesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out();
  }

  @Test
  void aBranchTakesItsOwnAppendsWhileMainStaysAsItWas() throws Exception {
    String ds = dir.resolve("ds").toString();
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 30));
    ok(InProcess.run("write-fragments", ds, "--input", dir.resolve("a.csv").toString(),
        "--output", dir.resolve("a.json").toString()));
    ok(InProcess.run("commit", ds, "--operation", "overwrite", dir.resolve("a.json").toString()));

    assertThat(ok(InProcess.run("branches", "create", ds, "exp")).trim()).isEqualTo("exp\t1");
    Files.writeString(dir.resolve("b.csv"), Rows.csv(30, 50));
    ok(InProcess.run("write-fragments", ds, "--branch", "exp", "--mode", "append",
        "--input", dir.resolve("b.csv").toString(), "--output", dir.resolve("b.json").toString()));
    assertThat(ok(InProcess.run("commit", ds, "--branch", "exp", "--operation", "append",
        dir.resolve("b.json").toString())).trim()).isEqualTo("2");

    assertThat(ok(InProcess.run("count", ds, "--branch", "exp")).trim()).isEqualTo("50");
    assertThat(ok(InProcess.run("count", ds, "--branch", "exp", "--filter", "id >= 30")).trim())
        .isEqualTo("20");
    assertThat(ok(InProcess.run("count", ds)).trim()).isEqualTo("30"); // main untouched
    // the branch's new data files are under tree/exp/, none were added to main's data/
    assertThat(Files.list(dir.resolve("ds/tree/exp/data")).count()).isPositive();
    try (var s = Files.list(dir.resolve("ds/data"))) {
      assertThat(s.count()).isEqualTo(JSON.readTree(Files.readString(dir.resolve("a.json")))
          .size());
    }

    JsonNode list = JSON.readTree(ok(InProcess.run("branches", "list", ds, "--json")));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("name").asText()).isEqualTo("exp");
    assertThat(list.get(0).get("parent_version").asLong()).isEqualTo(1);

    Cli.Result dup = InProcess.run("branches", "create", ds, "exp");
    assertThat(dup.code()).isNotZero();
    assertThat(dup.err()).contains("exp");
    Cli.Result missing = InProcess.run("count", ds, "--branch", "nope");
    assertThat(missing.code()).isNotZero();
  }
}
