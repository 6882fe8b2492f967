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
 * Encodings lance-core 7.0.0 picks when field metadata asks: General (zstd, lz4) mini-blocks,
 * ByteStreamSplit, FullZip lists (repetition in the control words), packed structs, legacy
 * blobs (2.1), variable packed structs and maps (2.2).
 */
class V21HintedEncodingsTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static List<String> columns(String version) {
    List<String> cols = new ArrayList<>(List.of("zint", "lz4str", "bssf", "fzlist", "longlist",
        "packed"));
    cols.add(version.equals("21") ? "blob" : "vpacked");
    if (version.equals("22")) {
      cols.add("map");
    }
    return cols;
  }

  @ParameterizedTest
  @ValueSource(strings = {"21", "22"})
  void hintedColumnsReadBack(String version) throws Exception {
    try (LanceFileReader r = V21ScalarsTest.open("hints_" + version)) {
      for (String col : columns(version)) {
        V21LargeValuesTest.check(r, col, 0, V21Values.HINT_ROWS, allocator, V21Values::hint);
        V21LargeValuesTest.check(r, col, 101, 399, allocator, V21Values::hint);
        V21LargeValuesTest.check(r, col, 599, 600, allocator, V21Values::hint);
      }
    }
  }
}
