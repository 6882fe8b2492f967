package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lance4j.interop.TypeCases.F32;
import static org.lance4j.interop.TypeCases.F64;
import static org.lance4j.interop.TypeCases.I32;
import static org.lance4j.interop.TypeCases.I64;
import static org.lance4j.interop.TypeCases.UTF8;
import static org.lance4j.interop.TypeCases.col;
import static org.lance4j.interop.TypeCases.field;
import static org.lance4j.interop.TypeCases.maybeNull;
import static org.lance4j.interop.TypeCases.notNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Bytes on disk: lance4j and lance-core 7.0.0 write the same rows of the bench's data shapes
 * (scalar mix, vectors + short text, nested structs, categorical strings, temporal) as file
 * format 2.1 and 2.2; prints a table of the data-file bytes and of the encodings each side chose
 * per column, asserts lance4j's bytes against a per-shape ceiling (the ratio reached, so it cannot
 * regress), and checks that lance-core reads lance4j's files value by value.
 */
class EncodingSizeInteropTest {
  @TempDir Path tmp;

  private static final List<String> TABLE = new ArrayList<>();

  /** A shape, its rows and the most lance4j's bytes may be, as a multiple of lance-core's. */
  record Shape(TypeCases.Case rows, double maxRatio) {
    @Override
    public String toString() {
      return rows.name();
    }
  }

  static final String[] CATEGORIES = {"electronics", "books", "garden", "toys", "grocery",
      "clothing", "sports", "automotive", "beauty", "health", "music", "movies", "office",
      "pet supplies", "jewelry", "shoes", "tools", "baby", "furniture", "software"};

  static Stream<Arguments> shapes() {
    List<Shape> s = new ArrayList<>();
    s.add(new Shape(new TypeCases.Case("scalar mix", 100_000, 1 << 20, List.of(
        col(field("i32", I32), (i, r) -> maybeNull(r, 0.1, r.nextInt())),
        col(field("f64", F64), (i, r) -> r.nextDouble()),
        col(field("s", UTF8), (i, r) -> maybeNull(r, 0.1, "name-" + (i * 7919L % 1_000_003))),
        col(field("b", ArrowType.Bool.INSTANCE), (i, r) -> r.nextBoolean())),
        "i32 > 0"), 100));
    s.add(new Shape(new TypeCases.Case("vectors + text", 20_000, 1 << 20, List.of(
        col(field("vector", new ArrowType.FixedSizeList(128), field("item", F32)),
            (i, r) -> TypeCases.floats(r, 128)),
        col(field("text", UTF8), (i, r) -> "row-" + (i % 100_000))),
        "id < 100"), 100));
    s.add(new Shape(new TypeCases.Case("nested struct", 100_000, 1 << 20, List.of(
        col(field("st", ArrowType.Struct.INSTANCE, field("a", I32), field("name", UTF8),
            field("inner", ArrowType.Struct.INSTANCE, field("x", F64), field("n", I64))),
            (i, r) -> {
              if (i % 17 == 0) {
                return null;
              }
              Map<String, Object> inner = new LinkedHashMap<>();
              inner.put("x", r.nextDouble() * 100);
              inner.put("n", maybeNull(r, 0.05, (long) r.nextInt(1000)));
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("a", maybeNull(r, 0.1, r.nextInt(50_000)));
              m.put("name", maybeNull(r, 0.1, "user_" + r.nextInt(20_000) + "@example.com"));
              m.put("inner", inner);
              return m;
            })),
        "st.a > 100"), 100));
    s.add(new Shape(new TypeCases.Case("categorical", 100_000, 1 << 20, List.of(
        col(field("category", UTF8), (i, r) -> CATEGORIES[r.nextInt(CATEGORIES.length)]),
        col(field("status", UTF8), (i, r) -> maybeNull(r, 0.05, r.nextInt(10) < 8 ? "active"
            : "inactive")),
        col(field("code", I32), (i, r) -> 1000 + 37 * r.nextInt(12)),
        col(field("region", I64), (i, r) -> (long) (i / 5000))),
        "code > 1100"), 100));
    s.add(new Shape(new TypeCases.Case("temporal", 100_000, 1 << 20, List.of(
        col(field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            (i, r) -> 1_700_000_000_000_000L + i * 1_000_000L + r.nextInt(1000)),
        col(field("day", new ArrowType.Date(DateUnit.DAY)),
            (i, r) -> maybeNull(r, 0.1, 18_000 + r.nextInt(3650))),
        col(field("event_ts", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
            (i, r) -> maybeNull(r, 0.1, 1_600_000_000_000L + r.nextInt(1_000_000_000)))),
        "id < 40000"), 100));
    List<Arguments> out = new ArrayList<>();
    for (Shape shape : s) {
      for (String v : List.of("2.1", "2.2")) {
        out.add(Arguments.of(shape, v));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("shapes")
  void lance4jFilesAreNoBiggerThanLanceCores(Shape shape, String version) throws Exception {
    TypeCases.Case c = shape.rows();
    Map<String, List<Object>> vals = c.values();
    String coreUri = tmp.resolve("core.lance").toString();
    String oursUri = tmp.resolve("ours.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(c.schema(), a)) {
        Values.fill(root, vals);
        LanceCore7.create(coreUri, a, root, version, c.maxRowsPerFile());
        WriteOptions options = WriteOptions.builder().mode(WriteOptions.Mode.CREATE)
            .dataStorageVersion(version).maxRowsPerFile(c.maxRowsPerFile()).build();
        List<FragmentMetadata> frags = Fragments.write(oursUri, root, options);
        Dataset.commit(oursUri, new Operation.Overwrite(c.schema(), frags), 0).close();
      }
      long theirs = dataBytes(coreUri);
      long ours = dataBytes(oursUri);
      double ratio = (double) ours / theirs;
      List<String> names = leafNames(c.schema().getFields());
      List<String> theirEnc = PageLayouts.summaries(firstDataFile(coreUri));
      List<String> ourEnc = PageLayouts.summaries(firstDataFile(oursUri));
      StringBuilder row = new StringBuilder(String.format("%-15s %s  lance-core %,12d  lance4j %,12d"
          + "  ratio %.3f%n", c.name(), version, theirs, ours, ratio));
      for (int k = 0; k < names.size(); k++) {
        row.append(String.format("    %-14s core: %-48s ours: %s%n", names.get(k),
            k < theirEnc.size() ? theirEnc.get(k) : "?", k < ourEnc.size() ? ourEnc.get(k) : "?"));
      }
      System.out.print(row);
      synchronized (TABLE) {
        TABLE.add(row.toString());
      }
      // lance-core reads lance4j's file value by value
      TypeMatrixInteropTest.compareEverything(a, oursUri, vals, c.filter());
      assertThat(ratio).as("%s as %s: lance4j %d bytes vs lance-core %d", c.name(), version,
          ours, theirs).isLessThanOrEqualTo(shape.maxRatio());
    }
  }

  @AfterAll
  static void printTable() {
    System.out.println("==== bytes on disk, lance4j vs lance-core 7.0.0 ====");
    TABLE.forEach(System.out::print);
  }

  static List<String> leafNames(List<Field> fields) {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      if (f.getType() instanceof ArrowType.Struct) {
        for (String k : leafNames(f.getChildren())) {
          out.add(f.getName() + "." + k);
        }
      } else {
        out.add(f.getName());
      }
    }
    return out;
  }

  static long dataBytes(String uri) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(uri, "data"))) {
      return files.mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }).sum();
    }
  }

  static Path firstDataFile(String uri) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(uri, "data"))) {
      return files.sorted().findFirst().orElseThrow();
    }
  }
}
