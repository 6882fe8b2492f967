package org.lance4j.internal.file.v21;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.internal.file.LanceFileReader;

/**
 * Structs, lists (null and empty lists, null items), large lists, nested lists, lists of strings
 * and structs, fixed-size lists with null rows and items, float16: written by lance-core 7.0.0.
 */
class V21NestedTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void nestedColumnsReadBack(String version) throws Exception {
    List<String> cols = new ArrayList<>(List.of("st", "li", "lli", "nested", "ls", "lst",
        "fsl4"));
    if (version.equals("22")) {
      cols.add("h");
    }
    try (LanceFileReader r = V21ScalarsTest.open("nested_" + version)) {
      for (String col : cols) {
        V21LargeValuesTest.check(r, col, 0, V21Values.NESTED_ROWS, allocator, V21Values::nested);
        V21LargeValuesTest.check(r, col, 333, 1024, allocator, V21Values::nested);
        V21LargeValuesTest.check(r, col, 1499, 1500, allocator, V21Values::nested);
        V21LargeValuesTest.check(r, col, 5, 5, allocator, V21Values::nested);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void allNullNestedColumns(String version) throws Exception {
    try (LanceFileReader r = V21ScalarsTest.open("allnull_" + version)) {
      for (String col : List.of("nlist", "nvec", "nstruct")) {
        V21LargeValuesTest.check(r, col, 0, 300, allocator, (c, i) -> null);
        V21LargeValuesTest.check(r, col, 100, 201, allocator, (c, i) -> null);
      }
      V21LargeValuesTest.check(r, "id", 0, 300, allocator, (c, i) -> i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void listWithNullListsReadsBack(String version) throws Exception {
    try (LanceFileReader r = V21ScalarsTest.open("big_" + version)) {
      V21LargeValuesTest.check(r, "lnull", 0, V21Values.BIG_ROWS, allocator, V21Values::big);
      V21LargeValuesTest.check(r, "lnull", 31, 90, allocator, V21Values::big);
    }
  }
}
