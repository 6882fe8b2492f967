package org.lance4j.interop;

import static org.lance4j.interop.TypeCases.I32;
import static org.lance4j.interop.TypeCases.UTF8;
import static org.lance4j.interop.TypeCases.col;
import static org.lance4j.interop.TypeCases.field;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Datasets that lance-core 7.0.0 changed after writing them: rows deleted (deletion files in some
 * fragments, one fragment deleted entirely) and a column added by a SQL expression (a second data
 * file per fragment). lance4j reads them as lance-core does.
 */
class DeletionsAndAddedColumnInteropTest {
  @TempDir Path tmp;

  static final TypeCases.Case DATA = new TypeCases.Case("deletions and added column", 4000, 1000,
      List.of(
          col(field("i32", I32), (i, r) -> TypeCases.maybeNull(r, 0.1, r.nextInt(20000) - 10000)),
          col(field("s", UTF8), (i, r) -> TypeCases.maybeNull(r, 0.1, TypeCases.shortText(r))),
          col(field("l", ArrowType.List.INSTANCE, field("item", I32)),
              (i, r) -> i % 7 == 0 ? null : TypeCases.ints(r, r.nextInt(5), 100)),
          col(field("st", ArrowType.Struct.INSTANCE, field("a", I32), field("b", UTF8)),
              (i, r) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("a", TypeCases.maybeNull(r, 0.2, r.nextInt(100)));
                m.put("b", TypeCases.maybeNull(r, 0.2, "b" + i));
                return m;
              })),
      "i32x2 > 0 OR s IS NULL");

  /** Rows 1000..1999 are the whole second fragment. */
  static final String DELETE = "id % 5 = 0 OR (id >= 1000 AND id < 2000)";

  static List<String> versions() {
    return InteropSwitch.ALL_VERSIONS;
  }

  @ParameterizedTest(name = "file {0}: deletions, then a column added by lance-core")
  @MethodSource("versions")
  void deletionsThenAddedColumn(String version) throws Exception {
    Assumptions.assumeTrue(InteropSwitch.lance4jReads(version),
        () -> InteropSwitch.skipReason("file " + version + ": deletions and added column"));
    Labelled.run("file " + version + ": deletions and added column", () -> run(version));
  }

  private void run(String version) throws Exception {
    String uri = tmp.resolve("del.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> written = DATA.values();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(DATA.schema(), a)) {
        Values.fill(root, written);
        LanceCore7.create(uri, a, root, version, DATA.maxRowsPerFile());
      }
      LanceCore7.delete(a, uri, DELETE);
      // deleted rows only: lance4j reads the deletion files
      TypeMatrixInteropTest.compareEverything(a, uri, kept(DATA.asStored(version, written)),
          "i32 > 0 OR s IS NULL");

      LanceCore7.addColumn(a, uri, "i32x2", "i32 * 2");
      Map<String, List<Object>> expected = new LinkedHashMap<>(DATA.asStored(version, written));
      List<Object> doubled = new ArrayList<>();
      for (Object v : expected.get("i32")) {
        doubled.add(v == null ? null : (Integer) v * 2);
      }
      expected.put("i32x2", doubled);
      TypeMatrixInteropTest.compareEverything(a, uri, kept(expected), DATA.filter());
    }
  }

  /** The rows {@link #DELETE} keeps (ids are 0..n-1 in order). */
  private static Map<String, List<Object>> kept(Map<String, List<Object>> all) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> e : all.entrySet()) {
      List<Object> col = new ArrayList<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        if (!(i % 5 == 0 || (i >= 1000 && i < 2000))) {
          col.add(e.getValue().get(i));
        }
      }
      out.put(e.getKey(), col);
    }
    return out;
  }
}
