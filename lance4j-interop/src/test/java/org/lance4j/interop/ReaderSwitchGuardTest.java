package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.Dataset;
import org.lance4j.UnsupportedFormatException;

/**
 * With {@link InteropSwitch#V21} off, lance4j must refuse 2.1/2.2 data with a typed
 * {@link UnsupportedFormatException} naming the version (never wrong values). When this fails
 * because lance4j now reads the file, the v21 reader has landed: switch lance4j.interop.v21 on
 * (pom default) so the 2.1/2.2 cases of the matrix run. Also pins lance-core 7.0.0's default data
 * storage version (2.1).
 */
class ReaderSwitchGuardTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "switch off: lance4j refuses lance-core's file {0}")
  @ValueSource(strings = {"default", "2.1", "2.2"})
  void lance4jRefusesNewerFilesWhileTheSwitchIsOff(String version) throws Exception {
    Assumptions.assumeFalse(InteropSwitch.V21, "lance4j.interop.v21 is on: the matrix covers it");
    String uri = tmp.resolve("t.lance").toString();
    TypeCases.Case c = TypeCases.all().get(0);
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> written = c.values();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(c.schema(), a)) {
        Values.fill(root, written);
        LanceCore7.create(uri, a, root, version.equals("default") ? null : version,
            c.maxRowsPerFile());
      }
      String expected = version.equals("default") ? "2.1" : version;
      assertThat(LanceCore7.fileVersions(a, uri)).containsExactly(expected);
      assertThatThrownBy(() -> Lance4j.scan(a, uri, null))
          .as("lance4j read a %s file: the v21 reader has landed; switch lance4j.interop.v21 on",
              expected)
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageContaining("file format " + expected);
      // the manifest itself is readable: the refusal comes from the data file
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.countRows()).isEqualTo(c.rows());
      }
    }
  }
}
