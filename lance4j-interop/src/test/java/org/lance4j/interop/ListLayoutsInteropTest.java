package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance4j.Fragments;
import org.lance4j.WriteOptions;

/**
 * The page layouts (MiniBlock / FullZip / Constant, the rep/def layers, whether there are
 * repetition levels) lance4j writes for list and map columns are the ones lance-core 7.0.0
 * writes for the same rows and version (the type matrix's cases with a list or map).
 */
class ListLayoutsInteropTest {
  @TempDir Path tmp;

  static boolean nested(Field f) {
    ArrowType t = f.getType();
    return t instanceof ArrowType.List || t instanceof ArrowType.LargeList
        || t instanceof ArrowType.Map;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String version : List.of("2.1", "2.2")) {
      for (TypeCases.Case c : TypeCases.all()) {
        if (c.writtenAt(version) && c.schema().getFields().stream().anyMatch(
            ListLayoutsInteropTest::nested)) {
          out.add(Arguments.of(version, c));
        }
      }
    }
    return out.stream();
  }

  static Path firstDataFile(String uri) throws Exception {
    try (Stream<Path> s = Files.list(Path.of(uri, "data"))) {
      return s.filter(p -> p.toString().endsWith(".lance")).sorted().findFirst().orElseThrow();
    }
  }

  static List<String> layouts(Path file) throws Exception {
    int columns = FileFooter.pagesPerColumn(file).length;
    List<String> out = new ArrayList<>();
    for (int c = 1; c < columns; c++) {
      out.add(FileFooter.pageLayouts(file, c).get(0));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void layoutsNextToLanceCore(String version, TypeCases.Case c) throws Exception {
    String core = tmp.resolve("core.lance").toString();
    String ours = Files.createDirectories(tmp.resolve("l4j")).resolve("t.lance").toString();
    Map<String, List<Object>> vals = c.values();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(c.schema(), a)) {
      Values.fill(root, vals);
      LanceCore7.create(core, a, root, version, c.rows());
      Fragments.write(ours, root, WriteOptions.builder().mode(WriteOptions.Mode.CREATE)
          .dataStorageVersion(version).maxRowsPerFile(c.rows()).build());
    }
    List<String> theirs = layouts(firstDataFile(core));
    List<String> mine = layouts(firstDataFile(ours));
    System.out.println("LAYOUTS " + version + " " + c.name() + "\n  lance-core: " + theirs
        + "\n  lance4j:    " + mine);
    assertThat(mine).as("%s %s: lance4j's layouts (lance-core's: %s)", version, c.name(), theirs)
        .isEqualTo(theirs);
  }
}
