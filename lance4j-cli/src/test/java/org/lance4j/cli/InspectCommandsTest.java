package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;

/**
 * The inspecting commands, in-process: info and versions with --json, schema (text, --json, and
 * --arrow that write-fragments --schema reads back), count with and without --filter, scan's
 * --limit check and repeated --column, versions over a corrupt latest manifest, and errors in
 * plain words.
 */
class InspectCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out();
  }

  private String dataset() {
    String ds = dir.resolve("ds").toString();
    try {
      Files.writeString(dir.resolve("a.csv"), Rows.csv(0, 30));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ok(InProcess.run("write-fragments", ds, "--input", dir.resolve("a.csv").toString(),
        "--max-rows-per-file", "10", "--output", dir.resolve("a.json").toString()));
    ok(InProcess.run("commit", ds, "--operation", "overwrite", dir.resolve("a.json").toString()));
    return ds;
  }

  @Test
  void infoVersionsSchemaCountAsJsonAndText() throws Exception {
    String ds = dataset();
    assertThat(ok(InProcess.run("delete", ds, "--where", "id >= 25")).trim()).isEqualTo("2");

    JsonNode info = JSON.readTree(ok(InProcess.run("info", ds, "--json")));
    assertThat(info.get("version").asLong()).isEqualTo(2);
    assertThat(info.get("latest_version").asLong()).isEqualTo(2);
    assertThat(info.get("rows").asLong()).isEqualTo(25);
    assertThat(info.get("deleted_rows").asLong()).isEqualTo(5);
    assertThat(info.get("fragments").asInt()).isEqualTo(3);
    assertThat(info.get("data_files").asInt()).isEqualTo(3);
    assertThat(info.get("data_bytes").asLong()).isPositive();
    List<String> names = new ArrayList<>();
    info.get("schema").forEach(f -> names.add(f.get("name").asText() + ":"
        + f.get("type").asText() + ":" + f.get("id").asInt()));
    assertThat(names).containsExactly("id:int64:0", "score:double:1", "ok:bool:2",
        "name:string:3");
    JsonNode v1 = JSON.readTree(ok(InProcess.run("info", ds, "--json", "--version", "1")));
    assertThat(v1.get("rows").asLong()).isEqualTo(30);

    JsonNode versions = JSON.readTree(ok(InProcess.run("versions", ds, "--json")));
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).get("version").asLong()).isEqualTo(1);
    assertThat(versions.get(0).get("operation").asText()).isEqualTo("Overwrite");
    assertThat(versions.get(0).get("rows").asLong()).isEqualTo(30);
    assertThat(versions.get(1).get("operation").asText()).isEqualTo("Delete");
    assertThat(versions.get(1).get("rows").asLong()).isEqualTo(25);
    assertThat(versions.get(1).get("readable").asBoolean()).isTrue();
    assertThat(java.time.Instant.parse(versions.get(1).get("timestamp").asText())).isNotNull();

    assertThat(ok(InProcess.run("schema", ds)).lines().toList()).containsExactly(
        "id: int64  (id 0)", "score: double  (id 1)", "ok: bool  (id 2)",
        "name: string  (id 3)");
    assertThat(JSON.readTree(ok(InProcess.run("schema", ds, "--json"))).get(3).get("name")
        .asText()).isEqualTo("name");
    // --arrow is what --schema reads: a new dataset written with it gets the same types
    Files.writeString(dir.resolve("s.json"), ok(InProcess.run("schema", ds, "--arrow")));
    Files.writeString(dir.resolve("b.csv"), "id,score,ok,name\n1,,,\n");
    ok(InProcess.run("write-fragments", dir.resolve("copy").toString(), "--schema",
        dir.resolve("s.json").toString(), "--input", dir.resolve("b.csv").toString(),
        "--output", dir.resolve("b.json").toString()));
    ok(InProcess.run("commit", dir.resolve("copy").toString(), "--operation", "overwrite",
        dir.resolve("b.json").toString()));
    assertThat(ok(InProcess.run("schema", dir.resolve("copy").toString())))
        .isEqualTo(ok(InProcess.run("schema", ds)));

    assertThat(ok(InProcess.run("count", ds)).trim()).isEqualTo("25");
    assertThat(ok(InProcess.run("count", ds, "--version", "1")).trim()).isEqualTo("30");
    assertThat(ok(InProcess.run("count", ds, "--filter", "id < 10 AND name IS NOT NULL")).trim())
        .isEqualTo("8");
    Cli.Result bad = InProcess.run("count", ds, "--filter", "nope > 1");
    assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).contains("nope");
  }

  @Test
  void scanRefusesANegativeLimitAndTakesRepeatedColumns() throws Exception {
    String ds = dir.resolve("commas").toString();
    Files.writeString(dir.resolve("c.csv"), "id,\"city, state\",n\n1,\"Austin, TX\",3\n"
        + "2,\"Salem, OR\",4\n");
    ok(InProcess.run("write-fragments", ds, "--input", dir.resolve("c.csv").toString(),
        "--output", dir.resolve("c.json").toString()));
    ok(InProcess.run("commit", ds, "--operation", "overwrite", dir.resolve("c.json").toString()));
    assertThat(ok(InProcess.run("scan", ds, "--format", "csv", "--column", "city, state",
        "-c", "id"))).isEqualTo("\"city, state\",id\n\"Austin, TX\",1\n\"Salem, OR\",2\n");
    assertThat(ok(InProcess.run("scan", ds, "--format", "csv", "--columns", "n, id",
        "--limit", "0"))).isEqualTo("n,id\n");
    for (String opt : List.of("--limit", "--offset")) {
      Cli.Result r = InProcess.run("scan", ds, opt, "-1");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(r.err()).contains(opt + " must be 0 or more, got -1");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void versionsListsWhatItCanReadOverACorruptLatestManifest() throws Exception {
    String ds = dataset();
    ok(InProcess.run("delete", ds, "--where", "id >= 25"));
    Path latest;
    try (Stream<Path> s = Files.list(dir.resolve("ds").resolve("_versions"))) {
      latest = s.filter(p -> p.toString().endsWith(".manifest") && versionOf(p) == 2)
          .findFirst().orElseThrow();
    }
    assertThat(versionOf(latest)).isEqualTo(2);
    Files.write(latest, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    Cli.Result r = InProcess.run("versions", ds);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CORRUPT);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("1 ").endsWith(" 30");
    assertThat(lines.get(2)).startsWith("2 ").contains("UNREADABLE");
    assertThat(r.err()).contains("1 version(s)").contains("scan " + ds + " --version 1");
    JsonNode json = JSON.readTree(InProcess.run("versions", ds, "--json").out());
    assertThat(json.get(0).get("readable").asBoolean()).isTrue();
    assertThat(json.get(1).get("readable").asBoolean()).isFalse();
    assertThat(json.get(1).get("error").asText()).isNotBlank().doesNotContain("Exception");
    assertThat(ok(InProcess.run("scan", ds, "--version", "1", "--format", "csv", "--columns",
        "id", "--limit", "1"))).isEqualTo("id\n0\n");
    // the way out: restore the readable version on top of the corrupt one
    assertThat(ok(InProcess.run("restore", ds, "1")).trim()).isEqualTo("3");
    assertThat(ok(InProcess.run("count", ds)).trim()).isEqualTo("30");
  }

  private static long versionOf(Path manifest) {
    String n = manifest.getFileName().toString().replace(".manifest", "");
    long v = Long.parseUnsignedLong(n);
    return n.length() == 20 ? ~v : v;
  }

  @Test
  void errorsSayWhatIsWrongInPlainWords() throws Exception {
    Cli.Result missing = InProcess.run("write-fragments", dir.resolve("x").toString(), "--input",
        dir.resolve("nope.csv").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains("file not found: " + dir.resolve("nope.csv"))
        .contains("check the file name").doesNotContain("versions");

    Files.writeString(dir.resolve("w.json"), "[{\"id\": 0, \"files\": ]");
    Cli.Result json = InProcess.run("commit", dir.resolve("x").toString(), "--operation",
        "overwrite", dir.resolve("w.json").toString());
    assertThat(json.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(json.err()).contains("w.json: not valid JSON").doesNotContain("Source:")
        .doesNotContain("StreamReadFeature").doesNotContain("(hint: fix the input named above)");

    String wrapped = Errors.plain(new LanceIOException("cannot read _versions/3.manifest",
        new ObjectStore.NotFoundException("_versions/3.manifest")));
    assertThat(wrapped).isEqualTo("cannot read _versions/3.manifest: object not found: "
        + "_versions/3.manifest");
    assertThat(Errors.plain(new LanceIOException("cannot write ds/data/x.lance",
        new java.nio.file.AccessDeniedException("/ds/data/x.lance"))))
        .isEqualTo("cannot write ds/data/x.lance: permission denied: /ds/data/x.lance");
    assertThat(Errors.sanitize("bad: java.nio.file.AccessDeniedException: /x and "
        + "com.fasterxml.jackson.core.JsonParseException: Unexpected end\n at [Source: REDACTED "
        + "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 9]"))
        .isEqualTo("bad: permission denied: /x and Unexpected end (line 1, column 9)");
  }
}
