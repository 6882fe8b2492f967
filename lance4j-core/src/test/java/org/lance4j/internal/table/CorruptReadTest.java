package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CorruptFileException;
import org.lance4j.Dataset;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceException;
import org.lance4j.Operation;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;
import org.roaringbitmap.RoaringBitmap;

/**
 * Issue 14: reads of corrupt manifests and deletion files fail with a typed exception naming
 * the file, never return wrong rows, never allocate what the file cannot hold, never leak.
 */
class CorruptReadTest {
  @TempDir Path dir;

  private LocalObjectStore dataset(long rows) {
    LocalObjectStore store = new LocalObjectStore(dir);
    Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(RealFragments.write(dir, "a", rows))), 0);
    return store;
  }

  @Test
  void bitmapOffsetsBeyondTheFragmentAreCorrupt() throws Exception {
    LocalObjectStore store = dataset(100);
    RoaringBitmap bad = RoaringBitmap.bitmapOf(1, 2, 150, 4000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bad.serialize(new java.io.DataOutputStream(out));
    DeletionFile del = new DeletionFile(DeletionFile.Type.BITMAP, 1, 7, 4, null);
    Snapshot v1 = Versions.loadLatest(store, "ds");
    FragmentMetadata f = v1.fragments().get(0);
    Files.createDirectories(dir.resolve("_deletions"));
    Files.write(dir.resolve(del.path(f.id())), out.toByteArray());
    Snapshot v2 = Committer.commit(store, "ds", new Operation.Delete(List.of(
        new FragmentMetadata(f.id(), f.files(), f.physicalRows(), del)), List.of(), "x"), 1);
    try (Dataset ds = Dataset.open(dir.toString()); BufferAllocator a = new RootAllocator()) {
      assertThat(ds.version()).isEqualTo(v2.version());
      assertThatThrownBy(() -> {
        try (var r = ds.scan(a)) {
          while (r.loadNextBatch()) {
            // rows must not come back: the scan fails
          }
        }
      }).isInstanceOf(CorruptFileException.class).hasMessageContaining(del.path(f.id()))
          .hasMessageContaining("row offset 150");
    }
  }

  private static void rewrite(LocalObjectStore store, String path, TableProtos.Manifest m)
      throws Exception {
    Files.write(store.rootPath().resolve(path), ManifestFiles.encode(m, null, null));
  }

  @Test
  void manifestWhoseVersionDiffersFromItsNameIsCorrupt() throws Exception {
    LocalObjectStore store = dataset(10);
    Snapshot v1 = Versions.loadLatest(store, "ds");
    rewrite(store, v1.manifestPath(), v1.manifest().toBuilder().setVersion(0).build());
    assertThatThrownBy(() -> Dataset.open(dir.toString()))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining(v1.manifestPath())
        .hasMessageContaining("says version 0");
    // and no commit writes a second "version 1" on top of it
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.UpdateConfig(Map.of("k", "v"), List.of()), 1))
        .isInstanceOf(CorruptFileException.class);
    assertThat(Versions.latestVersion(store)).isEqualTo(1);
  }

  @Test
  void manifestSchemaAndFragmentNonsenseIsCorrupt() throws Exception {
    LocalObjectStore store = dataset(10);
    Snapshot v1 = Versions.loadLatest(store, "ds");
    TableProtos.Manifest m = v1.manifest();
    List<FileProtos.Field> fields = m.getFieldsList();
    // a field re-parented under one that comes later / does not exist, an id twice
    TableProtos.Manifest reparented = m.toBuilder().setFields(0,
        fields.get(0).toBuilder().setParentId(fields.get(2).getId())).build();
    TableProtos.Manifest orphan = m.toBuilder().setFields(1,
        fields.get(1).toBuilder().setParentId(77)).build();
    TableProtos.Manifest twice = m.toBuilder().setFields(1,
        fields.get(1).toBuilder().setId(fields.get(0).getId())).build();
    TableProtos.Manifest fragTwice = m.toBuilder().addFragments(m.getFragments(0)).build();
    TableProtos.Manifest traversal = m.toBuilder().setFragments(0, m.getFragments(0).toBuilder()
        .setFiles(0, m.getFragments(0).getFiles(0).toBuilder().setPath("../../etc/passwd")))
        .build();
    TableProtos.Manifest hugeRows = m.toBuilder().setFragments(0, m.getFragments(0).toBuilder()
        .setPhysicalRows(-5)).build();
    // found by the 10,000-case fuzz run: a primitive field given a child (Arrow refused the
    // schema with an untyped IllegalArgumentException), a list without its item field
    TableProtos.Manifest primitiveWithChild = m.toBuilder().setFields(1,
        fields.get(1).toBuilder().setParentId(fields.get(0).getId())).build();
    TableProtos.Manifest listWithoutItem = m.toBuilder().setFields(0,
        fields.get(0).toBuilder().setLogicalType("list")).build();
    for (TableProtos.Manifest bad : List.of(reparented, orphan, twice, fragTwice, traversal,
        hugeRows, primitiveWithChild, listWithoutItem)) {
      rewrite(store, v1.manifestPath(), bad);
      assertThatThrownBy(() -> Dataset.open(dir.toString()))
          .isInstanceOf(CorruptFileException.class).hasMessageContaining(v1.manifestPath());
    }
  }

  @Test
  void anUnknownReaderFeatureFlagNamesTheManifest() throws Exception {
    LocalObjectStore store = dataset(10);
    Snapshot v1 = Versions.loadLatest(store, "ds");
    rewrite(store, v1.manifestPath(), v1.manifest().toBuilder()
        .setReaderFeatureFlags(1L << 40).build());
    assertThatThrownBy(() -> Dataset.open(dir.toString()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining(v1.manifestPath())
        .hasMessageContaining("reader feature flag " + (1L << 40));
  }

  /** The Block struct {offset i64, metaDataLength i32, pad, bodyLength i64} in the footer. */
  private static int bodyLengthAt(byte[] file, BufferAllocator a) throws Exception {
    ArrowBlock block;
    try (ArrowFileReader r = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(file),
        a, IpcCompression.FACTORY)) {
      block = r.getRecordBlocks().get(0);
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = file.length - 24; i >= 0; i--) {
      if (b.getLong(i) == block.getOffset() && b.getInt(i + 8) == block.getMetadataLength()
          && b.getLong(i + 16) == block.getBodyLength()) {
        return i + 16;
      }
    }
    throw new AssertionError("block not found");
  }

  @Test
  void arrowRecordBatchLengthBeyondTheFileIsCorruptNotAnAllocation() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      byte[] file = DeletionVectorsTest.arrowFile(a, new int[] {1, 5, 9},
          CompressionUtil.CodecType.ZSTD);
      int at = bodyLengthAt(file, a);
      ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 0xFFFF_FFFF_FFFFL);
      Files.createDirectories(dir.resolve("_deletions"));
      DeletionFile del = new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, 3, 3, null);
      Files.write(dir.resolve(del.path(0)), file);
      LocalObjectStore store = new LocalObjectStore(dir);
      try (BufferAllocator caller = a.newChildAllocator("caller", 0, Long.MAX_VALUE)) {
        assertThatThrownBy(() -> DeletionVectors.read(store, 0, 100, del, caller))
            .isInstanceOf(CorruptFileException.class).hasMessageContaining(del.path(0));
      }
    }
  }

  @Test
  void corruptArrowDeletionFilesNeverLeakAndNameTheFile() throws Exception {
    Files.createDirectories(dir.resolve("_deletions"));
    LocalObjectStore store = new LocalObjectStore(dir);
    int[] rows = new int[300];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i * 3;
    }
    Random rnd = new Random(14);
    int typed = 0;
    int ok = 0;
    try (BufferAllocator root = new RootAllocator()) {
      byte[] good = DeletionVectorsTest.arrowFile(root, rows, CompressionUtil.CodecType.ZSTD);
      RoaringBitmap want = RoaringBitmap.bitmapOf(rows);
      for (int iter = 0; iter < 400; iter++) {
        byte[] file = good.clone();
        int flips = 1 + rnd.nextInt(4);
        for (int k = 0; k < flips; k++) {
          file[rnd.nextInt(file.length)] = (byte) rnd.nextInt(256);
        }
        DeletionFile del = new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 1, iter, 300, null);
        Files.write(dir.resolve(del.path(0)), file);
        BufferAllocator caller = root.newChildAllocator("caller " + iter, 0, Long.MAX_VALUE);
        try {
          RoaringBitmap got = DeletionVectors.read(store, 0, 1000, del, caller);
          assertThat(got).as("iteration %d", iter).isEqualTo(want);
          ok++;
        } catch (CorruptFileException | UnsupportedFormatException e) {
          assertThat(e.getMessage()).as("iteration %d", iter).contains(del.path(0));
          typed++;
        } catch (LanceException e) {
          throw new AssertionError("iteration " + iter + ": unexpected " + e, e);
        }
        assertThat(caller.getAllocatedMemory()).as("iteration %d leaks", iter).isZero();
        caller.close();
      }
    }
    assertThat(typed).isPositive();
    assertThat(ok + typed).isEqualTo(400);
  }
}
