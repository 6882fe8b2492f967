package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lance4j.interop.TypeCases.F32;
import static org.lance4j.interop.TypeCases.I32;
import static org.lance4j.interop.TypeCases.UTF8;
import static org.lance4j.interop.TypeCases.col;
import static org.lance4j.interop.TypeCases.field;

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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import org.lance4j.Operation;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.WriteOptions;

/**
 * lance4j writes file format 2.1 and 2.2: every {@link TypeCases} case lance4j's 2.1 writer
 * supports, as a new dataset that lance-core 7.0.0 reads value by value (and lance4j as well);
 * lists, large lists, nested lists, lists of strings and structs and (2.2) maps included; the
 * cases it does not support yet (packed structs) are refused naming the field.
 * And lance4j appends and merges a column into datasets lance-core 7.0.0 created with its default
 * (2.1) and with 2.2, writing the dataset's version, and lance-core reads the result.
 */
class Lance4jWritesV21InteropTest {
  @TempDir Path tmp;

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (String version : List.of("2.1", "2.2")) {
      for (TypeCases.Case c : TypeCases.all()) {
        if (c.writtenAt(version) && c.rows() <= 100_000) {
          out.add(Arguments.of(version, c));
        }
      }
      out.add(Arguments.of(version, TypeCases.PACKED_STRUCT));
    }
    return out.stream();
  }

  /** Whether lance4j's 2.1/2.2 writer refuses this field (packed structs). */
  static boolean unsupported(Field f) {
    ArrowType t = f.getType();
    if (t instanceof ArrowType.Struct && f.getMetadata() != null
        && (f.getMetadata().containsKey("packed")
            || f.getMetadata().containsKey("lance-encoding:packed"))) {
      return true;
    }
    return f.getChildren().stream().anyMatch(Lance4jWritesV21InteropTest::unsupported);
  }

  private static List<FragmentMetadata> write(String uri, Schema schema,
      Map<String, List<Object>> vals, WriteOptions options) {
    try (BufferAllocator wa = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, wa)) {
      Values.fill(root, vals);
      return Fragments.write(uri, root, options);
    }
  }

  @ParameterizedTest(name = "lance4j writes file {0}: {1}")
  @MethodSource("matrix")
  void lanceCoreReadsWhatLance4jWrote(String version, TypeCases.Case c) throws Exception {
    Labelled.run("lance4j writes file " + version + ": " + c.name(), () -> {
      String uri = Files.createDirectories(tmp.resolve("ds")).resolve("t.lance").toString();
      Map<String, List<Object>> written = c.values();
      WriteOptions options = WriteOptions.builder().mode(WriteOptions.Mode.CREATE)
          .dataStorageVersion(version).maxRowsPerFile(c.maxRowsPerFile()).build();
      Field bad = c.schema().getFields().stream().filter(Lance4jWritesV21InteropTest::unsupported)
          .findFirst().orElse(null);
      if (bad != null) {
        assertThatThrownBy(() -> write(uri, c.schema(), written, options))
            .isInstanceOf(UnsupportedFormatException.class)
            .hasMessageContaining(bad.getName())
            .hasMessageContaining(version);
        return;
      }
      List<FragmentMetadata> frags = write(uri, c.schema(), written, options);
      Dataset.commit(uri, new Operation.Overwrite(c.schema(), frags), 0).close();
      try (BufferAllocator a = new RootAllocator()) {
        assertThat(LanceCore7.fileVersions(a, uri)).containsExactly(version);
        try (Dataset ds = Dataset.open(uri)) {
          assertThat(ds.info().dataStorageVersion()).isEqualTo(version);
        }
        TypeMatrixInteropTest.compareEverything(a, uri, written, c.filter());
      }
    });
  }

  static final TypeCases.Case DATA = new TypeCases.Case("lance4j appends 2.1/2.2", 3500, 1000,
      List.of(
          col(field("i32", I32), (i, r) -> TypeCases.maybeNull(r, 0.1, r.nextInt(20000) - 10000)),
          col(field("s", UTF8), (i, r) -> TypeCases.maybeNull(r, 0.1, TypeCases.shortText(r))),
          col(field("b", ArrowType.Bool.INSTANCE), (i, r) -> TypeCases.maybeNull(r, 0.1,
              r.nextBoolean())),
          col(field("st", ArrowType.Struct.INSTANCE, field("a", I32), field("b", UTF8)),
              (i, r) -> {
                if (i % 11 == 0) {
                  return null;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("a", TypeCases.maybeNull(r, 0.2, r.nextInt(100)));
                m.put("b", TypeCases.maybeNull(r, 0.2, "b" + i));
                return m;
              }),
          col(field("vec", new ArrowType.FixedSizeList(16), field("item", F32)),
              (i, r) -> i % 13 == 0 ? null : TypeCases.floats(r, 16)),
          col(field("tags", ArrowType.List.INSTANCE, field("item", UTF8)), (i, r) -> {
            if (i % 7 == 0) {
              return i % 14 == 0 ? null : List.of();
            }
            List<Object> out = new ArrayList<>();
            for (int j = r.nextInt(4); j >= 0; j--) {
              out.add(TypeCases.maybeNull(r, 0.1, "t" + r.nextInt(30)));
            }
            return out;
          }),
          col(field("pts", ArrowType.List.INSTANCE, field("item", ArrowType.Struct.INSTANCE,
              field("x", I32), field("ys", ArrowType.List.INSTANCE, field("item", F32)))),
              (i, r) -> {
                if (i % 9 == 0) {
                  return null;
                }
                List<Object> out = new ArrayList<>();
                for (int j = r.nextInt(3); j > 0; j--) {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("x", r.nextInt(50));
                  m.put("ys", r.nextInt(4) == 0 ? null : TypeCases.floats(r, r.nextInt(3)));
                  out.add(r.nextInt(6) == 0 ? null : m);
                }
                return out;
              })),
      "i32 > 0 AND s IS NOT NULL");

  private static Map<String, List<Object>> rows(Map<String, List<Object>> vals, int from,
      int to) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    vals.forEach((k, v) -> out.put(k, new ArrayList<>(v.subList(from, to))));
    return out;
  }

  @ParameterizedTest(name = "lance-core created with {0}")
  @ValueSource(strings = {"default", "2.2"})
  void lance4jAppendsAndMergesIntoALanceCoreDataset(String created) throws Exception {
    String uri = tmp.resolve("core.lance").toString();
    String version = created.equals("default") ? "2.1" : created;
    Map<String, List<Object>> all = DATA.values();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(DATA.schema(), a)) {
        Values.fill(root, rows(all, 0, 2000));
        LanceCore7.create(uri, a, root, created.equals("default") ? null : created, 1000);
      }
      assertThat(LanceCore7.fileVersions(a, uri)).containsExactly(version);
      // an Append with lance4j's default options writes the dataset's version
      List<FragmentMetadata> frags = write(uri, DATA.schema(), rows(all, 2000, DATA.rows()),
          WriteOptions.builder().mode(WriteOptions.Mode.APPEND).maxRowsPerFile(700).build());
      Dataset.commit(uri, new Operation.Append(frags), 1).close();
      assertThat(LanceCore7.fileVersions(a, uri)).containsExactly(version);
      TypeMatrixInteropTest.compareEverything(a, uri, all, DATA.filter());

      // a Merge adds a column to every fragment, lance-core's and lance4j's
      List<FragmentMetadata> merged = new ArrayList<>();
      LanceSchema schema = null;
      try (Dataset ds = Dataset.open(uri); BufferAllocator wa = new RootAllocator()) {
        for (Fragment f : ds.fragments()) {
          MergeResult m = f.mergeColumns(Map.of("i32x2", "i32 * 2"), wa);
          merged.add(m.fragment());
          schema = m.schema();
        }
      }
      Dataset.commit(uri, new Operation.Merge(merged, schema), 2).close();
      boolean wide;
      try (Dataset ds = Dataset.open(uri)) {
        wide = ((ArrowType.Int) ds.schema().findField("i32x2").getType()).getBitWidth() == 64;
        assertThat(ds.info().dataStorageVersion()).isEqualTo(version);
      }
      Map<String, List<Object>> expected = new LinkedHashMap<>(all);
      expected.put("i32x2", all.get("i32").stream()
          .map(v -> v == null ? null
              : wide ? (Object) (2L * (Integer) v) : (Object) (2 * (Integer) v))
          .toList());
      assertThat(LanceCore7.version(a, uri)).isEqualTo(3);
      assertThat(LanceCore7.fileVersions(a, uri)).containsExactly(version);
      TypeMatrixInteropTest.compareEverything(a, uri, expected, DATA.filter());
    }
  }
}
