package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.AllocatorTestBase;

/**
 * A take ({@link LanceFileReader#readRows}) of variable-width full-zip pages (long strings,
 * binary, large binary, with nulls) reads each row through the page's repetition index: the
 * values equal the full scan's at random rows, the first and the last row and rows of several
 * pages, and a take of a few rows fetches a small part of the page, for files that lance-core
 * 7.0.0 wrote (2.1 and 2.2) and files that lance4j's writer wrote.
 */
class V21FullZipTakeTest extends AllocatorTestBase {
  private static final int ROWS = 3000;

  private static Schema schema() {
    return new Schema(List.of(
        new Field("text", FieldType.nullable(new ArrowType.Utf8()), null),
        new Field("bin", FieldType.nullable(new ArrowType.Binary()), null),
        new Field("lbin", FieldType.nullable(new ArrowType.LargeBinary()), null)));
  }

  /** Long random values (150-650 bytes), about 10% null, empty ones too. */
  private VectorSchemaRoot data(int rows, long seed) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
    root.allocateNew();
    Random rnd = new Random(seed);
    VarCharVector text = (VarCharVector) root.getVector("text");
    VarBinaryVector bin = (VarBinaryVector) root.getVector("bin");
    LargeVarBinaryVector lbin = (LargeVarBinaryVector) root.getVector("lbin");
    for (int i = 0; i < rows; i++) {
      if (rnd.nextInt(10) != 0) {
        StringBuilder sb = new StringBuilder("row " + i + ":");
        int len = 150 + rnd.nextInt(500);
        while (sb.length() < len) {
          sb.append((char) ('a' + rnd.nextInt(26)));
        }
        text.setSafe(i, sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      if (rnd.nextInt(10) != 0) {
        byte[] b = new byte[i % 97 == 0 ? 0 : 150 + rnd.nextInt(500)];
        rnd.nextBytes(b);
        bin.setSafe(i, b);
      }
      if (rnd.nextInt(10) != 0) {
        byte[] b = new byte[200 + rnd.nextInt(600)];
        rnd.nextBytes(b);
        lbin.setSafe(i, b);
      }
    }
    root.setRowCount(rows);
    return root;
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {"2.1", "2.2"})
  void takeOfLanceCoreFullZipPagesReadsOnlyTheRows(String version) throws Exception {
    Path file = dir.resolve("lc.lance");
    try (VectorSchemaRoot root = data(ROWS, 7);
        var w = org.lance.file.LanceFileWriter.open(file.toString(), allocator, null,
            Optional.of(version), Map.of())) {
      w.write(root);
    }
    for (PageLayout l : V21TestFiles.firstPages(file)) {
      assertThat(l.getLayoutCase()).isEqualTo(PageLayout.LayoutCase.FULL_ZIP_LAYOUT);
      assertThat(l.getFullZipLayout().getDetailsCase().name()).isEqualTo("BITS_PER_OFFSET");
    }
    checkTakes("lc.lance", 11);
  }

  @ParameterizedTest(name = "lance4j writes 2.{0}")
  @ValueSource(ints = {1, 2})
  void takeOfOwnFullZipPagesAcrossPagesReadsOnlyTheRows(int minor) throws Exception {
    try (V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve("own.lance")
        .toFile()), LanceSchema.fromArrow(schema()), 256 * 1024, "own.lance", minor)) {
      for (int b = 0; b < 3; b++) {
        try (VectorSchemaRoot root = data(ROWS / 3, 100 + b)) {
          w.write(root);
        }
      }
      w.finish();
    }
    List<PageLayout> pages = V21TestFiles.pages(dir.resolve("own.lance"), 0);
    assertThat(pages.size()).as("pages of the text column").isGreaterThan(1);
    for (PageLayout l : pages) {
      assertThat(l.getLayoutCase()).isEqualTo(PageLayout.LayoutCase.FULL_ZIP_LAYOUT);
    }
    checkTakes("own.lance", 5);
  }

  private void checkTakes(String name, long seed) {
    LocalObjectStore store = new LocalObjectStore(dir);
    Map<String, List<Object>> full = new HashMap<>();
    List<LanceField> fields = new ArrayList<>();
    long rows;
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      rows = r.numRows();
      for (LanceField f : r.schema().fields()) {
        fields.add(f);
        try (FieldVector v = r.read(f, null, 0, rows, allocator)) {
          full.put(f.name(), ArrowAssert.values(v));
        }
      }
    }
    assertThat(rows).isEqualTo(ROWS);
    Random rnd = new Random(seed);
    TreeSet<Long> set = new TreeSet<>(List.of(0L, 1L, rows / 3 - 1, rows / 3, rows - 2,
        rows - 1));
    while (set.size() < 80) {
      set.add((long) rnd.nextInt((int) rows));
    }
    long[] picked = new long[set.size() + 2];
    int k = 0;
    for (long x : set) {
      picked[k++] = x;
    }
    picked[k++] = rows - 1; // duplicates are allowed
    picked[k] = rows - 1;
    java.util.Arrays.sort(picked);
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      for (LanceField f : fields) {
        List<Object> want = new ArrayList<>();
        for (long x : picked) {
          want.add(full.get(f.name()).get((int) x));
        }
        try (FieldVector v = r.readRows(f, null, picked, picked.length, allocator)) {
          assertThat(v).as(f.name()).isNotNull();
          assertThat(ArrowAssert.values(v)).as("take of %s", f.name()).isEqualTo(want);
        }
      }
    }
    // a take of 4 rows of one column (a fresh reader: nothing cached) reads a few KB of its
    // first page, not the page
    long pageBytes;
    try {
      var page = V21TestFiles.pageMeta(dir.resolve(name), 0).get(0);
      pageBytes = page.getBufferSizes(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      LanceField text = fields.get(0);
      long[] four = {3, 40, 41, 200};
      long before = store.stats().bytesRead();
      try (FieldVector v = r.readRows(text, null, four, 4, allocator)) {
        for (int i = 0; i < 4; i++) {
          assertThat(ArrowAssert.values(v).get(i)).isEqualTo(full.get("text").get((int) four[i]));
        }
      }
      long read = store.stats().bytesRead() - before;
      assertThat(pageBytes).isGreaterThan(200_000);
      assertThat(read).as("bytes read by a take of 4 long strings").isLessThan(pageBytes / 20);
    }
  }

  /** list<utf8> of long strings: null lists, empty lists, null items; a FullZip page with rep. */
  private VectorSchemaRoot lists(int rows, long seed) {
    Field item = new Field("item", FieldType.nullable(new ArrowType.Utf8()), null);
    Schema schema = new Schema(List.of(new Field("tags",
        FieldType.nullable(new ArrowType.List()), List.of(item))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    var list = (org.apache.arrow.vector.complex.ListVector) root.getVector("tags");
    var w = list.getWriter();
    Random rnd = new Random(seed);
    for (int i = 0; i < rows; i++) {
      w.setPosition(i);
      int kind = rnd.nextInt(10);
      if (kind == 0) {
        continue; // a null list
      }
      w.startList();
      int n = kind == 1 ? 0 : 1 + rnd.nextInt(3);
      for (int k = 0; k < n; k++) {
        if (rnd.nextInt(8) == 0) {
          w.writeNull();
          continue;
        }
        StringBuilder sb = new StringBuilder("r" + i + "." + k + ":");
        int len = 200 + rnd.nextInt(300);
        while (sb.length() < len) {
          sb.append((char) ('a' + rnd.nextInt(26)));
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        try (var buf = allocator.buffer(b.length)) {
          buf.setBytes(0, b);
          w.varChar().writeVarChar(0, b.length, buf);
        }
      }
      w.endList();
    }
    list.setValueCount(rows);
    root.setRowCount(rows);
    return root;
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {"2.1", "2.2"})
  void rowsOfLanceCoreFullZipListPagesReadOnlyTheirItems(String version) throws Exception {
    Path file = dir.resolve("lists.lance");
    try (VectorSchemaRoot root = lists(ROWS, 3);
        var w = org.lance.file.LanceFileWriter.open(file.toString(), allocator, null,
            Optional.of(version), Map.of())) {
      w.write(root);
    }
    checkListRanges("lists.lance");
  }

  @ParameterizedTest(name = "lance4j writes 2.{0}")
  @ValueSource(ints = {1, 2})
  void rowsOfOwnFullZipListPagesReadOnlyTheirItems(int minor) throws Exception {
    Schema schema;
    try (VectorSchemaRoot probe = lists(1, 0)) {
      schema = probe.getSchema();
    }
    try (V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve("ownl.lance")
        .toFile()), LanceSchema.fromArrow(schema), 256 * 1024, "ownl.lance", minor)) {
      for (int b = 0; b < 3; b++) {
        try (VectorSchemaRoot root = lists(ROWS / 3, 4 + b)) {
          w.write(root);
        }
      }
      w.finish();
    }
    assertThat(V21TestFiles.pages(dir.resolve("ownl.lance"), 0).size()).isGreaterThan(1);
    checkListRanges("ownl.lance");
  }

  private void checkListRanges(String name) throws Exception {
    PageLayout first = V21TestFiles.pages(dir.resolve(name), 0).get(0);
    assertThat(first.getLayoutCase()).isEqualTo(PageLayout.LayoutCase.FULL_ZIP_LAYOUT);
    assertThat(first.getFullZipLayout().getBitsRep()).isGreaterThan(0);
    LocalObjectStore store = new LocalObjectStore(dir);
    List<Object> full;
    LanceField f;
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      f = r.schema().fields().get(0);
      try (FieldVector v = r.read(f, null, 0, ROWS, allocator)) {
        full = ArrowAssert.values(v);
      }
    }
    long pageBytes = V21TestFiles.pageMeta(dir.resolve(name), 0).get(0).getBufferSizes(0);
    Random rnd = new Random(2);
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      long[][] ranges = new long[40][];
      ranges[0] = new long[] {0, 1};
      ranges[1] = new long[] {ROWS - 1, ROWS};
      ranges[2] = new long[] {ROWS / 2 - 3, ROWS / 2 + 30}; // may cross a page boundary
      for (int k = 3; k < ranges.length; k++) {
        long a = rnd.nextInt(ROWS);
        ranges[k] = new long[] {a, Math.min(ROWS, a + 1 + rnd.nextInt(20))};
      }
      for (long[] g : ranges) {
        try (FieldVector v = r.read(f, null, g[0], g[1], allocator)) {
          assertThat(ArrowAssert.values(v)).as("%s rows [%d, %d)", name, g[0], g[1])
              .isEqualTo(full.subList((int) g[0], (int) g[1]));
        }
      }
    }
    try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
      long before = store.stats().bytesRead();
      try (FieldVector v = r.read(f, null, 10, 12, allocator)) {
        assertThat(ArrowAssert.values(v)).isEqualTo(full.subList(10, 12));
      }
      long read = store.stats().bytesRead() - before;
      assertThat(pageBytes).isGreaterThan(200_000);
      assertThat(read).as("bytes read for 2 list rows").isLessThan(pageBytes / 20);
    }
  }
}
