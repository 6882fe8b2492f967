package org.lance4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark in smoke mode (tiny sizes, one iteration) so that its code cannot rot. */
class BenchSmokeTest {
  @TempDir Path tmp;

  @Test
  void smokeRunCoversEveryWorkloadAndWritesJson() throws Exception {
    BenchConfig c = BenchConfig.parse(new String[] {"--smoke", "--dir",
        tmp.resolve("work").toString(), "--json", tmp.resolve("r.json").toString()});
    Report r = BenchMain.run(c);
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("r.json").toFile());
    List<String> names = new ArrayList<>();
    for (JsonNode row : json.get("results")) {
      names.add(row.get("workload").asText());
      assertThat(row.get("lance4j_seconds")).hasSize(1);
      assertThat(row.get("lance4j_median_seconds").asDouble()).isPositive();
      assertThat(row.get("lance_core_median_seconds").asDouble()).isPositive();
      assertThat(row.get("ratio_lance4j_over_lance_core").asDouble()).isPositive();
    }
    assertThat(names).contains("write vectors (rows)", "write scalars (rows)",
        "full scan vectors, lance-core 2.1 files (rows)",
        "full scan vectors, lance-core 2.2 files (rows)",
        "full scan scalars, each its own 2.1 files (rows)",
        "scan scalars column f64, lance-core 2.2 files (rows)",
        "take 100 random rows vectors, lance-core 2.1 files (rows)",
        "take 100 random rows scalars, lance-core 2.2 files (rows)",
        "commit Append of 2 fragments on 20", "4 threads x 1 concurrent Appends");
    for (String impl : List.of("lance4j", "lance-core")) {
      JsonNode heap = json.get("extra").get("heap_" + impl);
      assertThat(heap.get("rows").asLong()).isEqualTo(20_000);
      assertThat(heap.get("fragments").asLong()).isEqualTo(1);
      assertThat(heap.get("data_bytes").asLong()).isGreaterThan(20_000L * 512);
      assertThat(heap.get("heap_used_peak").asLong()).isPositive();
    }
    JsonNode versions = json.get("extra").get("file_versions_vectors");
    assertThat(versions.get("lance_core_default").toString()).isEqualTo("[\"2.1\"]");
    assertThat(versions.get("lance_core_2.2").toString()).isEqualTo("[\"2.2\"]");
    assertThat(versions.get("lance4j_written").toString()).isEqualTo("[\"2.1\"]");
    assertThat(json.get("info").get("nproc").asInt()).isPositive();
    assertThat(r.table()).contains("| write vectors (rows)");
  }
}
