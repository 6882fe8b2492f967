package org.lance4j.testing;

import org.lance4j.internal.SchemaProtos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.lance4j.LanceSchema;

class SmokeTestDataTest {
  @Test
  void generatesEveryTypeAndRoundTripsTheSchema() {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 500, 1, 0.2, a)) {
      assertThat(root.getRowCount()).isEqualTo(500);
      Map<String, List<Object>> cols = ArrowAssert.columns(root);
      assertThat(cols.get("utf8")).contains((Object) null);
      assertThat(cols.get("i64")).doesNotContainNull();
      LanceSchema ls = LanceSchema.fromArrow(root.getSchema());
      assertThat(ls.toArrow()).isEqualTo(root.getSchema());
      assertThat(SchemaProtos.fromProtos(SchemaProtos.toProtos(ls), SchemaProtos.metadataProtos(ls))).isEqualTo(ls);
      assertThat(ls.fields().get(0).id()).isZero();
      assertThat(ls.field("vec").logicalType()).isEqualTo("fixed_size_list:float:8");
      assertThat(ls.field("list_struct").logicalType()).isEqualTo("list.struct");
      assertThat(ls.field("ts_ns_tz").logicalType()).isEqualTo("timestamp:ns:America/New_York");
      assertThat(ls.project(List.of("nested.inner.v", "i8")).fieldNames())
          .containsExactly("nested", "i8");
    }
  }
}
