package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;

/** The distributed write with real processes: concurrent workers, one commit, lance-core reads. */
class DistributedWriteCliTest {
  @TempDir
  Path dir;

  @Test
  void twoConcurrentWorkersThenOneCommitThenAppend() throws Exception {
    Path ds = dir.resolve("ds");
    Path logs = dir.resolve("logs");
    Files.writeString(dir.resolve("w0.csv"), Rows.csv(0, 60));
    Files.writeString(dir.resolve("w1.csv"), Rows.csv(60, 100));
    // both workers run at the same time against the not-yet-existing dataset
    Cli.Running w0 = Cli.start(logs, "write-fragments", ds.toString(), "--input",
        dir.resolve("w0.csv").toString(), "--max-rows-per-file", "25", "--output",
        dir.resolve("w0.json").toString());
    Cli.Running w1 = Cli.start(logs, "write-fragments", ds.toString(), "--input",
        dir.resolve("w1.csv").toString(), "--output", dir.resolve("w1.json").toString());
    Cli.Result r0 = w0.await();
    Cli.Result r1 = w1.await();
    assertThat(r0.code()).as(r0.toString()).isZero();
    assertThat(r1.code()).as(r1.toString()).isZero();
    assertThat(r0.out()).isEmpty();
    List<FragmentMetadata> f0 = FragmentMetadata.fromJsonArray(
        Files.readString(dir.resolve("w0.json")));
    assertThat(f0).hasSize(3); // 60 rows, 25 per file
    assertThat(f0.stream().mapToLong(FragmentMetadata::physicalRows).sum()).isEqualTo(60);
    assertThat(Files.exists(ds.resolve("_versions"))).isFalse(); // nothing committed yet

    Cli.Result commit = Cli.run(logs, "commit", ds.toString(), "--operation", "overwrite",
        "--read-version", "0", dir.resolve("w0.json").toString(),
        dir.resolve("w1.json").toString());
    assertThat(commit.code()).as(commit.toString()).isZero();
    assertThat(commit.out().trim()).isEqualTo("1");
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(1);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(Rows.rows(0, 100));

    // stdout output (no --output), JSON Lines input, append on version 1
    Files.writeString(dir.resolve("w2.jsonl"), Rows.jsonl(100, 130));
    Cli.Result w2 = Cli.run(logs, "write-fragments", ds.toString(), "--input",
        dir.resolve("w2.jsonl").toString());
    assertThat(w2.code()).as(w2.toString()).isZero();
    Files.writeString(dir.resolve("w2.json"), w2.out());
    Cli.Result append = InProcess.run("commit", ds.toString(), "--operation", "append",
        "--read-version", "1", dir.resolve("w2.json").toString());
    assertThat(append.code()).as(append.toString()).isZero();
    assertThat(append.out().trim()).isEqualTo("2");
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(Rows.rows(0, 130));

    // everyday commands on the result
    Cli.Result info = InProcess.run("info", ds.toString());
    assertThat(info.code()).as(info.toString()).isZero();
    assertThat(info.out()).contains("version:        2").contains("rows:           130")
        .contains("fragments:      5").contains("score: double");
    Cli.Result scan = Cli.run(logs, "scan", ds.toString(), "--columns", "id,name", "--limit",
        "3", "--version", "1", "--format", "csv");
    assertThat(scan.code()).as(scan.toString()).isZero();
    assertThat(scan.out()).isEqualTo("id,name\n0,plain0\n1,\"comma, \"\"quoted\"\" 1\"\n"
        + "2,ünïcødé 2\n");
    Cli.Result jsonl = InProcess.run("scan", ds.toString(), "--limit", "1", "--format",
        "jsonl");
    assertThat(jsonl.out().trim()).isEqualTo(
        "{\"id\":0,\"score\":0.5,\"ok\":true,\"name\":\"plain0\"}");
    Cli.Result versions = InProcess.run("versions", ds.toString());
    assertThat(versions.code()).as(versions.toString()).isZero();
    List<String> lines = new ArrayList<>(versions.out().lines().toList());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("2 ").endsWith(" 130");
  }
}
