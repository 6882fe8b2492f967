package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.LanceField;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;
import org.lance4j.testing.AllocatorTestBase;

/**
 * Random access on 2.1 / 2.2 files: rows read one by one or in short runs (what take and
 * filtered scans do) equal the full scan's rows at those indices, for mini-block pages (read
 * chunk by chunk), fixed-width full-zip pages (read row by row) and every other layout (whole
 * pages), and a single-row read fetches only a small part of a page.
 */
class V21RandomAccessTest extends AllocatorTestBase {
  /** Every fixture lance-core 7.0.0 wrote (blobv2_22 aside: V21DatasetTest reads its descriptors). */
  @ParameterizedTest
  @ValueSource(strings = {"scalars_21", "scalars_22", "nested_21", "nested_22", "big_21",
      "big_22", "hints_21", "hints_22", "allnull_21", "allnull_22"})
  void pointReadsOfLanceCoreFilesEqualTheFullScan(String fixture) throws Exception {
    Path data = Path.of("src/test/resources/v21", fixture, "data");
    Path file;
    try (Stream<Path> s = Files.list(data)) {
      file = s.filter(p -> p.toString().endsWith(".lance")).findFirst().orElseThrow();
    }
    checkPointReads(data, file.getFileName().toString(), 60, 11);
  }

  /**
   * 10,000 random rows of every type plus 128-d vectors (with and without nulls), written by
   * the lance-core 7.0.0 file writer as 2.1 and as 2.2: many mini-block chunks per page, and
   * full-zip pages.
   */
  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {"2.1", "2.2"})
  void pointReadsOfAMultiChunkFileEqualTheFullScanAndFetchLittle(String version)
      throws Exception {
    int rows = 10_000;
    List<Field> fields = new ArrayList<>();
    for (Field f : TestData.allTypesSchema().getFields()) {
      // lists left out: their pages are read whole (the fixtures above cover them)
      if (!f.getName().contains("list") && !f.getName().equals("nested")) {
        fields.add(f);
      }
    }
    Field item = TestData.notNull("item",
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    fields.add(TestData.notNull("vec128", new ArrowType.FixedSizeList(128), item));
    fields.add(TestData.field("vec128_nullable", new ArrowType.FixedSizeList(128), item));
    Path file = dir.resolve("r.lance");
    try (VectorSchemaRoot root = TestData.random(new Schema(fields), rows, 5, 0.1, allocator);
        var w = org.lance.file.LanceFileWriter.open(file.toString(), allocator, null,
            Optional.of(version), Map.of())) {
      w.write(root);
    }
    List<PageLayout> layouts = V21TestFiles.firstPages(file);
    TreeSet<String> kinds = new TreeSet<>();
    for (PageLayout l : layouts) {
      kinds.add(l.getLayoutCase().name());
    }
    assertThat(kinds).contains("MINI_BLOCK_LAYOUT", "FULL_ZIP_LAYOUT");
    checkPointReads(dir, "r.lance", 60, 3);

    // one row of the 128-d vectors and of an int column: a few KB, not their pages
    LocalObjectStore store = new LocalObjectStore(dir);
    try (LanceFileReader r = LanceFileReader.open(store, "r.lance", 0)) {
      for (String name : List.of("vec128", "i64", "utf8")) {
        LanceField f = r.schema().fields().stream().filter(x -> x.name().equals(name))
            .findFirst().orElseThrow();
        long before = store.stats().bytesRead();
        try (FieldVector v = r.read(f, null, 7_111, 7_112, allocator)) {
          assertThat(v.getValueCount()).isEqualTo(1);
        }
        assertThat(store.stats().bytesRead() - before).as(name).isLessThan(64 * 1024);
      }
    }
  }

  private void checkPointReads(Path root, String name, int points, long seed) throws Exception {
    LocalObjectStore store = new LocalObjectStore(root);
    Map<String, List<Object>> full = new HashMap<>();
    long rows;
    List<LanceField> fields;
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      rows = r.numRows();
      fields = new ArrayList<>();
      for (LanceField f : r.schema().fields()) {
        if (f.id() < 0) {
          continue;
        }
        fields.add(f);
        try (FieldVector v = r.read(f, null, 0, rows, allocator)) {
          full.put(f.name(), ArrowAssert.values(v));
        }
      }
    }
    Random rnd = new Random(seed);
    TreeSet<Long> sorted = new TreeSet<>(List.of(0L, rows - 1));
    while (sorted.size() < Math.min(points, rows)) {
      sorted.add((long) (rnd.nextDouble() * rows));
    }
    // a take: ascending single rows through one reader; then short runs, then descending rows
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      for (long i : sorted) {
        expectRows(r, fields, full, i, i + 1);
      }
      for (int k = 0; k < 20; k++) {
        long a = (long) (rnd.nextDouble() * rows);
        long b = Math.min(rows, a + 1 + rnd.nextInt(3000));
        expectRows(r, fields, full, a, b);
      }
      for (long i : sorted.descendingSet()) {
        expectRows(r, fields, full, i, i + 1);
      }
    }
  }

  private void expectRows(LanceFileReader r, List<LanceField> fields,
      Map<String, List<Object>> full, long from, long to) {
    for (LanceField f : fields) {
      try (FieldVector v = r.read(f, null, from, to, allocator)) {
        assertThat(ArrowAssert.values(v)).as("%s rows [%d, %d)", f.name(), from, to)
            .isEqualTo(full.get(f.name()).subList((int) from, (int) to));
      }
    }
  }
}
