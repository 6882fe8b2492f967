package org.lance4j.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CorruptFileException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.TestData;

/** {@link LanceFileReader#readSchema}: the schema-only footer read used before commits. */
class LanceFileReaderSchemaOnlyTest {
  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private Path write(String name, Schema schema, int rows) throws Exception {
    Path file = dir.resolve(name);
    try (VectorSchemaRoot root = TestData.random(schema, rows, 7, 0.1, allocator)) {
      LanceFileReaderTest.writeWithLance(file, allocator, null, root);
    }
    return file;
  }

  private static List<String> describe(LanceSchema s) {
    return s.allFields().stream()
        .map(f -> f.id() + ":" + f.name() + ":" + f.logicalType()).toList();
  }

  @Test
  void sameSchemaAsAFullOpenForSmallAndWideFiles() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir);
    // one column: everything sits in the 4 KiB tail; all types: 46 columns of metadata push the
    // file descriptor before the tail, so it is fetched with a second read
    write("narrow.lance", new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true)))),
        100);
    write("wide.lance", TestData.allTypesSchema(), 3000);
    for (String name : List.of("narrow.lance", "wide.lance")) {
      long size = Files.size(dir.resolve(name));
      LanceSchema full;
      try (LanceFileReader r = LanceFileReader.open(store, name, 0)) {
        full = r.schema();
      }
      LanceSchema quick = LanceFileReader.readSchema(store, name, size);
      assertThat(describe(quick)).isEqualTo(describe(full)).isNotEmpty();
      assertThat(describe(LanceFileReader.readSchema(store, name, 0)))
          .isEqualTo(describe(full));
    }
    LanceSchema narrow = LanceFileReader.readSchema(store, "narrow.lance", 0);
    LanceField x = narrow.fieldById(0);
    assertThat(x.name()).isEqualTo("x");
  }

  @Test
  void badFilesFailNamingTheFile() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir);
    byte[] good = Files.readAllBytes(write("good.lance", TestData.allTypesSchema(), 300));
    Files.write(dir.resolve("short.lance"), Arrays.copyOf(good, 20));
    assertThatThrownBy(() -> LanceFileReader.readSchema(store, "short.lance", 0))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("short.lance");
    byte[] magic = good.clone();
    magic[magic.length - 1] = 'X';
    Files.write(dir.resolve("magic.lance"), magic);
    assertThatThrownBy(() -> LanceFileReader.readSchema(store, "magic.lance", 0))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("magic.lance")
        .hasMessageContaining("LANC");
    byte[] cut = Arrays.copyOfRange(good, 100, good.length);
    Files.write(dir.resolve("cut.lance"), cut);
    assertThatThrownBy(() -> LanceFileReader.readSchema(store, "cut.lance", 0))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("cut.lance");
  }
}
