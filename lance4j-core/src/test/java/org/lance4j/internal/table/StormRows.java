package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows of the storm tests: columns id, name, val (as {@link ManifestReadInteropTest#simpleRows})
 * plus any number of added int64 columns whose value is {@code id * k} (k known per column).
 */
final class StormRows {
  static final List<String> BASE = List.of("id", "name", "val");

  private StormRows() {}

  /**
   * Rows [first, first+n) in the given (dataset) schema; an added column named {@code c} gets
   * {@code id * factor(c)}.
   */
  static VectorSchemaRoot rows(Schema schema, BufferAllocator a, long first, int n,
      ToLongFunction<String> factor) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    for (FieldVector v : root.getFieldVectors()) {
      String name = v.getName();
      for (int i = 0; i < n; i++) {
        long id = first + i;
        switch (name) {
          case "id" -> ((BigIntVector) v).setSafe(i, id);
          case "name" -> {
            if (id % 5 == 0) {
              ((VarCharVector) v).setNull(i);
            } else {
              ((VarCharVector) v).setSafe(i, ("n" + id).getBytes());
            }
          }
          case "val" -> ((Float8Vector) v).setSafe(i, id * 0.5);
          default -> ((BigIntVector) v).setSafe(i, id * factor.applyAsLong(name));
        }
      }
      v.setValueCount(n);
    }
    root.setRowCount(n);
    return root;
  }

  /**
   * Asserts that scanned columns hold exactly the expected rows: {@code expected} maps each id to
   * the added columns defined for it (value id * k); other added columns in {@code columns} must
   * be null.
   */
  static void assertContent(String who, Map<String, List<Object>> scanned,
      Map<Long, Set<String>> expected, List<String> columns, Map<String, Long> factors) {
    List<String> want = new ArrayList<>(BASE);
    want.addAll(columns);
    assertThat(new ArrayList<>(scanned.keySet())).as("%s: columns", who)
        .containsExactlyElementsOf(want);
    List<Object> ids = scanned.get("id");
    assertThat(ids).as("%s: row count", who).hasSize(expected.size());
    Map<Long, Integer> at = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      long id = ((Number) ids.get(i)).longValue();
      assertThat(at.put(id, i)).as("%s: duplicate id %d", who, id).isNull();
    }
    assertThat(at.keySet()).as("%s: ids", who).isEqualTo(expected.keySet());
    for (Map.Entry<Long, Integer> e : at.entrySet()) {
      long id = e.getKey();
      int i = e.getValue();
      assertThat(scanned.get("name").get(i)).as("%s: name of %d", who, id)
          .isEqualTo(id % 5 == 0 ? null : "n" + id);
      assertThat(scanned.get("val").get(i)).as("%s: val of %d", who, id).isEqualTo(id * 0.5);
      for (String c : columns) {
        Object v = scanned.get(c).get(i);
        if (expected.get(id).contains(c)) {
          assertThat(v).as("%s: %s of %d", who, c, id).isEqualTo(id * factors.get(c));
        } else {
          assertThat(v).as("%s: %s of %d (appended without it)", who, c, id).isNull();
        }
      }
    }
  }
}
