package org.lance4j.internal.table;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.DeletionFile;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes deletion vectors the way Lance 0.39 does.
 *
 * <ul>
 *   <li>Path {@code _deletions/{fragment_id}-{read_version}-{random u64}.{arrow|bin}}.
 *   <li>Up to {@link #ARROW_MAX_ROWS} deleted rows: an Arrow IPC file with one batch of
 *       {@code row_id: uint32 not null}, body compressed with ZSTD ({@code .arrow}). Lance writes
 *       the offsets in hash-set order; we write them ascending (readers accept any order).
 *   <li>More rows, or a fragment whose current vector is already a bitmap: a portable Roaring
 *       bitmap ({@code .bin}).
 * </ul>
 */
public final class DeletionFileWriter {
  /** Lance promotes a deletion set to a bitmap once it holds more than this many rows. */
  public static final int ARROW_MAX_ROWS = 5000;

  private static final Schema SCHEMA = new Schema(List.of(new Field("row_id",
      FieldType.notNullable(new ArrowType.Int(32, false)), null)));

  private DeletionFileWriter() {}

  /** The file type Lance would pick for {@code rows} deleted rows given the previous file. */
  public static DeletionFile.Type typeFor(long rows, DeletionFile previous) {
    if (previous != null && previous.fileType() == DeletionFile.Type.BITMAP) {
      return DeletionFile.Type.BITMAP;
    }
    return rows > ARROW_MAX_ROWS ? DeletionFile.Type.BITMAP : DeletionFile.Type.ARROW_ARRAY;
  }

  /**
   * Writes {@code deleted} (must be non-empty) as the deletion file of {@code fragmentId} and
   * returns its metadata.
   */
  public static DeletionFile write(ObjectStore store, long fragmentId, long readVersion,
      RoaringBitmap deleted, DeletionFile previous, BufferAllocator allocator) {
    long n = deleted.getLongCardinality();
    if (n == 0) {
      throw new IllegalArgumentException("empty deletion vector for fragment " + fragmentId);
    }
    DeletionFile.Type type = typeFor(n, previous);
    long id = ThreadLocalRandom.current().nextLong();
    DeletionFile file = new DeletionFile(type, readVersion, id, n, null);
    String path = file.path(fragmentId);
    try {
      byte[] bytes = type == DeletionFile.Type.BITMAP ? encodeBitmap(deleted)
          : encodeArrow(deleted, allocator);
      try (OutputStream out = store.create(path)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new LanceIOException("cannot write deletion file " + store.root() + "/" + path, e);
    }
    return file;
  }

  /** Portable Roaring serialization. */
  static byte[] encodeBitmap(RoaringBitmap deleted) throws IOException {
    RoaringBitmap copy = deleted.clone();
    copy.runOptimize();
    ByteArrayOutputStream out = new ByteArrayOutputStream(copy.serializedSizeInBytes());
    copy.serialize(new DataOutputStream(out));
    return out.toByteArray();
  }

  /** Arrow IPC file, one batch, ZSTD body compression. */
  static byte[] encodeArrow(RoaringBitmap deleted, BufferAllocator allocator) throws IOException {
    int n = deleted.getCardinality();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + n * 4);
    try (BufferAllocator child = allocator.newChildAllocator("deletion file", 0, Long.MAX_VALUE);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, child)) {
      UInt4Vector ids = (UInt4Vector) root.getVector(0);
      ids.allocateNew(n);
      int i = 0;
      for (int v : deleted) {
        ids.set(i++, v);
      }
      ids.setValueCount(n);
      root.setRowCount(n);
      try (ArrowFileWriter w = new ArrowFileWriter(root, null, Channels.newChannel(out), null,
          IpcOption.DEFAULT, IpcCompression.FACTORY, CompressionUtil.CodecType.ZSTD)) {
        w.start();
        w.writeBatch();
        w.end();
      }
    }
    return out.toByteArray();
  }
}
