package org.lance4j.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/** Truncated, foreign, corrupt and unsupported files fail with typed errors naming the file. */
class LanceFileReaderBadInputTest {
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

  private byte[] goodFile() throws Exception {
    Path file = dir.resolve("good.lance");
    try (VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 300, 1, 0.2,
        allocator)) {
      LanceFileReaderTest.writeWithLance(file, allocator, null, root);
    }
    return Files.readAllBytes(file);
  }

  private LanceFileReader open(String name, byte[] content) throws Exception {
    Files.write(dir.resolve(name), content);
    return LanceFileReader.open(new LocalObjectStore(dir), name, 0);
  }

  @Test
  void truncatedFile() throws Exception {
    byte[] good = goodFile();
    assertThatThrownBy(() -> open("short.lance", java.util.Arrays.copyOf(good, 20)))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("short.lance")
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> open("cut.lance", java.util.Arrays.copyOf(good, good.length - 100)))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("cut.lance");
    assertThatThrownBy(() -> open("empty.lance", new byte[0]))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("empty.lance");
  }

  @Test
  void knownSizeLargerThanTheFile() throws Exception {
    byte[] good = goodFile();
    Files.write(dir.resolve("x.lance"), good);
    assertThatThrownBy(() -> LanceFileReader.open(new LocalObjectStore(dir), "x.lance",
        good.length + 10)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("x.lance");
  }

  @Test
  void wrongMagic() throws Exception {
    byte[] bad = goodFile();
    bad[bad.length - 1] = 'X';
    assertThatThrownBy(() -> open("magic.lance", bad)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("magic.lance").hasMessageContaining("LANC");
    byte[] text = "this is not a lance file at all, just some text padding it out".getBytes();
    assertThatThrownBy(() -> open("text.lance", text)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("text.lance");
  }

  @Test
  void garbageMetadata() throws Exception {
    byte[] good = goodFile();
    java.nio.ByteBuffer footer = java.nio.ByteBuffer.wrap(good, good.length - 40, 40)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long colMeta = footer.getLong(good.length - 40);
    long cmo = footer.getLong(good.length - 32);
    // column metadata overwritten with 0xFF: does not decode
    byte[] bad = good.clone();
    for (long i = colMeta; i < cmo; i++) {
      bad[(int) i] = (byte) 0xFF;
    }
    assertThatThrownBy(() -> open("meta.lance", bad)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("meta.lance");
    // footer offsets that contradict each other
    byte[] bad2 = good.clone();
    java.nio.ByteBuffer.wrap(bad2).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(good.length - 32, good.length * 2L);
    assertThatThrownBy(() -> open("footer.lance", bad2)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("footer.lance");
    // file descriptor (global buffer 0) garbage
    byte[] bad3 = good.clone();
    java.nio.ByteBuffer gbo = java.nio.ByteBuffer.wrap(bad3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long c = gbo.getLong(good.length - 24);
    long pos = gbo.getLong((int) c);
    long size = gbo.getLong((int) c + 8);
    for (long i = pos; i < pos + size; i++) {
      bad3[(int) i] = (byte) 0xFF;
    }
    assertThatThrownBy(() -> open("fd.lance", bad3)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("fd.lance");
  }

  /** Issue 14: offsets whose sum overflows a long passed the bounds checks (IAE from slice). */
  @Test
  void hugeOffsetsAndLengthsDoNotOverflowTheBoundsChecks() throws Exception {
    byte[] good = goodFile();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long colMeta = b.getLong(good.length - 40);
    long cmo = b.getLong(good.length - 32);
    long gbo = b.getLong(good.length - 24);
    long[][] cases = {
        {cmo + 8, Long.MAX_VALUE - colMeta + 10}, // column 0: length makes pos + len negative
        {cmo, Long.MAX_VALUE - 5}, // column 0: position near Long.MAX_VALUE
        {gbo + 8, Long.MAX_VALUE - 100}, // global buffer 0: size
        {gbo, Long.MAX_VALUE - 100}, // global buffer 0: position
        {good.length - 32, Long.MAX_VALUE - 3}, // footer: offset table start
    };
    for (int i = 0; i < cases.length; i++) {
      byte[] bad = good.clone();
      java.nio.ByteBuffer.wrap(bad).order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .putLong((int) cases[i][0], cases[i][1]);
      String name = "overflow" + i + ".lance";
      assertThatThrownBy(() -> open(name, bad)).as("case %d", i)
          .isInstanceOf(CorruptFileException.class).hasMessageContaining(name);
      if (i != 2 && i != 3) {
        continue; // the schema-only read does not use the column offsets
      }
      Files.write(dir.resolve(name), bad);
      assertThatThrownBy(() -> LanceFileReader.readSchema(new LocalObjectStore(dir), name, 0))
          .as("case %d, schema only", i).isInstanceOf(CorruptFileException.class)
          .hasMessageContaining(name);
    }
  }

  @Test
  void unknownVersions() throws Exception {
    byte[] good = goodFile();
    byte[] legacy = good.clone();
    java.nio.ByteBuffer.wrap(legacy).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putShort(good.length - 6, (short) 2);
    assertThatThrownBy(() -> open("legacy.lance", legacy))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("legacy.lance")
        .hasMessageContaining("0.2").hasMessageContaining("legacy");
  }

  @Test
  void packedStructIsRefusedNotMisread() throws Exception {
    Field struct = new Field("p", new FieldType(true, ArrowType.Struct.INSTANCE, null,
        Map.of("lance-encoding:packed", "true")), List.of(
            TestData.field("a", new ArrowType.Int(32, true)),
            TestData.field("b", new ArrowType.Int(64, true))));
    Schema schema = new Schema(List.of(TestData.field("id", new ArrowType.Int(32, true)),
        struct));
    Path file = dir.resolve("packed.lance");
    Map<String, List<Object>> expected;
    try (VectorSchemaRoot root = TestData.random(schema, 500, 4, 0.0, allocator)) {
      expected = ArrowAssert.columns(root);
      LanceFileReaderTest.writeWithLance(file, allocator, null, root);
    }
    var meta = FileMetadataReader.read(new LocalObjectStore(dir), "packed.lance", 0);
    // lance-core writes the whole struct as one packed_struct column in format 2.0
    assertThat(meta.columns()).hasSize(2);
    assertThat(EncodingAny.arrayEncoding(meta.columns().get(1).getPages(0).getEncoding(), "t")
        .hasPackedStruct()).isTrue();
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "packed.lance", 0)) {
      var cols = LanceFileReaderTest.columnOf(r.schema());
      try (var id = r.read(r.schema().field("id"), cols, 0, 500, allocator)) {
        assertThat(ArrowAssert.values(id)).isEqualTo(expected.get("id"));
      }
      assertThatThrownBy(() -> r.read(r.schema().field("p"), cols, 0, 500, allocator))
          .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("packed.lance")
          .hasMessageContaining("'p'").hasMessageContaining("packed_struct");
    }
  }

  @Test
  void unknownFormatVersionIsRefused() throws Exception {
    Path file = dir.resolve("v21.lance");
    try (VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 100, 1, 0.2,
        allocator);
        var w = org.lance.file.LanceFileWriter.open(file.toString(), allocator, null,
            Optional.of("2.1"), Map.of())) {
      w.write(root);
    }
    // 2.1 opens (the structural reader); a minor version lance4j does not know is refused
    LanceFileReader.open(new LocalObjectStore(dir), "v21.lance", 0).close();
    byte[] bytes = java.nio.file.Files.readAllBytes(file);
    bytes[bytes.length - 6] = 9;
    java.nio.file.Files.write(dir.resolve("v29.lance"), bytes);
    assertThatThrownBy(() -> LanceFileReader.open(new LocalObjectStore(dir), "v29.lance", 0))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("v29.lance")
        .hasMessageContaining("2.9").hasMessageContaining("not supported");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"zstd", "lz4"})
  void compressedColumnsDecode(String codec) throws Exception {
    Map<String, String> md = Map.of("lance-encoding:compression", codec);
    Schema schema = new Schema(List.of(
        new Field("z", new FieldType(true, new ArrowType.Int(64, true), null, md), null),
        new Field("s", new FieldType(true, ArrowType.Utf8.INSTANCE, null, md), null),
        new Field("b", new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, md), null)));
    Path file = dir.resolve("z.lance");
    int rows = 3000;
    Map<String, List<Object>> expected;
    try (VectorSchemaRoot root = TestData.random(schema, rows, 4, 0.1, allocator)) {
      expected = ArrowAssert.columns(root);
      LanceFileReaderTest.writeWithLance(file, allocator, null, root);
    }
    var meta = FileMetadataReader.read(new LocalObjectStore(dir), "z.lance", 0);
    String enc = com.google.protobuf.TextFormat.printer().emittingSingleLine(true).printToString(
        EncodingAny.arrayEncoding(meta.columns().get(1).getPages(0).getEncoding(), "test"));
    assertThat(enc).as("lance compressed the string bytes").contains("scheme: \"" + codec);
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "z.lance", 0)) {
      ArrowAssert.assertSameColumns(expected, LanceFileReaderTest.read(r, 0, rows, allocator));
      ArrowAssert.assertSameColumns(LanceFileReaderTest.slice(expected, 1111, 2222),
          LanceFileReaderTest.read(r, 1111, 2222, allocator));
    }
  }
}
