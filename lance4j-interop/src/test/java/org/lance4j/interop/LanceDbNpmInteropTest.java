package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LanceDB on npm ({@code @lancedb/lancedb@0.39.0}, Lance 12, file format 2.2 by default) as a
 * second oracle. The build installs it into target/node from this module's package.json and lock
 * file; {@code src/test/node/write_tables.mjs} writes five tables whose values are formulas of the
 * row index, repeated here in {@link #TABLES}. Now: the script runs, the tables are there, and
 * lance-core 7.0.0 reads exactly those values from 2.2 files. With {@link InteropSwitch#V21}:
 * lance4j reads them too, equal to lance-core (scan, count, take, filter).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanceDbNpmInteropTest {
  static final int ROWS = 1000;

  /** A table the script writes: its columns' values by row, and a filter for the comparison. */
  record Table(String name, Map<String, IntFunction<Object>> columns, String filter) {
    Map<String, List<Object>> values() {
      Map<String, List<Object>> out = new LinkedHashMap<>();
      columns.forEach((col, f) -> {
        List<Object> vals = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
          vals.add(f.apply(i));
        }
        out.put(col, vals);
      });
      return out;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Map<String, IntFunction<Object>> cols(Object... nameThenFunction) {
    Map<String, IntFunction<Object>> m = new LinkedHashMap<>();
    m.put("id", i -> (long) i);
    for (int k = 0; k < nameThenFunction.length; k += 2) {
      @SuppressWarnings("unchecked")
      IntFunction<Object> f = (IntFunction<Object>) nameThenFunction[k + 1];
      m.put((String) nameThenFunction[k], f);
    }
    return m;
  }

  private static List<Object> range(int n, IntFunction<Object> f) {
    List<Object> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(f.apply(j));
    }
    return out;
  }

  /** The same formulas as write_tables.mjs. */
  static final List<Table> TABLES = List.of(
      new Table("scalars", cols(
          "i32", (IntFunction<Object>) i -> i % 7 == 3 ? null : i * 31 - 5000,
          "f64", (IntFunction<Object>) i -> i % 11 == 0 ? null : i / 8.0,
          "flag", (IntFunction<Object>) i -> i % 13 == 0 ? null : i % 3 == 0),
          "i32 > 0"),
      new Table("strings", cols(
          "name", (IntFunction<Object>) i -> i % 9 == 0 ? null : i % 10 == 1 ? "" : "name-" + i,
          "category", (IntFunction<Object>) i -> List.of("red", "green", "blue").get(i % 3)),
          "name LIKE 'name-1%' OR category = 'blue'"),
      new Table("vectors", cols(
          "vector", (IntFunction<Object>) i -> i % 17 == 5 ? null
              : range(16, j -> (float) (i + j / 4.0))),
          "id < 100"),
      new Table("lists", cols(
          "ints", (IntFunction<Object>) i -> i % 6 == 0 ? null : i % 6 == 1 ? List.of()
              : range(i % 5, j -> i * 10 + j),
          "tags", (IntFunction<Object>) i -> i % 8 == 0 ? null
              : range(i % 3, j -> "t" + ((i + j) % 4))),
          "ints IS NULL OR id % 3 = 0"),
      new Table("structs", cols(
          "point", (IntFunction<Object>) i -> {
            if (i % 10 == 0) {
              return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("x", i % 4 == 0 ? null : i * 2);
            m.put("label", i % 3 == 0 ? null : "p" + i);
            return m;
          }),
          "point.x > 500"));

  Path dir;

  @BeforeAll
  void runWriter(@TempDir Path tmp) throws Exception {
    dir = tmp.resolve("lancedb");
    LanceDbScript.run("write_tables.mjs", dir.toString());
  }

  Stream<Table> tables() {
    return TABLES.stream();
  }

  private String uri(Table t) {
    return dir.resolve(t.name() + ".lance").toString();
  }

  @ParameterizedTest(name = "LanceDB table {0}: written as 2.2, lance-core 7.0.0 reads the values")
  @MethodSource("tables")
  void lanceCoreReadsWhatLanceDbWrote(Table t) throws Exception {
    Path ds = Path.of(uri(t));
    assertThat(ds.resolve("data")).isDirectory();
    List<String> manifests;
    try (Stream<Path> s = Files.list(ds.resolve("_versions"))) {
      manifests = s.map(x -> x.getFileName().toString()).sorted().toList();
    }
    // one version, V2 manifest naming (u64::MAX - 1), and the version hint lance-core writes
    assertThat(manifests).contains("18446744073709551614.manifest", "latest_version_hint.json");
    assertThat(Files.readString(ds.resolve("_versions/latest_version_hint.json")))
        .isEqualToIgnoringWhitespace("{\"version\":1}");
    try (BufferAllocator a = new RootAllocator()) {
      assertThat(LanceCore7.countRows(a, uri(t))).isEqualTo(ROWS);
      assertThat(LanceCore7.fileVersions(a, uri(t))).containsExactly("2.2");
      Values.assertSame("lance-core scan of LanceDB's " + t.name() + " vs the script's values",
          t.values(), LanceCore7.scan(a, uri(t), null));
    }
  }

  @ParameterizedTest(name = "LanceDB table {0}: lance4j reads it as lance-core does")
  @MethodSource("tables")
  void lance4jReadsWhatLanceDbWrote(Table t) throws Exception {
    Assumptions.assumeTrue(InteropSwitch.V21,
        () -> InteropSwitch.skipReason("LanceDB table " + t.name() + " (file 2.2)"));
    Labelled.run("lance4j reads LanceDB table " + t.name(), () -> {
      try (BufferAllocator a = new RootAllocator()) {
        TypeMatrixInteropTest.compareEverything(a, uri(t), t.values(), t.filter());
      }
    });
  }
}
