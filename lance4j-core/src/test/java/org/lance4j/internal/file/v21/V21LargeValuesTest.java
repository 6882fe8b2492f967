package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.testing.ArrowAssert;

/** Full-zip columns (vectors, long strings, zstd binary) written by lance-core 7.0.0. */
class V21LargeValuesTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static void check(LanceFileReader r, String col, int from, int to, BufferAllocator a,
      java.util.function.BiFunction<String, Integer, Object> expected) {
    try (FieldVector v = r.read(r.schema().field(col), null, from, to, a)) {
      assertThat(ArrowAssert.values(v)).as("%s rows %d..%d", col, from, to)
          .isEqualTo(V21Values.range(expected, col, from, to));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void fullZipColumnsReadBack(String version) throws Exception {
    try (LanceFileReader r = V21ScalarsTest.open("big_" + version)) {
      for (String col : List.of("vec", "vecn", "text", "blobby")) {
        check(r, col, 0, V21Values.BIG_ROWS, allocator, V21Values::big);
        check(r, col, 17, 61, allocator, V21Values::big);
        check(r, col, 119, 120, allocator, V21Values::big);
      }
    }
  }
}
