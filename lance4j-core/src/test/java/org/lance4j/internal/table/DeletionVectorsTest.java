package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.CorruptFileException;
import org.lance4j.DeletionFile;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.storage.ObjectStore;
import org.roaringbitmap.RoaringBitmap;

/** Deletion vectors written by lance-core decode to exactly the rows its predicates selected. */
class DeletionVectorsTest {
  @TempDir Path tmp;

  static final Schema ID_SCHEMA = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  private void createIds(BufferAllocator a, String uri, int rows, int maxRowsPerFile,
      String version) {
    DataPathOracle.create(a, new BatchSource(a, ID_SCHEMA, rows, 3000, (root, start, n) -> {
      BigIntVector v = (BigIntVector) root.getVector(0);
      for (int i = 0; i < n; i++) {
        v.setSafe(i, start + i);
      }
      v.setValueCount(n);
    }), uri, maxRowsPerFile, version);
  }

  /** Parses {@code {frag}-{readVersion}-{id}.{ext}} into a DeletionFile (count unknown = 0). */
  static DeletionFile parse(Path file) {
    String name = file.getFileName().toString();
    String[] parts = name.substring(0, name.lastIndexOf('.')).split("-");
    DeletionFile.Type type = name.endsWith(".bin") ? DeletionFile.Type.BITMAP
        : DeletionFile.Type.ARROW_ARRAY;
    return new DeletionFile(type, Long.parseUnsignedLong(parts[1]),
        Long.parseUnsignedLong(parts[2]), 0, null);
  }

  private void check(String predicateSql, LongPredicate predicate, String ext, int rows,
      int rowsPerFragment, String version) throws Exception {
    Path dir = tmp.resolve("ds-" + ext);
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator()) {
      createIds(a, uri, rows, rowsPerFragment, version);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete(predicateSql);
      }
      List<Path> files = DataPathOracle.files(dir.resolve("_deletions"), "");
      assertThat(files).isNotEmpty();
      ObjectStore store = new LocalObjectStore(dir);
      for (Path f : files) {
        assertThat(f.getFileName().toString()).endsWith("." + ext);
        long fragId = Long.parseLong(f.getFileName().toString().split("-")[0]);
        RoaringBitmap got = DeletionVectors.read(store, fragId, 1L << 32, parse(f), a);
        RoaringBitmap want = new RoaringBitmap();
        long first = fragId * rowsPerFragment;
        long last = Math.min(rows, first + rowsPerFragment);
        for (long id = first; id < last; id++) {
          if (predicate.test(id)) {
            want.add((int) (id - first));
          }
        }
        assertThat(got).as("fragment %d", fragId).isEqualTo(want);
      }
    }
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void arrowDeletionFilesFromLanceCore(String version) throws Exception {
    check("id % 3 = 0", id -> id % 3 == 0, "arrow", 10_000, 4000, version);
  }

  @ParameterizedTest(name = "lance-core writes {0}")
  @ValueSource(strings = {OracleVersions.DEFAULT, "2.2"})
  void bitmapDeletionFilesFromLanceCore(String version) throws Exception {
    check("id < 8000 OR id = 9999", id -> id < 8000 || id == 9999, "bin", 10_000, 10_000,
        version);
  }

  @Test
  void uncompressedAndZstdArrowBodiesBothDecode() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      for (CompressionUtil.CodecType codec : List.of(CompressionUtil.CodecType.NO_COMPRESSION,
          CompressionUtil.CodecType.ZSTD)) {
        byte[] bytes = arrowFile(a, new int[] {7, 3, 100_000, 0}, codec);
        RoaringBitmap got = DeletionVectors.decodeArrow(ByteBuffer.wrap(bytes), a, "x.arrow");
        assertThat(got.toArray()).containsExactly(0, 3, 7, 100_000);
      }
    }
  }

  @Test
  void countMismatchAndGarbageAreCorruptFileErrors() throws Exception {
    Path dir = tmp.resolve("bad");
    Files.createDirectories(dir.resolve("_deletions"));
    try (BufferAllocator a = new RootAllocator()) {
      Files.write(dir.resolve("_deletions/4-1-9.arrow"),
          arrowFile(a, new int[] {1, 2}, CompressionUtil.CodecType.ZSTD));
      Files.write(dir.resolve("_deletions/4-1-10.arrow"), new byte[] {1, 2, 3});
      ObjectStore store = new LocalObjectStore(dir);
      DeletionFile twoRowsSaysThree =
          new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, 9, 3, null);
      assertThatThrownBy(() -> DeletionVectors.read(store, 4, 1L << 32, twoRowsSaysThree, a))
          .isInstanceOf(CorruptFileException.class).hasMessageContaining("4-1-9.arrow")
          .hasMessageContaining("num_deleted_rows=3");
      DeletionFile garbage = new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, 10, 1, null);
      assertThatThrownBy(() -> DeletionVectors.read(store, 4, 1L << 32, garbage, a))
          .isInstanceOf(CorruptFileException.class).hasMessageContaining("4-1-10.arrow");
      assertThat(DeletionVectors.read(store, 4, 1L << 32, null, a).isEmpty()).isTrue();
    }
  }

  static byte[] arrowFile(BufferAllocator a, int[] rows, CompressionUtil.CodecType codec)
      throws Exception {
    Schema s = new Schema(List.of(
        new Field("row_id", FieldType.notNullable(new ArrowType.Int(32, false)), null)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(s, a);
        ArrowFileWriter w = new ArrowFileWriter(root, null, Channels.newChannel(out),
            null, IpcOption.DEFAULT, IpcCompression.FACTORY, codec)) {
      UInt4Vector v = (UInt4Vector) root.getVector(0);
      for (int i = 0; i < rows.length; i++) {
        v.setSafe(i, rows[i]);
      }
      root.setRowCount(rows.length);
      w.start();
      w.writeBatch();
      w.end();
    }
    return out.toByteArray();
  }
}
