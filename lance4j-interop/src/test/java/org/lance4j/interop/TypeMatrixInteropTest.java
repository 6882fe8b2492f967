package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lance-core 7.0.0 writes each {@link TypeCases} case at file format 2.0, 2.1 and 2.2; lance4j
 * reads it and must agree with lance-core value by value: full scan, row count, {@code take} of
 * random indices and a filtered scan. One test per (version, type). The 2.1/2.2 ones run only with
 * {@link InteropSwitch#V21} (reported as skipped otherwise).
 */
class TypeMatrixInteropTest {
  @TempDir Path tmp;

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (String version : InteropSwitch.ALL_VERSIONS) {
      for (TypeCases.Case c : TypeCases.all()) {
        if (c.writtenAt(version)) {
          out.add(Arguments.of(version, c));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "file {0}: {1}")
  @MethodSource("matrix")
  void lance4jReadsWhatLanceCoreWrote(String version, TypeCases.Case c) throws Exception {
    Assumptions.assumeTrue(InteropSwitch.lance4jReads(version),
        () -> InteropSwitch.skipReason("file " + version + ": " + c.name()));
    Labelled.run("file " + version + ": " + c.name(), () -> readBack(version, c));
  }

  private void readBack(String version, TypeCases.Case c) throws Exception {
    String uri = Files.createDirectories(tmp.resolve("ds")).resolve("t.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> written = c.values();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(c.schema(), a)) {
        Values.fill(root, written);
        LanceCore7.create(uri, a, root, version, c.maxRowsPerFile());
      }
      assertThat(LanceCore7.fileVersions(a, uri)).as("data file versions").containsExactly(version);
      if (c.minPagesOfFirstColumn() > 1) {
        try (Stream<Path> files = Files.list(Path.of(uri, "data"))) {
          for (Path f : files.toList()) {
            assertThat(FileFooter.pagesPerColumn(f)[1]).as("pages of column %s in %s",
                c.columns().get(0).field().getName(), f).isGreaterThanOrEqualTo(
                c.minPagesOfFirstColumn());
          }
        }
      }
      compareEverything(a, uri, c.asStored(version, written), c.filter());
    }
  }

  /**
   * The checks every dataset gets: lance-core's scan equals {@code expected}, lance4j's scan,
   * row count, take and filtered scan equal lance-core's.
   */
  static void compareEverything(BufferAllocator a, String uri, Map<String, List<Object>> expected,
      String filter) throws Exception {
    Map<String, List<Object>> theirs = LanceCore7.scan(a, uri, null);
    // the oracle itself returns what was written (guards the data generation and the oracle)
    Values.assertSame("lance-core scan vs written", expected, theirs);
    int rows = Values.rowCount(theirs);

    Map<String, List<Object>> ours = Lance4j.scan(a, uri, null);
    Values.assertSame("lance4j scan vs lance-core scan", theirs, ours);
    assertThat(Lance4j.countRows(uri)).as("lance4j countRows").isEqualTo(rows)
        .isEqualTo(LanceCore7.countRows(a, uri));

    // same indices every run; as many as rows for tiny datasets (the 10 MB strings)
    long[] idx = randomIndices(rows, Math.min(200, Math.max(rows, 6)),
        31L * rows + filter.hashCode());
    Map<String, List<Object>> theirTake = LanceCore7.take(a, uri, idx);
    Values.assertSame("lance-core take vs its scan", Values.pick(theirs, idx), theirTake);
    Values.assertSame("lance4j take vs lance-core take", theirTake, Lance4j.take(a, uri, idx));

    Map<String, List<Object>> theirFiltered = LanceCore7.scan(a, uri, filter);
    int matched = Values.rowCount(theirFiltered);
    assertThat(matched).as("rows matching '%s' (the filter must select some rows, not all)",
        filter).isGreaterThan(0).isLessThan(rows);
    Values.assertSame("lance4j filtered scan '" + filter + "' vs lance-core's", theirFiltered,
        Lance4j.scan(a, uri, filter));
  }

  /** Unsorted random indices with duplicates, the first and the last row included. */
  static long[] randomIndices(int rows, int n, long seed) {
    Random r = new Random(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextInt(rows);
    }
    out[0] = rows - 1;
    out[1] = 0;
    out[2] = out[5];
    return out;
  }
}
