package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tags`, `--tag` on the reading commands and restore, and `update`, in-process. */
class TagsAndUpdateCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out();
  }

  private String dataset() throws Exception {
    String ds = dir.resolve("ds").toString();
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 30));
    ok(InProcess.run("write-fragments", ds, "--input", dir.resolve("a.csv").toString(),
        "--max-rows-per-file", "10", "--output", dir.resolve("a.json").toString()));
    ok(InProcess.run("commit", ds, "--operation", "overwrite", dir.resolve("a.json").toString()));
    return ds;
  }

  @Test
  void tagsNameVersionsForReadsAndRestoreAndUpdateRewritesRows() throws Exception {
    String ds = dataset();
    assertThat(ok(InProcess.run("tags", "create", ds, "gold", "1")).trim()).isEqualTo("gold\t1");

    // update: rows 0..9 get score 100, in one new version
    assertThat(ok(InProcess.run("update", ds, "--set", "score=100", "--where", "id < 10"))
        .trim()).isEqualTo("2");
    assertThat(ok(InProcess.run("count", ds, "--filter", "score = 100")).trim()).isEqualTo("10");
    assertThat(ok(InProcess.run("count", ds)).trim()).isEqualTo("30");
    assertThat(ok(InProcess.run("count", ds, "--tag", "gold", "--filter", "score = 100")).trim())
        .isEqualTo("0");
    // no match: nothing committed, the current version printed
    assertThat(ok(InProcess.run("update", ds, "--set", "score=0", "--where", "id > 999")).trim())
        .isEqualTo("2");

    JsonNode tags = JSON.readTree(ok(InProcess.run("tags", "list", ds, "--json")));
    assertThat(tags).hasSize(1);
    assertThat(tags.get(0).get("name").asText()).isEqualTo("gold");
    assertThat(tags.get(0).get("version").asLong()).isEqualTo(1);
    JsonNode info = JSON.readTree(ok(InProcess.run("info", ds, "--tag", "gold", "--json")));
    assertThat(info.get("version").asLong()).isEqualTo(1);

    assertThat(ok(InProcess.run("restore", ds, "--tag", "gold")).trim()).isEqualTo("3");
    assertThat(ok(InProcess.run("count", ds, "--filter", "score = 100")).trim()).isEqualTo("0");
    ok(InProcess.run("tags", "update", ds, "gold", "2"));
    assertThat(ok(InProcess.run("scan", ds, "--tag", "gold", "--filter", "score = 100",
        "--format", "csv", "--columns", "id")).lines().skip(1).count()).isEqualTo(10);
    ok(InProcess.run("tags", "delete", ds, "gold"));
    assertThat(ok(InProcess.run("tags", "list", ds)).trim()).isEmpty();
  }

  @Test
  void aRerunCommitWithTheSameIdempotencyKeyCommitsNothingTwice() throws Exception {
    String ds = dataset();
    Files.writeString(dir.resolve("b.csv"), Rows.csv(30, 60));
    ok(InProcess.run("write-fragments", ds, "--input", dir.resolve("b.csv").toString(),
        "--output", dir.resolve("b.json").toString()));
    String b = dir.resolve("b.json").toString();
    assertThat(ok(InProcess.run("commit", ds, "--operation", "append", "--read-version", "1",
        "--idempotency-key", "job-42", b)).trim()).isEqualTo("2");
    // the rerun of the same job (e.g. after a lost answer) finds its key
    assertThat(ok(InProcess.run("commit", ds, "--operation", "append", "--read-version", "1",
        "--idempotency-key", "job-42", b)).trim()).isEqualTo("2");
    assertThat(ok(InProcess.run("count", ds)).trim()).isEqualTo("60");
  }

  @Test
  void mistakesGetPlainMessagesAndExitCodes() throws Exception {
    String ds = dataset();
    Cli.Result dup;
    ok(InProcess.run("tags", "create", ds, "t", "1"));
    dup = InProcess.run("tags", "create", ds, "t", "1");
    assertThat(dup.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(dup.err()).contains("already exists");
    Cli.Result both = InProcess.run("count", ds, "--tag", "t", "--version", "1");
    assertThat(both.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(both.err()).contains("pass one of them");
    Cli.Result neither = InProcess.run("restore", ds);
    assertThat(neither.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(neither.err()).contains("VERSION or --tag");
    Cli.Result unknown = InProcess.run("scan", ds, "--tag", "nope");
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("no tag 'nope'");
    Cli.Result badSet = InProcess.run("update", ds, "--set", "score");
    assertThat(badSet.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badSet.err()).contains("COLUMN=EXPR");
    Cli.Result badColumn = InProcess.run("update", ds, "--set", "nope=1");
    assertThat(badColumn.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badColumn.err()).contains("'nope'");
  }
}
