package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lance4j.LanceField;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;
import org.lance4j.testing.AllocatorTestBase;

/**
 * Random data of every type lance4j reads, written as a 2.1 and as a 2.2 file by the lance-core
 * 7.0.0 file writer, read back.
 */
class V21RandomDataTest extends AllocatorTestBase {
  @ParameterizedTest
  @CsvSource({"2.1, 100, 1, 0.2", "2.1, 5000, 7, 0.1", "2.1, 3000, 3, 0.0", "2.1, 2000, 5, 0.9",
      "2.2, 100, 1, 0.2", "2.2, 5000, 7, 0.1", "2.2, 3000, 3, 0.0", "2.2, 2000, 5, 0.9"})
  void randomAllTypesRoundTrip(String version, int rows, long seed, double nulls)
      throws Exception {
    Path file = dir.resolve("r.lance");
    Map<String, List<Object>> expected;
    try (VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), rows, seed, nulls,
        allocator);
        var w = org.lance.file.LanceFileWriter.open(file.toString(), allocator, null,
            Optional.of(version), Map.of())) {
      expected = ArrowAssert.columns(root);
      w.write(root);
    }
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "r.lance", 0)) {
      assertThat(r.footerVersion()).isEqualTo(version);
      int[][] ranges = {{0, rows}, {rows / 3, rows / 2 + 1}, {rows - 1, rows}};
      for (int[] range : ranges) {
        Map<String, List<Object>> got = new LinkedHashMap<>();
        for (LanceField f : r.schema().fields()) {
          try (FieldVector v = r.read(f, null, range[0], range[1], allocator)) {
            got.put(f.name(), ArrowAssert.values(v));
          }
        }
        for (Map.Entry<String, List<Object>> e : expected.entrySet()) {
          assertThat(got.get(e.getKey())).as("%s rows %d..%d", e.getKey(), range[0], range[1])
              .isEqualTo(e.getValue().subList(range[0], range[1]));
        }
      }
    }
  }
}
