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
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceException;
import org.lance4j.LanceIOException;
import org.lance4j.UnsupportedFormatException;
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
  /** Slack for IPC framing (schema, footer, batch metadata, padding) in allocation bounds. */
  private static final long IPC_SLACK = 1 << 20;

  private DeletionVectors() {}

  /**
   * A limit for the allocator that decodes the deletion vector of {@code f}: at most one
   * {@code uint32} offset (plus validity) per physical row, plus framing. A corrupt file whose
   * record batch claims more is refused instead of allocating it.
   */
  public static long allocationBound(FragmentMetadata f) {
    return allocationBound(f.physicalRows());
  }

  /** {@link #allocationBound(FragmentMetadata)} for a fragment of {@code physicalRows} rows. */
  public static long allocationBound(long physicalRows) {
    long rows = Math.max(0, Math.min(physicalRows, 1L << 32));
    return 5 * rows + 8 * 64 + IPC_SLACK;
  }

  /** {@link #read(ObjectStore, long, long, DeletionFile, BufferAllocator)} for {@code f}. */
  public static RoaringBitmap read(ObjectStore store, FragmentMetadata f,
      BufferAllocator allocator) {
    return read(store, f.id(), f.physicalRows(), f.deletionFile(), allocator);
  }

  /**
   * The deleted row offsets of fragment {@code fragmentId}, or an empty bitmap when {@code file}
   * is null.
   *
   * @param physicalRows the fragment's physical rows: every offset must be below it
   * @throws CorruptFileException naming the file when it cannot be decoded, an offset lies beyond
   *     the fragment, or its row count does not match the manifest's {@code num_deleted_rows}
   * @throws UnsupportedFormatException naming the file for an IPC compression lance4j lacks
   */
  public static RoaringBitmap read(ObjectStore store, long fragmentId, long physicalRows,
      DeletionFile file, BufferAllocator allocator) {
    if (file == null) {
      return new RoaringBitmap();
    }
    String path = file.path(fragmentId);
    String named = store.root() + "/" + path;
    ByteBuffer bytes;
    try {
      bytes = store.readAll(path);
    } catch (IOException e) {
      throw new LanceIOException("reading deletion file " + named, e);
    }
    RoaringBitmap deleted;
    try (BufferAllocator bounded = allocator.newChildAllocator("deletions " + path, 0,
        Math.min(allocationBound(physicalRows) + 2L * bytes.remaining(),
            Math.max(allocator.getHeadroom(), 0)))) {
      deleted = file.fileType() == DeletionFile.Type.BITMAP
          ? decodeBitmap(bytes) : decodeArrow(bytes, bounded, named);
    } catch (UnsupportedFormatException e) {
      throw e.getMessage().contains(named) ? e
          : new UnsupportedFormatException("deletion file " + named + ": " + e.getMessage());
    } catch (LanceException e) {
      throw e.getMessage().contains(named) ? e
          : new CorruptFileException("deletion file " + named + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException("deletion file " + named
          + " cannot be decoded: " + e, e);
    }
    if (!deleted.isEmpty() && Integer.toUnsignedLong(deleted.last()) >= physicalRows) {
      throw new CorruptFileException("deletion file " + named + " deletes row offset "
          + Integer.toUnsignedLong(deleted.last()) + " but fragment " + fragmentId + " has "
          + physicalRows + " physical rows");
    }
    long n = deleted.getLongCardinality();
    if (file.numDeletedRows() != 0 && n != file.numDeletedRows()) {
      throw new CorruptFileException("deletion file " + named + " holds " + n
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

  /**
   * Decodes an Arrow IPC file of {@code row_id: uint32} ({@code .arrow}). Every block must lie
   * inside the file; every buffer is taken from a child of {@code allocator} and released, also
   * when the file turns out to be corrupt.
   */
  public static RoaringBitmap decodeArrow(ByteBuffer bytes, BufferAllocator allocator,
      String path) throws IOException {
    byte[] data = new byte[bytes.remaining()];
    bytes.slice().get(data);
    RoaringBitmap bm = new RoaringBitmap();
    IpcCompression.Tracking codecs = new IpcCompression.Tracking();
    BufferAllocator child = allocator.newChildAllocator("deletions " + path, 0,
        allocator.getLimit());
    ArrowFileReader reader = null;
    boolean ok = false;
    try {
      reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(data), child, codecs);
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Field> fields = root.getSchema().getFields();
      if (fields.size() != 1 || !(fields.get(0).getType() instanceof ArrowType.Int)
          || ((ArrowType.Int) fields.get(0).getType()).getBitWidth() != 32
          || ((ArrowType.Int) fields.get(0).getType()).getIsSigned()) {
        throw new CorruptFileException("deletion file " + path
            + ": expected schema [row_id: uint32], got " + root.getSchema());
      }
      for (ArrowBlock block : reader.getRecordBlocks()) {
        long end;
        try {
          end = Math.addExact(Math.addExact(block.getOffset(), block.getMetadataLength()),
              block.getBodyLength());
        } catch (ArithmeticException e) {
          end = Long.MAX_VALUE;
        }
        if (block.getOffset() < 0 || block.getMetadataLength() < 0 || block.getBodyLength() < 0
            || end > data.length) {
          throw new CorruptFileException("deletion file " + path + ": record batch at "
              + block.getOffset() + " (" + block.getMetadataLength() + " + "
              + block.getBodyLength() + " bytes) lies outside the file's " + data.length
              + " bytes");
        }
        reader.loadRecordBatch(block);
        UInt4Vector ids = (UInt4Vector) root.getVector(0);
        int n = root.getRowCount();
        if (n > ids.getValueCapacity()) {
          throw new CorruptFileException("deletion file " + path + ": record batch of " + n
              + " rows has buffers for " + ids.getValueCapacity());
        }
        int[] batch = new int[n];
        for (int i = 0; i < n; i++) {
          if (ids.isNull(i)) {
            throw new CorruptFileException("deletion file " + path + ": null row_id at " + i);
          }
          batch[i] = ids.get(i);
        }
        bm.addN(batch, 0, n);
      }
      ok = true;
    } finally {
      // Arrow's VectorLoader drops buffers it already decompressed when a later buffer of the
      // same field fails: release what the codecs handed out and nobody holds any more
      try {
        if (reader != null) {
          reader.close();
        }
      } catch (IOException | RuntimeException e) {
        if (ok) {
          throw e;
        }
      } finally {
        codecs.releaseOrphans();
        child.close();
      }
    }
    return bm;
  }
}
