package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;

/**
 * Recovery and safety: cleanup --dry-run lists exactly what cleanup then removes (an uncommitted
 * worker's files among them) and deletes nothing; a worker stopped by SIGTERM says which files it
 * leaves; the progress line shows the inference pass, percent and ETA.
 */
class RecoveryCliTest {
  @TempDir
  Path dir;

  private static String ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out();
  }

  private static long files(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void dryRunListsWhatCleanupRemoves() throws Exception {
    String ds = dir.resolve("ds").toString();
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 20));
    for (String name : List.of("v1", "v2", "orphan")) {
      ok(InProcess.run("write-fragments", ds, "--input", dir.resolve("a.csv").toString(),
          "--max-rows-per-file", "10", "--output", dir.resolve(name + ".json").toString()));
      if (!name.equals("orphan")) {
        ok(InProcess.run("commit", ds, "--operation", "overwrite",
            dir.resolve(name + ".json").toString()));
      }
    }
    Path data = dir.resolve("ds").resolve("data");
    assertThat(files(data)).isEqualTo(6);
    // nothing is old enough yet
    assertThat(ok(InProcess.run("cleanup", ds, "--older-than", "1d", "--dry-run")))
        .contains("would remove 0 old version(s)").contains("would remove 0 data file(s)");
    String plan = ok(InProcess.run("cleanup", ds, "--older-than", "0s", "--dry-run"));
    assertThat(plan).contains("would remove 1 old version(s): [1]")
        .contains("would remove 4 data file(s)").contains("nothing was deleted");
    List<String> listed = plan.lines().filter(l -> l.startsWith("  data/")).map(String::trim)
        .toList();
    assertThat(listed).hasSize(4);
    assertThat(files(data)).isEqualTo(6);
    try (Dataset v1 = Dataset.open(ds, 1)) {
      assertThat(v1.countRows()).isEqualTo(20);
    }
    assertThat(ok(InProcess.run("cleanup", ds, "--older-than", "0s")))
        .startsWith("removed 1 old version(s), 4 data file(s)");
    for (String f : listed) {
      assertThat(dir.resolve("ds").resolve(f)).doesNotExist();
    }
    assertThat(files(data)).isEqualTo(2);
    assertThat(Rows.readWithLanceCore(dir.resolve("ds"))).isEqualTo(Rows.rows(0, 20));
    assertThat(ok(InProcess.run("cleanup", "--help"))).contains("CAUTION")
        .contains("still writing").contains("--dry-run");
  }

  @Test
  void aStoppedWorkerSaysWhichFilesItLeaves() throws Exception {
    StringBuilder csv = new StringBuilder("id,score,ok,name\n");
    for (int i = 0; i < 400_000; i++) {
      csv.append(i).append(',').append(i * 0.5).append(",true,name").append(i).append('\n');
    }
    Files.writeString(dir.resolve("big.csv"), csv);
    Path data = dir.resolve("ds").resolve("data");
    Cli.Running w = Cli.start(dir.resolve("logs"), "write-fragments", dir.resolve("ds")
        .toString(), "--input", dir.resolve("big.csv").toString(), "--max-rows-per-file", "5000",
        "--output", dir.resolve("w.json").toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while ((!Files.isDirectory(data) || files(data) < 2) && System.nanoTime() < deadline
        && w.process().isAlive()) {
      Thread.sleep(20);
    }
    assertThat(w.process().isAlive()).as("the worker is still writing").isTrue();
    w.process().destroy(); // SIGTERM
    Cli.Result r = w.await();
    assertThat(r.code()).isEqualTo(143);
    assertThat(dir.resolve("w.json")).doesNotExist();
    List<String> left;
    try (Stream<Path> s = Files.list(data)) {
      left = s.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(r.err()).contains("write-fragments was stopped before it finished")
        .contains("uncommitted data file(s) in " + data)
        .contains("lance4j cleanup " + dir.resolve("ds"));
    // the files it names exist (its writer threads may add one more while the JVM stops)
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9a-f]{20,}\\.lance")
        .matcher(r.err());
    List<String> named = new java.util.ArrayList<>();
    while (m.find()) {
      named.add(m.group());
    }
    assertThat(named).isNotEmpty();
    assertThat(left).containsAll(named);
  }

  @Test
  void progressShowsInferencePercentAndEta() throws Exception {
    assertThat(Progress.eta(50, 100, 10.0)).isEqualTo("   50%  ETA 10s");
    assertThat(Progress.eta(25, 100, 60.0)).isEqualTo("   25%  ETA 3m00s");
    assertThat(Progress.eta(100, 100, 5.0)).isEqualTo("  100%  ETA 0s");
    assertThat(Progress.eta(0, 100, 1.0)).isEmpty();
    assertThat(Progress.eta(10, -1, 1.0)).isEmpty();
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 50));
    Cli.Result r;
    try {
      r = InProcess.run("--progress", "write-fragments", dir.resolve("ds").toString(),
          "--input", dir.resolve("a.csv").toString(), "--output",
          dir.resolve("a.json").toString());
    } finally {
      Progress.force(null);
    }
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("inferring column types from the first 10000 rows")
        .contains("write-fragments: 50 rows").contains("100%  ETA 0s");
  }
}
