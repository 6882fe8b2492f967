package org.lance4j.internal.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.arrow.memory.BufferAllocator;
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
  private DeletionVectors() {}

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
   * @param allocator not used for decoding (the decoders allocate no Arrow buffers)
   * @throws CorruptFileException naming the file when it cannot be decoded, an offset lies beyond
   *     the fragment, or its row count does not match the manifest's {@code num_deleted_rows}
   * @throws UnsupportedFormatException naming the file for an IPC compression lance4j lacks
   */
  public static RoaringBitmap read(ObjectStore store, long fragmentId, long physicalRows,
      DeletionFile file, BufferAllocator allocator) {
    if (file == null) {
      return new RoaringBitmap();
    }
    String path = BasedStore.prefix(file.baseId()) + file.path(fragmentId);
    String named = store.root() + "/" + path;
    ByteBuffer bytes;
    try {
      bytes = store.readAll(path);
    } catch (IOException e) {
      throw new LanceIOException("reading deletion file " + named, e);
    }
    RoaringBitmap deleted;
    try {
      deleted = file.fileType() == DeletionFile.Type.BITMAP
          ? decodeBitmap(bytes) : decodeArrow(bytes, Math.max(physicalRows, 0), named);
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
    if (file.fileType() == DeletionFile.Type.BITMAP) {
      deleted = rebuilt(deleted, physicalRows, named);
    }
    long n = deleted.getLongCardinality();
    long last = deleted.isEmpty() ? -1 : Integer.toUnsignedLong(deleted.last());
    if (last >= physicalRows) {
      throw new CorruptFileException("deletion file " + named + " deletes row offset "
          + last + " but fragment " + fragmentId + " has " + physicalRows + " physical rows");
    }
    if (file.numDeletedRows() != 0 && n != file.numDeletedRows()) {
      throw new CorruptFileException("deletion file " + named + " holds " + n
          + " row offsets but the manifest says num_deleted_rows=" + file.numDeletedRows());
    }
    return deleted;
  }

  /**
   * A corrupt {@code .bin} can deserialize into containers that contradict each other (wrong
   * cardinalities, unsorted keys, runs past 65535): iterate it once, stopping at the first offset
   * that is not increasing or not below {@code physicalRows}, and keep the clean copy.
   */
  private static RoaringBitmap rebuilt(RoaringBitmap decoded, long physicalRows, String named) {
    RoaringBitmap clean = new RoaringBitmap();
    try {
      org.roaringbitmap.IntIterator it = decoded.getIntIterator();
      long prev = -1;
      int[] buf = new int[4096];
      int k = 0;
      while (it.hasNext()) {
        long v = Integer.toUnsignedLong(it.next());
        if (v <= prev || v >= physicalRows) {
          throw new CorruptFileException("deletion file " + named + (v <= prev
              ? " has row offsets out of order (" + v + " after " + prev + ")"
              : " deletes row offset " + v + " but the fragment has " + physicalRows
                  + " physical rows"));
        }
        prev = v;
        buf[k++] = (int) v;
        if (k == buf.length) {
          clean.addN(buf, 0, k);
          k = 0;
        }
      }
      clean.addN(buf, 0, k);
    } catch (CorruptFileException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CorruptFileException("deletion file " + named + " cannot be decoded: " + e, e);
    }
    return clean;
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
    return decodeArrow(bytes, Integer.MAX_VALUE / 8, path);
  }

  /**
   * Decodes an Arrow IPC file of at most {@code maxRows} {@code row_id: uint32} values
   * ({@code .arrow}), see {@link ArrowDeletionDecoder}: no Arrow buffers, every offset and length
   * checked against the file.
   */
  static RoaringBitmap decodeArrow(ByteBuffer bytes, long maxRows, String path) {
    byte[] data = new byte[bytes.remaining()];
    bytes.slice().get(data);
    return ArrowDeletionDecoder.decode(data, maxRows, path);
  }
}
