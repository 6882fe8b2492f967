package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.lance4j.CorruptFileException;
import org.lance4j.DeletionFile;
import org.lance4j.LanceException;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads deletion vectors: the set of deleted row offsets (fragment-local, 0-based physical
 * offsets) of one fragment.
 *
 * <ul>
 *   <li>{@code .arrow}: an Arrow IPC file with one column {@code row_id: uint32 not null}, usually
 *       ZSTD body-compressed by Lance; offsets may be unsorted.
 *   <li>{@code .bin}: a portable 32-bit Roaring bitmap.
 * </ul>
 */
public final class DeletionVectors {
  private DeletionVectors() {}

  /**
   * The deleted row offsets of fragment {@code fragmentId}, or an empty bitmap when {@code file}
   * is null.
   *
   * @throws CorruptFileException naming the file when it cannot be decoded or its row count does
   *     not match the manifest's {@code num_deleted_rows}
   */
  public static RoaringBitmap read(ObjectStore store, long fragmentId, DeletionFile file,
      BufferAllocator allocator) {
    if (file == null) {
      return new RoaringBitmap();
    }
    String path = file.path(fragmentId);
    ByteBuffer bytes;
    try {
      bytes = store.readAll(path);
    } catch (IOException e) {
      throw new LanceIOException("reading deletion file " + store.root() + "/" + path, e);
    }
    RoaringBitmap deleted;
    try {
      deleted = file.fileType() == DeletionFile.Type.BITMAP
          ? decodeBitmap(bytes) : decodeArrow(bytes, allocator, path);
    } catch (LanceException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException("deletion file " + store.root() + "/" + path
          + " cannot be decoded: " + e.getMessage(), e);
    }
    long n = deleted.getLongCardinality();
    if (file.numDeletedRows() != 0 && n != file.numDeletedRows()) {
      throw new CorruptFileException("deletion file " + store.root() + "/" + path + " holds " + n
          + " row offsets but the manifest says num_deleted_rows=" + file.numDeletedRows());
    }
    return deleted;
  }

  /** Decodes a portable Roaring bitmap ({@code .bin}). */
  public static RoaringBitmap decodeBitmap(ByteBuffer bytes) throws IOException {
    RoaringBitmap bm = new RoaringBitmap();
    bm.deserialize(bytes.slice());
    return bm;
  }

  /** Decodes an Arrow IPC file of {@code row_id: uint32} ({@code .arrow}). */
  public static RoaringBitmap decodeArrow(ByteBuffer bytes, BufferAllocator allocator,
      String path) throws IOException {
    byte[] data = new byte[bytes.remaining()];
    bytes.slice().get(data);
    RoaringBitmap bm = new RoaringBitmap();
    try (BufferAllocator child = allocator.newChildAllocator("deletions " + path, 0,
            Long.MAX_VALUE);
        ArrowFileReader reader = new ArrowFileReader(
            new ByteArrayReadableSeekableByteChannel(data), child, IpcCompression.FACTORY)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Field> fields = root.getSchema().getFields();
      if (fields.size() != 1 || !(fields.get(0).getType() instanceof ArrowType.Int)
          || ((ArrowType.Int) fields.get(0).getType()).getBitWidth() != 32
          || ((ArrowType.Int) fields.get(0).getType()).getIsSigned()) {
        throw new CorruptFileException("deletion file " + path
            + ": expected schema [row_id: uint32], got " + root.getSchema());
      }
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        UInt4Vector ids = (UInt4Vector) root.getVector(0);
        int n = root.getRowCount();
        int[] batch = new int[n];
        for (int i = 0; i < n; i++) {
          if (ids.isNull(i)) {
            throw new CorruptFileException("deletion file " + path + ": null row_id at " + i);
          }
          batch[i] = ids.get(i);
        }
        bm.addN(batch, 0, n);
      }
    }
    return bm;
  }
}
