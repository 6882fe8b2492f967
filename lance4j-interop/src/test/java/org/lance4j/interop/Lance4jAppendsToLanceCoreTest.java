package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * lance4j commits onto datasets that lance-core 7.0.0 created: an append and a delete on a 2.0
 * dataset (V2 manifest names, version hint, transaction section, all as 7.0.0 writes them) that
 * lance-core then reads; and no 2.0 files in a 2.1 dataset.
 */
class Lance4jAppendsToLanceCoreTest {
  @TempDir Path tmp;

  static final TypeCases.Case DATA = DeletionsAndAddedColumnInteropTest.DATA;

  private static Map<String, List<Object>> rows(Map<String, List<Object>> vals, int from,
      int to) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    vals.forEach((k, v) -> out.put(k, new ArrayList<>(v.subList(from, to))));
    return out;
  }

  private static List<FragmentMetadata> lance4jWrite(String uri, Map<String, List<Object>> vals)
      throws Exception {
    try (BufferAllocator wa = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(DATA.schema(), wa)) {
      Values.fill(root, vals);
      return Fragments.write(uri, root, WriteOptions.builder().mode(WriteOptions.Mode.APPEND)
          .maxRowsPerFile(700).build());
    }
  }

  @Test
  void lance4jAppendsAndDeletesOnALanceCore20Dataset() throws Exception {
    String uri = tmp.resolve("core20.lance").toString();
    Map<String, List<Object>> all = DATA.values();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(DATA.schema(), a)) {
        Values.fill(root, rows(all, 0, 2000));
        LanceCore7.create(uri, a, root, "2.0", 1000);
      }
      List<FragmentMetadata> frags = lance4jWrite(uri, rows(all, 2000, DATA.rows()));
      try (Dataset ds = Dataset.commit(uri, new Operation.Append(frags), 1);
          Dataset deleted = ds.delete("id % 4 = 1")) {
        assertThat(deleted.version()).isEqualTo(3);
      }
      // lance-core created it with V2 manifest names: lance4j kept them (no mixed schemes)
      try (Stream<Path> s = Files.list(Path.of(uri, "_versions"))) {
        assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".manifest")))
            .containsExactlyInAnyOrder("18446744073709551614.manifest",
                "18446744073709551613.manifest", "18446744073709551612.manifest");
      }
      assertThat(LanceCore7.version(a, uri)).isEqualTo(3);
      assertThat(LanceCore7.fileVersions(a, uri)).containsExactly("2.0");
      Map<String, List<Object>> stored = DATA.asStored("2.0", all);
      Map<String, List<Object>> kept = new LinkedHashMap<>();
      stored.forEach((k, v) -> {
        List<Object> col = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
          if (i % 4 != 1) {
            col.add(v.get(i));
          }
        }
        kept.put(k, col);
      });
      TypeMatrixInteropTest.compareEverything(a, uri, kept, "i32 > 0 OR s IS NULL");
    }
  }

  @Test
  void lance4jDoesNotCommitFormat20FilesToALanceCore21Dataset() throws Exception {
    String uri = tmp.resolve("core21.lance").toString();
    Map<String, List<Object>> all = DATA.values();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(DATA.schema(), a)) {
        Values.fill(root, rows(all, 0, 2000));
        LanceCore7.create(uri, a, root, "2.1", 1000);
      }
      // lance4j's appends write the dataset's version (Lance4jWritesV21InteropTest); fragments
      // written as 2.0 for a new dataset (same schema, so the same field ids) must still be
      // refused by an Append commit, as lance-core 7.0.0 refuses datasets that mix versions
      assertThatThrownBy(() -> {
        List<FragmentMetadata> frags;
        try (BufferAllocator wa = new RootAllocator();
            VectorSchemaRoot root = VectorSchemaRoot.create(DATA.schema(), wa)) {
          Values.fill(root, rows(all, 2000, DATA.rows()));
          frags = Fragments.write(uri, root, WriteOptions.builder()
              .mode(WriteOptions.Mode.CREATE).dataStorageVersion("2.0").maxRowsPerFile(700)
              .build());
        }
        Dataset.commit(uri, new Operation.Append(frags), 1).close();
      }).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("format version 2.0").hasMessageContaining("stores format 2.1");
      assertThat(LanceCore7.version(a, uri)).isEqualTo(1);
      assertThat(LanceCore7.countRows(a, uri)).isEqualTo(2000);
    }
  }
}
