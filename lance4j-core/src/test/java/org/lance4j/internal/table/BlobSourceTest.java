package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CorruptFileException;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.WriteOptions;
import org.lance4j.internal.storage.ObjectStores;
import org.lance4j.storage.ObjectStore;

/** Blob v2 byte ranges: sidecar names, and descriptors that do not fit their file. */
class BlobSourceTest {
  @TempDir Path dir;

  @Test
  void sidecarNamesAreTheIdsBitsLeastSignificantFirst() {
    // as lance-core 7.0.0 names them: blob id 1 -> 1000...0.blob, 2 -> 0100...0.blob
    assertThat(BlobTaker.sidecarPath("data/0101abc.lance", 1))
        .isEqualTo("data/0101abc/10000000000000000000000000000000.blob");
    assertThat(BlobTaker.sidecarPath("data/0101abc.lance", 2))
        .isEqualTo("data/0101abc/01000000000000000000000000000000.blob");
    assertThat(BlobTaker.sidecarPath("base/data/x.lance", 0x80000005L))
        .isEqualTo("base/data/x/10100000000000000000000000000001.blob");
  }

  @Test
  void rangesInsideTheFileReadAndOthersAreCorrupt() throws Exception {
    byte[] content = new byte[1000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7);
    }
    Files.createDirectories(dir.resolve("data/f"));
    Files.write(dir.resolve("data/f/side.blob"), content);
    ObjectStore store = ObjectStores.forUri(dir.toString());
    BlobSource ok = new BlobSource(store, false, "data/f/side.blob", 100, 50, 0, false, "ok");
    assertThat(ok.size()).isEqualTo(50);
    assertThat(ok.read(10, 5)).containsExactly(content[110], content[111], content[112],
        content[113], content[114]);
    assertThatThrownBy(() -> ok.read(48, 5)).isInstanceOf(InvalidInputException.class);

    BlobSource past = new BlobSource(store, false, "data/f/side.blob", 990, 20, 0, false,
        "row 3");
    assertThatThrownBy(() -> past.read(0, 1)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("row 3").hasMessageContaining("data/f/side.blob")
        .hasMessageContaining("1000 bytes");
    // the manifest's size of an inline blob's data file is trusted without asking the store
    BlobSource inline = new BlobSource(store, false, "data/f/side.blob", 900, 200, 1000, false,
        "inline");
    assertThatThrownBy(inline::size).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("points at 200 bytes at 900");

    BlobSource gone = new BlobSource(store, false, "data/f/nope.blob", 0, 20, 0, false, "row 4");
    assertThatThrownBy(gone::size).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("data/f/nope.blob").hasMessageContaining("missing");

    BlobSource whole = new BlobSource(store, false, "data/f/side.blob", 0, 0, 0, true, "ext");
    assertThat(whole.size()).isEqualTo(1000);
    assertThat(whole.read(0, 1000)).isEqualTo(content);
    assertThat(BlobSource.empty("e").read(0, 0)).isEmpty();
  }

  @Test
  void writingABlobV2ColumnIsRefusedNamingTheField() {
    Field data = new Field("data", FieldType.nullable(new ArrowType.LargeBinary()), null);
    Field uri = new Field("uri", FieldType.nullable(new ArrowType.Utf8()), null);
    Field blob = new Field("images", new FieldType(true, new ArrowType.Struct(), null,
        Map.of("ARROW:extension:name", "lance.blob.v2")), List.of(data, uri));
    Schema schema = new Schema(List.of(
        new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null), blob));
    String ds = dir.resolve("ds").toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      root.allocateNew();
      ((IntVector) root.getVector("id")).setSafe(0, 1);
      ((StructVector) root.getVector("images")).setNull(0);
      root.setRowCount(1);
      for (String version : List.of("2.2", "2.1", "2.0")) {
        assertThatThrownBy(() -> Fragments.write(ds, root, WriteOptions.builder()
            .dataStorageVersion(version).build()))
            .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("'images'")
            .hasMessageContaining("lance.blob.v2");
      }
    }
    assertThat(dir.resolve("ds/data").toFile().list()).isNullOrEmpty();
  }
}
