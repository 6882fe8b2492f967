package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that evaluate SQL expressions (scan --filter, merge-columns + commit --operation
 * merge, add-columns, delete in one step and by workers), then compact / restore / cleanup, on
 * ONE dataset whose history the tests build in order. Each step is read back by lance-core; each
 * bad expression must fail with exit code 2, the position and a caret, and change nothing.
 *
 * <p>History: v1 rows 0..99 in 4 fragments; v2 append of rows 100..119 (fragment 4); v3 Merge
 * name_len, id2; v4 add-columns score2; v5 delete id % 10 = 3; v6 distributed delete; v7
 * compact; v8 restore of v3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpressionCommandsCliTest {
  @TempDir
  static Path dir;
  static Path ds;
  static String uri;
  static Path logs;

  @BeforeAll
  static void datasetAtVersionOne() throws Exception {
    ds = dir.resolve("ds");
    uri = ds.toString();
    logs = dir.resolve("logs");
    Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 100));
    ok(InProcess.run("write-fragments", uri, "--input", dir.resolve("a.csv").toString(),
        "--max-rows-per-file", "25", "--output", dir.resolve("a.json").toString()));
    assertThat(ok(InProcess.run("commit", uri, "--operation", "overwrite", "--read-version",
        "0", dir.resolve("a.json").toString()))).isEqualTo("1");
  }

  @Test
  @Order(1)
  void scanWithFilterColumnsLimitOffset() throws Exception {
    IntPredicate matches = i -> {
      List<Object> r = Rows.row(i);
      return Boolean.TRUE.equals(r.get(2)) && r.get(1) != null && (Double) r.get(1) > 10
          || "".equals(r.get(3));
    };
    int[] hits = IntStream.range(0, 100).filter(matches).toArray();
    String filter = "(ok = true AND score > 10) OR name = ''";

    Cli.Result csv = InProcess.run("scan", uri, "--filter", filter, "--columns",
        "id,name,score", "--limit", "6", "--format", "csv");
    StringBuilder expected = new StringBuilder("id,name,score\n");
    for (int i : Arrays.copyOf(hits, 6)) {
      List<Object> r = Rows.row(i);
      expected.append(i).append(',').append(csvCell((String) r.get(3))).append(',')
          .append(r.get(1) == null ? "" : r.get(1)).append('\n');
    }
    assertThat(csv.code()).as(csv.toString()).isZero();
    assertThat(csv.out()).isEqualTo(expected.toString());
    assertThat(csv.out()).contains("\n4,\"\",").contains("\n12,ünïcødé 12,15.5\n");

    // JSON Lines, columns in another order, the offset counts matching rows
    Cli.Result jsonl = InProcess.run("scan", uri, "--filter", filter, "--columns", "name,id",
        "--offset", "2", "--limit", "3", "--format", "jsonl");
    assertThat(jsonl.code()).as(jsonl.toString()).isZero();
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    List<Object> got = new ArrayList<>();
    for (String line : jsonl.out().trim().split("\n")) {
      got.add(json.readValue(line, LinkedHashMap.class));
    }
    List<Object> want = new ArrayList<>();
    for (int i : Arrays.copyOfRange(hits, 2, 5)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", Rows.row(i).get(3));
      m.put("id", (long) i);
      want.add(m);
    }
    assertThat(got).isEqualTo(want);
    assertThat(jsonl.out().trim().split("\n")[0]).startsWith("{\"name\":");
  }

  @Test
  @Order(2)
  void invalidFilterFailsBeforeAnyRow() throws Exception {
    Cli.Result r = InProcess.run("scan", uri, "--filter", "score >> 3", "--format", "csv");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.out()).isEmpty();
    assertCaretError(r, "score >> 3", 7);
    Cli.Result unknown = InProcess.run("scan", uri, "--filter", "nope = 1", "--format", "jsonl");
    assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).contains("nope").contains("^");
    Cli.Result type = InProcess.run("scan", uri, "--filter", "name > 3");
    assertThat(type.code()).as(type.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(type.out()).isEmpty();
    Cli.Result notBool = InProcess.run("scan", uri, "--filter", "id + 1");
    assertThat(notBool.code()).as(notBool.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(notBool.out()).isEmpty();
  }

  @Test
  @Order(3)
  void staleMergeIsARetryableConflictThenTwoConcurrentWorkersMerge() throws Exception {
    // a merge worker reads version 1 ...
    ok(InProcess.run("merge-columns", uri, "--expr", "id3=id * 3", "--output",
        dir.resolve("stale.json").toString()));
    // ... while someone appends rows 100..119 (version 2)
    Files.writeString(dir.resolve("b.csv"), Rows.csv(100, 120));
    ok(InProcess.run("write-fragments", uri, "--input", dir.resolve("b.csv").toString(),
        "--output", dir.resolve("b.json").toString()));
    assertThat(ok(InProcess.run("commit", uri, "--operation", "append", "--read-version", "1",
        dir.resolve("b.json").toString()))).isEqualTo("2");
    Cli.Result stale = InProcess.run("commit", uri, "--operation", "merge",
        dir.resolve("stale.json").toString());
    assertThat(stale.code()).as(stale.toString()).isEqualTo(ExitCodes.RETRYABLE_CONFLICT);
    assertThat(stale.err()).contains("commit conflict").contains("merge")
        .contains("built on version 1").contains("collided with version 2")
        .contains("redo the work on it");
    assertThat(stale.err().lines().count()).isEqualTo(1);
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(2);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(Rows.rows(0, 120));

    Cli.Result bad = InProcess.run("merge-columns", uri, "--shard", "0/2", "--expr",
        "x=nope + 1", "--output", dir.resolve("never.json").toString());
    assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).contains("'nope'").contains("does not exist");
    assertThat(dir.resolve("never.json")).doesNotExist();

    // two worker processes at once, each its share of the 5 fragments, then one Merge commit
    Cli.Running w0 = Cli.start(logs, "merge-columns", uri, "--shard", "0/2", "--output",
        dir.resolve("m0.json").toString(), "--expr", "name_len=length(name)", "id2=id * 2");
    Cli.Running w1 = Cli.start(logs, "merge-columns", uri, "--shard", "1/2", "--output",
        dir.resolve("m1.json").toString(), "--expr", "name_len=length(name)", "id2=id * 2");
    Cli.Result r0 = w0.await();
    Cli.Result r1 = w1.await();
    assertThat(r0.code()).as(r0.toString()).isZero();
    assertThat(r1.code()).as(r1.toString()).isZero();
    assertThat(ids(WorkerOutput.read(dir.resolve("m0.json").toString())))
        .containsExactly(0L, 2L, 4L);
    assertThat(ids(WorkerOutput.read(dir.resolve("m1.json").toString())))
        .containsExactly(1L, 3L);
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(2); // workers commit nothing
    Cli.Result c = InProcess.run("commit", uri, "--operation", "merge",
        dir.resolve("m0.json").toString(), dir.resolve("m1.json").toString());
    assertThat(c.code()).as(c.toString()).isZero();
    assertThat(c.out().trim()).isEqualTo("3");
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(expected(0, 120, false, i -> true));
  }

  @Test
  @Order(4)
  void addColumnsInOneStep() throws Exception {
    Cli.Result r = InProcess.run("add-columns", uri, "--expr", "score2=score * 2");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().trim()).isEqualTo("4");
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(expected(0, 120, true, i -> true));
    Cli.Result bad = InProcess.run("add-columns", uri, "--expr", "x=length(name");
    assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).contains("position").contains("^");
    Cli.Result taken = InProcess.run("add-columns", uri, "--expr", "id=id + 1");
    assertThat(taken.code()).as(taken.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(taken.err()).contains("id");
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(4);
  }

  @Test
  @Order(5)
  void deleteInOneStepAndByWorkers() throws Exception {
    Cli.Result bad = InProcess.run("delete", uri, "--where", "id >> 3");
    assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertCaretError(bad, "id >> 3", 4);
    Cli.Result badWorker = InProcess.run("delete", uri, "--where", "nope = 1", "--shard", "0/2",
        "--output", dir.resolve("never.json").toString());
    assertThat(badWorker.code()).as(badWorker.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badWorker.err()).contains("nope");
    assertThat(dir.resolve("never.json")).doesNotExist();
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(4);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(expected(0, 120, true, i -> true));

    Cli.Result one = InProcess.run("delete", uri, "--where", "id % 10 = 3");
    assertThat(one.code()).as(one.toString()).isZero();
    assertThat(one.out().trim()).isEqualTo("5");
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(expected(0, 120, true, i -> i % 10 != 3));

    // workers: fragment 4 (rows 100..119) goes entirely, the others get deletion files
    String where = "id >= 100 OR name LIKE 'plain%'";
    Cli.Running w0 = Cli.start(logs, "delete", uri, "--where", where, "--shard", "0/2",
        "--output", dir.resolve("d0.json").toString());
    Cli.Running w1 = Cli.start(logs, "delete", uri, "--where", where, "--shard", "1/2",
        "--output", dir.resolve("d1.json").toString());
    Cli.Result r0 = w0.await();
    Cli.Result r1 = w1.await();
    assertThat(r0.code()).as(r0.toString()).isZero();
    assertThat(r1.code()).as(r1.toString()).isZero();
    WorkerOutput d0 = WorkerOutput.read(dir.resolve("d0.json").toString());
    assertThat(d0.deletedFragmentIds()).containsExactly(4L);
    assertThat(ids(d0)).containsExactly(0L, 2L);
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(5);
    Cli.Result c = InProcess.run("commit", uri, "--operation", "delete",
        dir.resolve("d0.json").toString(), dir.resolve("d1.json").toString());
    assertThat(c.code()).as(c.toString()).isZero();
    assertThat(c.out().trim()).isEqualTo("6");
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(expected(0, 100, true, afterDeletes()));
  }

  @Test
  @Order(6)
  void compactRestoreCleanupRoundTrip() throws Exception {
    assertThat(ok(InProcess.run("compact", uri, "--target-rows-per-fragment", "1000")))
        .isEqualTo("7");
    try (org.lance4j.Dataset d = org.lance4j.Dataset.open(uri)) {
      assertThat(d.fragments()).hasSize(1);
      assertThat(d.fragments().get(0).metadata().deletionFile()).isNull();
    }
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(expected(0, 100, true, afterDeletes()));

    assertThat(ok(InProcess.run("restore", uri, "3"))).isEqualTo("8");
    List<List<Object>> merged = expected(0, 120, false, i -> true);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(merged);

    assertThat(ok(InProcess.run("cleanup", uri, "--older-than", "0s")))
        .startsWith("removed 7 old version(s)");
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(8);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(merged); // files v8 uses survive
    Cli.Result gone = InProcess.run("scan", uri, "--version", "6");
    assertThat(gone.code()).as(gone.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ok(InProcess.run("versions", uri)).lines().skip(1).toList()).singleElement()
        .asString().startsWith("8 ").contains("Restore").endsWith(" 120");
  }

  private static IntPredicate afterDeletes() {
    return i -> i % 10 != 3 && i < 100 && i % 5 != 0;
  }

  /** Rows from..to-1 that survive, with name_len and id2 (and score2 when asked). */
  private static List<List<Object>> expected(int from, int to, boolean score2,
      IntPredicate keep) {
    List<List<Object>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (!keep.test(i)) {
        continue;
      }
      List<Object> r = new ArrayList<>(Rows.row(i));
      String name = (String) r.get(3);
      r.add(name == null ? null : name.codePointCount(0, name.length()));
      r.add(2L * i);
      if (score2) {
        r.add(r.get(1) == null ? null : (Double) r.get(1) * 2);
      }
      out.add(r);
    }
    return out;
  }

  private static List<Long> ids(WorkerOutput o) {
    return o.fragments().stream().map(org.lance4j.FragmentMetadata::id).toList();
  }

  private static String csvCell(String s) {
    if (s == null) {
      return "";
    }
    if (s.isEmpty() || s.contains(",") || s.contains("\"")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** One error line naming the position, then the expression and a caret under it. */
  private static void assertCaretError(Cli.Result r, String expr, int pos) {
    List<String> lines = r.err().lines().toList();
    assertThat(lines).as(r.toString()).hasSize(3);
    assertThat(lines.get(0)).startsWith("lance4j: error: ").contains("at position " + pos)
        .contains("(hint: ");
    assertThat(lines.get(1)).isEqualTo("  " + expr);
    assertThat(lines.get(2)).isEqualTo("  " + " ".repeat(pos) + "^");
  }

  private static String ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out().trim();
  }
}
