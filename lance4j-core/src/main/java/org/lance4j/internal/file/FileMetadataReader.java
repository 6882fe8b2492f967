package org.lance4j.internal.file;

import org.lance4j.internal.SchemaProtos;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.CorruptFileException;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.File2Protos;
import org.lance4j.proto.FileProtos;

/**
 * Reads and checks the metadata of a format 2.0 data file: the 40-byte footer, the global buffer
 * table, the file descriptor (schema and row count, global buffer 0) and the column metadata.
 * The tail of the file is fetched in one request; a second request is made only when the metadata
 * region is larger than that first read.
 */
public final class FileMetadataReader {
  /** Bytes fetched from the end of the file on open. */
  static final int TAIL_READ = 64 * 1024;

  /** What the footer and the metadata region describe. */
  record Metadata(long fileSize, int major, int minor, LanceSchema schema, long numRows,
      List<File2Protos.ColumnMetadata> columns) {}

  private FileMetadataReader() {}

  /**
   * The 40-byte footer: positions of the column metadata, the column metadata offset table and
   * the global buffer offset table, the two counts, the format version, then "LANC".
   */
  record Footer(long columnMetaStart, long columnOffsetsStart, long globalOffsetsStart,
      long numGlobalBuffers, long numColumns, int major, int minor) {
    static final int COLUMN_META_START = 0;
    static final int COLUMN_OFFSETS_START = 8;
    static final int GLOBAL_OFFSETS_START = 16;
    static final int NUM_GLOBAL_BUFFERS = 24;
    static final int NUM_COLUMNS = 28;
    static final int MAJOR = 32;
    static final int MINOR = 34;
    static final int MAGIC = 36;

    /** The footer at {@code at} in {@code b} (little-endian). */
    static Footer parse(ByteBuffer b, int at) {
      return new Footer(b.getLong(at + COLUMN_META_START), b.getLong(at + COLUMN_OFFSETS_START),
          b.getLong(at + GLOBAL_OFFSETS_START),
          Integer.toUnsignedLong(b.getInt(at + NUM_GLOBAL_BUFFERS)),
          Integer.toUnsignedLong(b.getInt(at + NUM_COLUMNS)),
          Short.toUnsignedInt(b.getShort(at + MAJOR)), Short.toUnsignedInt(b.getShort(at + MINOR)));
    }
  }

  /**
   * The last {@code maxTail} bytes of a file (fewer for a small file) after the size and the
   * magic bytes are checked; {@code footer} is the footer's offset in {@code bytes}.
   */
  private record Tail(String file, long size, long start, int len, ByteBuffer bytes, int footer) {}

  private static Tail tail(ObjectStore store, String path, long knownSize, int maxTail) {
    String file = describe(store, path);
    long size;
    try {
      size = knownSize > 0 ? knownSize : store.size(path);
    } catch (IOException e) {
      throw new LanceIOException("cannot stat Lance file " + file + ": " + e.getMessage(), e);
    }
    if (size < FileFormat.FOOTER_SIZE) {
      throw new CorruptFileException(FileErrors.name(file) + " is truncated: " + size
          + " bytes, smaller than the " + FileFormat.FOOTER_SIZE + "-byte footer");
    }
    int tailLen = (int) Math.min(size, maxTail);
    long tailStart = size - tailLen;
    ByteBuffer tail = fetch(store, path, file, tailStart, tailLen);
    int f = tailLen - FileFormat.FOOTER_SIZE;
    for (int i = 0; i < 4; i++) {
      if (tail.get(f + Footer.MAGIC + i) != FileFormat.MAGIC[i]) {
        throw new CorruptFileException("not a Lance file (no LANC magic at the end): " + file);
      }
    }
    return new Tail(file, size, tailStart, tailLen, tail, f);
  }

  static Metadata read(ObjectStore store, String path, long knownSize) {
    Tail t = tail(store, path, knownSize, TAIL_READ);
    String file = t.file();
    long size = t.size();
    int tailLen = t.len();
    long tailStart = t.start();
    ByteBuffer tail = t.bytes();
    int f = t.footer();

    // ---- footer ----
    Footer footer = Footer.parse(tail, f);
    long colMetaStart = footer.columnMetaStart();
    long cmoStart = footer.columnOffsetsStart();
    long gboStart = footer.globalOffsetsStart();
    long numGlobal = footer.numGlobalBuffers();
    long numColumns = footer.numColumns();
    int major = footer.major();
    int minor = footer.minor();
    checkVersion(file, major, minor);

    long footerStart = size - FileFormat.FOOTER_SIZE;
    // every sum below is of values first checked to lie in [0, size]: no long overflow
    if (numGlobal < 1 || gboStart < 0 || gboStart > footerStart
        || footerStart - gboStart != 16 * numGlobal
        || cmoStart < 0 || cmoStart > gboStart || gboStart - cmoStart != 16 * numColumns
        || colMetaStart < 0 || colMetaStart > cmoStart) {
      throw new CorruptFileException(FileErrors.name(file) + " has an inconsistent footer (column"
          + " metadata at " + colMetaStart + ", offset table at " + cmoStart + ", buffer table at "
          + gboStart + ", " + numGlobal + " global buffers, " + numColumns + " columns, size "
          + size + ")");
    }

    // ---- global buffer table: we need buffer 0 (the file descriptor) ----
    long[] gb0 = entry(store, path, file, tail, tailStart, gboStart, size);
    long gb0Pos = gb0[0];
    long gb0Size = gb0[1];
    if (gb0Pos < 0 || gb0Size < 0 || gb0Size > Integer.MAX_VALUE || gb0Pos > gboStart
        || gb0Size > gboStart - gb0Pos) {
      throw new CorruptFileException(FileErrors.name(file) + ": global buffer 0 (" + gb0Pos + ", "
          + gb0Size + " bytes) lies outside the file's data");
    }

    // Metadata region = from the first of (descriptor, column metadata) to the footer.
    long regionStart = Math.min(gb0Pos, colMetaStart);
    ByteBuffer region;
    long regionBase;
    if (regionStart >= tailStart) {
      region = tail;
      regionBase = tailStart;
    } else {
      long len = size - regionStart;
      if (len > Integer.MAX_VALUE) {
        throw new CorruptFileException(FileErrors.name(file) + ": metadata region of " + len
            + " bytes is implausibly large");
      }
      region = fetch(store, path, file, regionStart, (int) len);
      regionBase = regionStart;
    }

    Descriptor fd = schemaOf(file, slice(region, gb0Pos - regionBase, (int) gb0Size));
    LanceSchema schema = fd.schema();

    // ---- column metadata, located through the offset table ----
    List<File2Protos.ColumnMetadata> columns = new ArrayList<>((int) numColumns);
    for (int c = 0; c < numColumns; c++) {
      long pos = region.getLong((int) (cmoStart + 16L * c - regionBase));
      long len = region.getLong((int) (cmoStart + 16L * c + 8 - regionBase));
      if (pos < colMetaStart || pos > cmoStart || len < 0 || len > cmoStart - pos) {
        throw new CorruptFileException(FileErrors.name(file) + ": metadata of column " + c
            + " (" + pos + ", " + len + " bytes) lies outside the column metadata region");
      }
      try {
        columns.add(File2Protos.ColumnMetadata.parseFrom(
            CodedInputStream.newInstance(slice(region, pos - regionBase, (int) len))));
      } catch (IOException e) {
        throw new CorruptFileException(FileErrors.name(file) + ": metadata of column " + c
            + " does not decode: " + e.getMessage(), e);
      }
    }
    return new Metadata(size, major, minor, schema, fd.length(), List.copyOf(columns));
  }

  /** Bytes fetched from the end of the file by {@link #readSchema}. */
  static final int SCHEMA_TAIL_READ = 4096;

  /**
   * Only the schema (global buffer 0): footer, buffer table entry 0 and the file descriptor, no
   * column metadata. One small tail read, plus one read of the descriptor when it lies before
   * that tail. Same checks (and exceptions) as {@link #read} for the parts it reads.
   */
  static LanceSchema readSchema(ObjectStore store, String path, long knownSize) {
    return readSummary(store, path, knownSize).schema();
  }

  /** What {@link #readSummary} reads: schema, row count, column count and footer version. */
  record Summary(LanceSchema schema, long numRows, long numColumns, int major, int minor) {}

  /** {@link #readSchema} with the row count, column count and version the same reads give. */
  static Summary readSummary(ObjectStore store, String path, long knownSize) {
    Tail t = tail(store, path, knownSize, SCHEMA_TAIL_READ);
    String file = t.file();
    long size = t.size();
    int tailLen = t.len();
    long tailStart = t.start();
    ByteBuffer tail = t.bytes();
    int f = t.footer();
    Footer footer = Footer.parse(tail, f);
    long gboStart = footer.globalOffsetsStart();
    long numGlobal = footer.numGlobalBuffers();
    long numColumns = footer.numColumns();
    int major = footer.major();
    int minor = footer.minor();
    checkVersion(file, major, minor);
    if (numGlobal < 1 || gboStart < 0 || gboStart > size - FileFormat.FOOTER_SIZE
        || size - FileFormat.FOOTER_SIZE - gboStart != 16 * numGlobal) {
      throw new CorruptFileException(FileErrors.name(file) + " has an inconsistent footer (buffer"
          + " table at " + gboStart + ", " + numGlobal + " global buffers, size " + size + ")");
    }
    long[] gb0 = entry(store, path, file, tail, tailStart, gboStart, size);
    if (gb0[0] < 0 || gb0[1] < 0 || gb0[1] > Integer.MAX_VALUE || gb0[0] > gboStart
        || gb0[1] > gboStart - gb0[0]) {
      throw new CorruptFileException(FileErrors.name(file) + ": global buffer 0 (" + gb0[0] + ", "
          + gb0[1] + " bytes) lies outside the file's data");
    }
    ByteBuffer fdBytes = gb0[0] >= tailStart ? slice(tail, gb0[0] - tailStart, (int) gb0[1])
        : fetch(store, path, file, gb0[0], (int) gb0[1]);
    Descriptor fd = schemaOf(file, fdBytes);
    return new Summary(fd.schema(), fd.length(), numColumns, major, minor);
  }

  private record Descriptor(LanceSchema schema, long length) {}

  private static Descriptor schemaOf(String file, ByteBuffer bytes) {
    FileProtos.FileDescriptor fd;
    try {
      fd = FileProtos.FileDescriptor.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(FileErrors.name(file) + ": file descriptor (global buffer 0)"
          + " does not decode: " + e.getMessage(), e);
    }
    if (!fd.hasSchema()) {
      throw new CorruptFileException(FileErrors.name(file) + ": file descriptor has no schema");
    }
    try {
      return new Descriptor(SchemaProtos.fromProtos(fd.getSchema().getFieldsList(),
          fd.getSchema().getMetadataMap()), fd.getLength());
    } catch (CorruptFileException | UnsupportedFormatException e) {
      throw new CorruptFileException(FileErrors.name(file) + ": " + e.getMessage(), e);
    }
  }

  /** Whether a footer version is 2.1 or later (the structural format, read by {@code v21}). */
  static boolean isStructural(int major, int minor) {
    return major == 2 && minor >= 1;
  }

  private static void checkVersion(String file, int major, int minor) {
    if ((major == 0 && minor == 3) || (major == 2 && minor <= 3)) {
      // 2.0 (footer 0.3 or 2.0), 2.1, 2.2, and 2.3 where its bytes equal 2.2's (an unknown
      // layout or encoding in a 2.3 page is refused when the page is read)
      return;
    }
    if (major == 2) {
      throw new UnsupportedFormatException(FileErrors.name(file) + " uses file format 2." + minor
          + ", which is not supported: lance4j reads file formats 2.0 to 2.2 (and 2.3 where it"
          + " matches 2.2)");
    }
    if (major == 0 && minor < 3) {
      throw new UnsupportedFormatException(FileErrors.name(file) + " uses the legacy file format ("
          + "version " + major + "." + minor + "), which is not supported: lance4j reads file"
          + " formats 2.0 to 2.2");
    }
    throw new UnsupportedFormatException(FileErrors.name(file) + " has unknown file format version "
        + major + "." + minor + "; lance4j reads file formats 2.0 to 2.2");
  }

  /** Reads entry 0 ({@code u64 position, u64 size}) of a table at {@code at}. */
  private static long[] entry(ObjectStore store, String path, String file, ByteBuffer tail,
      long tailStart, long at, long size) {
    ByteBuffer b = tail;
    long base = tailStart;
    if (at < tailStart) {
      b = fetch(store, path, file, at, 16);
      base = at;
    }
    return new long[] {b.getLong((int) (at - base)), b.getLong((int) (at - base + 8))};
  }

  /**
   * {@code len} bytes at {@code offset} of {@code b}; a range outside {@code b} (a corrupt
   * offset or length that got past a caller's checks) is a {@link CorruptFileException}, never
   * an {@link IllegalArgumentException} from the buffer.
   */
  public static ByteBuffer slice(ByteBuffer b, long offset, int len) {
    if (offset < 0 || len < 0 || offset > b.limit() || len > b.limit() - offset) {
      throw new CorruptFileException("Lance file: range of " + len + " bytes at " + offset
          + " lies outside the " + b.limit() + " bytes read");
    }
    ByteBuffer d = b.duplicate();
    d.position((int) offset);
    d.limit((int) offset + len);
    return d.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  public static ByteBuffer fetch(ObjectStore store, String path, String file, long offset, int len) {
    try {
      return checked(store.read(path, offset, len), file, offset, len);
    } catch (java.io.EOFException e) {
      throw new CorruptFileException(FileErrors.name(file) + " is truncated: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new LanceIOException("cannot read Lance file " + file + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #fetch(ObjectStore, String, String, long, int)} through an open handle. */
  public static ByteBuffer fetch(ObjectStore.RangeReader in, String file, long offset, int len) {
    try {
      return checked(in.read(offset, len), file, offset, len);
    } catch (java.io.EOFException e) {
      throw new CorruptFileException(FileErrors.name(file) + " is truncated: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new LanceIOException("cannot read Lance file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Several ranges through an open handle in one call ({@link ObjectStore.RangeReader#readRanges}:
   * merged and parallel on object stores), each checked as {@link #fetch} does.
   */
  public static ByteBuffer[] fetchAll(ObjectStore.RangeReader in, String file, long[] offsets,
      int[] lens) {
    java.util.List<ObjectStore.Range> ranges = new java.util.ArrayList<>(offsets.length);
    for (int i = 0; i < offsets.length; i++) {
      ranges.add(new ObjectStore.Range(offsets[i], lens[i]));
    }
    try {
      java.util.List<ByteBuffer> got = in.readRanges(ranges);
      ByteBuffer[] out = new ByteBuffer[offsets.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = checked(got.get(i), file, offsets[i], lens[i]);
      }
      return out;
    } catch (java.io.EOFException e) {
      throw new CorruptFileException(FileErrors.name(file) + " is truncated: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new LanceIOException("cannot read Lance file " + file + ": " + e.getMessage(), e);
    }
  }

  private static ByteBuffer checked(ByteBuffer b, String file, long offset, int len) {
    {
      if (b.remaining() != len) {
        throw new CorruptFileException(FileErrors.name(file) + ": short read of " + len
            + " bytes at " + offset);
      }
      return b.slice().order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  static String describe(ObjectStore store, String path) {
    String root = store.root();
    return root.endsWith("/") ? root + path : root + "/" + path;
  }
}
