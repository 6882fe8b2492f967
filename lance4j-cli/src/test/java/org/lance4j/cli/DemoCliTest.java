package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lance4j demo` runs (in this JVM; its workers and commits are its own child JVMs, as with
 * ./lance4j demo) and leaves a dataset lance-core reads.
 */
class DemoCliTest {
  @TempDir
  Path dir;

  @Test
  void demoRuns() throws Exception {
    Cli.Result r = InProcess.run("demo", dir.resolve("demo").toString(), "--rows-per-worker",
        "6");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("-> version 1").contains("-> version 2")
        .contains("The dataset is at");
    // 24 rows: the printed table stops at the first 20 and says so
    List<String> out = r.out().lines().toList();
    int header = out.indexOf(out.stream().filter(l -> l.startsWith("== the table")).findFirst()
        .orElseThrow());
    assertThat(out.get(header)).endsWith("--limit 20)");
    assertThat(out.get(header + 21).trim()).startsWith("19 ");
    assertThat(out.get(header + 22)).contains("the first 20 of 24 rows");
    Path ds = dir.resolve("demo").resolve("dataset");
    List<List<Object>> rows = Rows.readWithLanceCore(ds);
    assertThat(rows).hasSize(24);
    assertThat(rows.get(0).subList(0, 3)).containsExactly(0L, "alice", 20);
    assertThat(rows.get(11).subList(0, 3)).containsExactly(11L, "mallory", 37);
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(3);
    assertThat(rows.get(0)).containsExactly(0L, "alice", 20, 5);
    assertThat(rows.get(11)).containsExactly(11L, "mallory", 37, 7);
  }
}
