package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.FragmentMetadata;

/**
 * write-fragments --shard K/N --shard-by rows: N workers split single large files (CSV and JSON
 * Lines by byte ranges at line ends, Parquet by row groups, Arrow IPC files by record batches);
 * together they write every row exactly once, each worker some of them.
 */
class ShardByRowsTest {
  @TempDir
  Path dir;

  private void shardAndCommit(String name, int workers, List<String> inputs, String... more)
      throws Exception {
    List<String> outs = new ArrayList<>();
    for (int k = 0; k < workers; k++) {
      List<String> args = new ArrayList<>(List.of("write-fragments",
          dir.resolve(name).toString(), "--shard", k + "/" + workers, "--shard-by", "rows",
          "--max-rows-per-file", "100", "--batch-size", "64", "--output",
          dir.resolve(name + "-" + k + ".json").toString()));
      args.addAll(List.of(more));
      args.add("--input");
      args.addAll(inputs);
      Cli.Result r = InProcess.run(args.toArray(String[]::new));
      assertThat(r.code()).as(name + " worker " + k + ": " + r).isZero();
      long rows = FragmentMetadata.fromJsonArray(Files.readString(dir.resolve(name + "-" + k
          + ".json"))).stream().mapToLong(FragmentMetadata::numRows).sum();
      assertThat(rows).as(name + " worker " + k + " rows").isPositive();
      outs.add(dir.resolve(name + "-" + k + ".json").toString());
    }
    List<String> commit = new ArrayList<>(List.of("commit", dir.resolve(name).toString(),
        "--operation", "overwrite"));
    commit.addAll(outs);
    Cli.Result c = InProcess.run(commit.toArray(String[]::new));
    assertThat(c.code()).as(c.toString()).isZero();
  }

  private List<List<Object>> sorted(String name) throws Exception {
    List<List<Object>> rows = Rows.readWithLanceCore(dir.resolve(name));
    rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
    return rows;
  }

  @Test
  void textFilesSplitAtLineEnds() throws Exception {
    Files.writeString(dir.resolve("big.csv"), Rows.csv(0, 1000));
    shardAndCommit("csv", 3, List.of(dir.resolve("big.csv").toString()));
    assertThat(sorted("csv")).isEqualTo(Rows.rows(0, 1000));

    Files.writeString(dir.resolve("a.jsonl"), Rows.jsonl(0, 300));
    Files.writeString(dir.resolve("b.jsonl"), Rows.jsonl(300, 310));
    shardAndCommit("jsonl", 4, List.of(dir.resolve("a.jsonl").toString(),
        dir.resolve("b.jsonl").toString()), "--schema", schema());
    assertThat(sorted("jsonl")).isEqualTo(Rows.rows(0, 310));
  }

  @Test
  void parquetByRowGroupsArrowByRecordBatches() throws Throwable {
    CompressedInputsCliTest.writeParquet(dir.resolve("big.parquet"), 0, 1000,
        CompressionCodecName.SNAPPY);
    shardAndCommit("pq", 3, List.of(dir.resolve("big.parquet").toString()));
    assertThat(sorted("pq")).isEqualTo(Rows.rows(0, 1000));

    CompressedInputsCliTest.writeArrow(dir.resolve("big.arrow"), 0, 200, true,
        CompressionUtil.CodecType.ZSTD);
    shardAndCommit("arrow", 3, List.of(dir.resolve("big.arrow").toString()));
    assertThat(sorted("arrow")).isEqualTo(Rows.rows(0, 200));

    CompressedInputsCliTest.writeArrow(dir.resolve("s.arrows"), 0, 20, false,
        CompressionUtil.CodecType.ZSTD);
    Cli.Result r = InProcess.run("write-fragments", dir.resolve("x").toString(), "--shard",
        "0/2", "--shard-by", "rows", "--input", dir.resolve("s.arrows").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("s.arrows is an Arrow IPC stream");
  }

  private String schema() throws Exception {
    Path s = dir.resolve("schema.json");
    Files.writeString(s, InputFormatsCliTest.SCHEMA.toJson());
    return s.toString();
  }
}
