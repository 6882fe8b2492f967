package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.ArrowAssert;

/** Scalar columns of files lance-core 7.0.0 wrote as 2.1 and 2.2, read value by value. */
class V21ScalarsTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static Path fixture(String name) throws Exception {
    return Path.of(V21ScalarsTest.class.getResource("/v21/" + name).toURI());
  }

  static LanceFileReader open(String dataset) throws Exception {
    Path dir = fixture(dataset);
    String file;
    try (Stream<Path> s = Files.list(dir.resolve("data"))) {
      file = "data/" + s.findFirst().orElseThrow().getFileName();
    }
    return LanceFileReader.open(new LocalObjectStore(dir), file, 0);
  }

  @org.junit.jupiter.api.Test
  void format23WithTheBytesOf22Reads(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    byte[] bytes = V21CorruptFileTest.fixtureBytes("scalars_22");
    bytes[bytes.length - 6] = 3; // footer minor version 2 -> 3 ("next" in lance-core 7.0.0)
    Files.write(dir.resolve("v23.lance"), bytes);
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "v23.lance", 0)) {
      assertThat(r.footerVersion()).isEqualTo("2.3");
      for (String col : V21Values.SCALARS) {
        try (FieldVector v = r.read(r.schema().field(col), null, 0, V21Values.SCALAR_ROWS,
            allocator)) {
          assertThat(ArrowAssert.values(v)).as(col).isEqualTo(V21Values.scalars(col, 0,
              V21Values.SCALAR_ROWS));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void everyScalarColumnReadsBack(String version) throws Exception {
    try (LanceFileReader r = open("scalars_" + version)) {
      assertThat(r.footerVersion()).isEqualTo("2." + version.charAt(1));
      assertThat(r.numRows()).isEqualTo(V21Values.SCALAR_ROWS);
      for (String col : V21Values.SCALARS) {
        int[][] ranges = {{0, V21Values.SCALAR_ROWS}, {1000, 2100}, {1023, 1025}, {2499, 2500},
            {7, 7}};
        for (int[] range : ranges) {
          try (FieldVector v = r.read(r.schema().field(col), null, range[0], range[1],
              allocator)) {
            assertThat(ArrowAssert.values(v)).as("%s rows %d..%d (2.%s)", col, range[0],
                range[1], version.charAt(1)).isEqualTo(V21Values.scalars(col, range[0],
                    range[1]));
          }
        }
      }
    }
  }
}
