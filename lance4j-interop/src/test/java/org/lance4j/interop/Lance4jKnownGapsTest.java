package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.UnsupportedFormatException;

/**
 * What lance-core 7.0.0 writes at file format 2.0 that lance4j's 2.0 reader does not decode: it
 * must refuse with a typed error naming the file, the column and the encoding, never return wrong
 * values. When lance4j learns one of these, move the case into the type matrix.
 */
class Lance4jKnownGapsTest {
  @TempDir Path tmp;

  @Test
  void packedStructAtFileFormat20IsRefusedByName() throws Exception {
    String uri = tmp.resolve("packed.lance").toString();
    TypeCases.Case c = TypeCases.PACKED_STRUCT;
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> written = c.values();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(c.schema(), a)) {
        Values.fill(root, written);
        LanceCore7.create(uri, a, root, "2.0", c.maxRowsPerFile());
      }
      // lance-core itself reads the values back: the file is fine
      Values.assertSame("lance-core scan vs written", written, LanceCore7.scan(a, uri, null));
      assertThat(Lance4j.countRows(uri)).isEqualTo(c.rows());
      assertThatThrownBy(() -> Lance4j.scan(a, uri, null))
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageContaining("'packed'")
          .hasMessageContaining("packed_struct")
          .hasMessageContaining(".lance");
    }
  }
}
