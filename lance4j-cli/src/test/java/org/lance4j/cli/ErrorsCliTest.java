package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real CLI: a one-line message naming the problem, a distinct non-zero exit
 * code, and the dataset left as it was. One case of each exit code (invalid input, not found,
 * incompatible conflict) runs in its own JVM, where the code is the process's exit status and
 * stderr holds nothing but the message; the other cases run in-process ({@link InProcess}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErrorsCliTest {
  @TempDir
  static Path dir;
  static Path ds;
  static Path logs;

  /** One dataset at version 1 for all tests; only the last test changes it. */
  @BeforeAll
  static void datasetAtVersionOne() throws Exception {
    ds = dir.resolve("ds");
    logs = dir.resolve("logs");
    Files.writeString(dir.resolve("good.csv"), Rows.csv(0, 10));
    Cli.Result w = InProcess.run("write-fragments", ds.toString(), "--input",
        dir.resolve("good.csv").toString(), "--output", dir.resolve("good.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    Cli.Result c = InProcess.run("commit", ds.toString(), "--operation", "overwrite",
        "--read-version", "0", dir.resolve("good.json").toString());
    assertThat(c.code()).as(c.toString()).isZero();
  }

  private void assertUnchanged() throws Exception {
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(1);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(Rows.rows(0, 10));
  }

  @Test
  void malformedCsvRowNamesFileAndLine() throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "id,score,ok,name\n1,1.5,true,a\n2,2.5,false,b\n"
        + "3,3.5,true\n");
    Cli.Result r = Cli.run(logs, "write-fragments", ds.toString(), "--input",
        dir.resolve("bad.csv").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("bad.csv:4: expected 4 fields [id, score, ok, name] but found 3");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    // a value that does not fit the --schema type
    Files.writeString(dir.resolve("schema.json"), InputFormatsCliTest.SCHEMA.toJson());
    Files.writeString(dir.resolve("bad2.csv"), "id,score,ok,name\n1,1.5,true,a\nx,2,true,b\n");
    Cli.Result r2 = InProcess.run("write-fragments", ds.toString(), "--schema",
        dir.resolve("schema.json").toString(), "--input", dir.resolve("bad2.csv").toString());
    assertThat(r2.code()).as(r2.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r2.err()).contains("bad2.csv:3: column 'id'").contains("'x' is not an integer");
    assertUnchanged();
  }

  @Test
  void schemaMismatchIsRejectedByTheWorkerAndByTheCommit() throws Exception {
    Files.writeString(dir.resolve("other.csv"), "id,label\n1,x\n");
    Cli.Result r = InProcess.run("write-fragments", ds.toString(), "--input",
        dir.resolve("other.csv").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("schema mismatch");
    // written for a fresh dataset elsewhere, then handed to this dataset's commit
    Cli.Result w = InProcess.run("write-fragments", ds.toString(), "--mode", "overwrite",
        "--input", dir.resolve("other.csv").toString(), "--output",
        dir.resolve("other.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    Cli.Result c = InProcess.run("commit", ds.toString(), "--operation", "append",
        "--read-version", "1", dir.resolve("other.json").toString());
    assertThat(c.code()).as(c.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(c.err()).contains("other.json").contains("schema mismatch");
    assertUnchanged();
  }

  @Test
  void missingFilesAndWrongReadVersion() throws Exception {
    Cli.Result r = Cli.run(logs, "write-fragments", ds.toString(), "--input",
        dir.resolve("nope.csv").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("file not found").contains("nope.csv");
    Cli.Result c = InProcess.run("commit", ds.toString(), "--operation", "append",
        dir.resolve("missing.json").toString());
    assertThat(c.code()).as(c.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(c.err()).contains("missing.json");

    Files.writeString(dir.resolve("more.csv"), Rows.csv(10, 12));
    Cli.Result w = InProcess.run("write-fragments", ds.toString(), "--input",
        dir.resolve("more.csv").toString(), "--output", dir.resolve("more.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    Cli.Result wrong = InProcess.run("commit", ds.toString(), "--operation", "append",
        "--read-version", "7", dir.resolve("more.json").toString());
    assertThat(wrong.code()).as(wrong.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(wrong.err()).contains("read version 7").contains("latest version: 1");
    Cli.Result usage = InProcess.run("commit", ds.toString(), "--operation");
    assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.err()).contains("usage error").contains("lance4j commit --help");
    assertUnchanged();

    Cli.Result absent = InProcess.run("info", dir.resolve("absent").toString());
    assertThat(absent.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(absent.err()).contains("no Lance dataset at").contains("check the dataset path");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void appendAfterAConcurrentOverwriteIsAnIncompatibleConflict() throws Exception {
    Files.writeString(dir.resolve("more.csv"), Rows.csv(10, 12));
    Cli.Result w = InProcess.run("write-fragments", ds.toString(), "--input",
        dir.resolve("more.csv").toString(), "--output", dir.resolve("more.json").toString());
    assertThat(w.code()).as(w.toString()).isZero();
    // someone else overwrites (version 2) while our append was built on version 1
    Cli.Result o = InProcess.run("commit", ds.toString(), "--operation", "overwrite",
        "--read-version", "1", dir.resolve("good.json").toString());
    assertThat(o.code()).as(o.toString()).isZero();
    Cli.Result a = Cli.run(logs, "commit", ds.toString(), "--operation", "append",
        "--read-version", "1", dir.resolve("more.json").toString());
    assertThat(a.code()).as(a.toString()).isEqualTo(ExitCodes.INCOMPATIBLE_CONFLICT);
    assertThat(a.err()).contains("commit conflict").contains("collided with");
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(2);
    assertThat(Rows.readWithLanceCore(ds)).isEqualTo(Rows.rows(0, 10));
  }
}
