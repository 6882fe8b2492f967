package org.lance4j.internal.file.v21;

import com.google.protobuf.Any;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.SchemaProtos;
import org.lance4j.internal.file.DataFileWriter;
import org.lance4j.internal.file.EncodingAny;
import org.lance4j.internal.file.FileFormat;
import org.lance4j.internal.file.WriterSchemaCheck;
import org.lance4j.proto.File2Protos;
import org.lance4j.proto.FileProtos;

/**
 * Writes one Lance data file of format 2.1 or 2.2, streaming: one column per leaf field (depth
 * first; structs and lists live in their leaves' repetition and definition levels), each
 * buffering one page (about {@code pageSizeBytes}) that is encoded and written when full.
 * Written: fixed-width scalars, booleans, strings and binaries (MiniBlock, or FullZip for long
 * values), fixed-size lists of fixed-width items (FullZip), all-null pages (Constant), and
 * structs, lists, large lists and (2.2) maps of these, nested in any way.
 *
 * <p>Internal API: used by the table layer; not for applications.
 */
public final class V21FileWriter implements DataFileWriter {
  private final LanceSchema schema;
  private final String fileName;
  private final int minor;
  private final V21Output out;
  private final List<LeafColumn> leaves = new ArrayList<>();
  /** Per leaf: the top-level field index, then child ordinals down to the leaf. */
  private final List<int[]> paths = new ArrayList<>();
  /** Per leaf: which layers of its path (top first) are lists (or maps). */
  private final List<boolean[]> listPaths = new ArrayList<>();
  private final List<List<File2Protos.ColumnMetadata.Page>> pages = new ArrayList<>();
  private final long[] columnRows;
  private final LeafColumn.Sink sink = this::writePage;
  private Schema lastCheckedSchema;
  private long rows;
  private boolean finished;
  private boolean closed;
  private long fileSize = -1;

  /**
   * @param minor 1 (file format 2.1) or 2 (2.2)
   * @throws UnsupportedFormatException naming the first field this writer cannot write
   */
  public V21FileWriter(OutputStream out, LanceSchema schema, long pageSizeBytes, String fileName,
      int minor) {
    if (minor != 1 && minor != 2) {
      throw new IllegalArgumentException("file format 2." + minor);
    }
    if (pageSizeBytes <= 0) {
      throw new InvalidInputException("page size must be positive, got " + pageSizeBytes);
    }
    this.schema = schema;
    this.fileName = fileName;
    this.minor = minor;
    List<LanceField> top = schema.fields();
    for (int i = 0; i < top.size(); i++) {
      collect(top.get(i), new int[] {i}, new boolean[1], top.get(i).name(), pageSizeBytes);
    }
    this.columnRows = new long[leaves.size()];
    this.out = new V21Output(out, fileName);
  }

  private void collect(LanceField f, int[] path, boolean[] lists, String name,
      long pageSizeBytes) {
    boolean map = f.logicalType().equals("map");
    if (map && minor < 2) {
      throw new UnsupportedFormatException("field '" + name + "' is a map, which Lance stores"
          + " from file format 2.2 on; it cannot be written as file format 2." + minor);
    }
    boolean list = f.isList() || map;
    if (f.isStruct() && !V21FileReader.isPacked(f) || list) {
      lists[lists.length - 1] = list;
      List<LanceField> kids = f.children();
      if (list && kids.size() != 1) {
        throw new UnsupportedFormatException("field '" + name + "' (" + f.logicalType()
            + ") has " + kids.size() + " children, a list has one");
      }
      for (int k = 0; k < kids.size(); k++) {
        int[] p = java.util.Arrays.copyOf(path, path.length + 1);
        p[path.length] = k;
        collect(kids.get(k), p, java.util.Arrays.copyOf(lists, lists.length + 1),
            name + "." + kids.get(k).name(), pageSizeBytes);
      }
      return;
    }
    Field arrow = f.toArrow();
    if (f.isDictionary() || !f.children().isEmpty() && !f.isFixedSizeList()
        || !LeafColumn.supported(arrow)) {
      throw new UnsupportedFormatException("field '" + name + "' (" + f.logicalType()
          + ") cannot be written as Lance file format 2." + minor + " by lance4j yet (it writes"
          + " scalars, strings, binaries, fixed-size lists of fixed-width items and structs,"
          + " lists and maps of these); write it as file format 2.0");
    }
    int column = leaves.size();
    leaves.add(new LeafColumn(column, arrow, path.length, pageSizeBytes, minor >= 2, lists));
    paths.add(path);
    listPaths.add(lists);
    pages.add(new ArrayList<>());
  }

  /** Adds the ids of the leaf fields (the columns) under {@code f}, depth first. */
  public static void leafIds(LanceField f, List<Integer> out) {
    if (f.isStruct() && !V21FileReader.isPacked(f) || V21FileReader.isListLike(f)) {
      for (LanceField c : f.children()) {
        leafIds(c, out);
      }
    } else {
      out.add(f.id());
    }
  }

  /** Number of columns (leaf fields) of the file. */
  public int columnCount() {
    return leaves.size();
  }

  @Override
  public void write(VectorSchemaRoot batch) {
    if (finished || closed) {
      throw new IllegalStateException("writer for " + fileName + " is already finished");
    }
    if (batch.getSchema() != lastCheckedSchema) {
      WriterSchemaCheck.check(schema, batch.getSchema().getFields(), fileName);
      lastCheckedSchema = batch.getSchema();
    }
    int n = batch.getRowCount();
    if (n == 0) {
      return;
    }
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int i = 0; i < vectors.size() && i < schema.fields().size(); i++) {
      if (vectors.get(i).getValueCount() < n) {
        throw new InvalidInputException("batch for " + fileName + ": field '"
            + schema.fields().get(i).name() + "' has " + vectors.get(i).getValueCount()
            + " values but the batch has " + n + " rows");
      }
    }
    for (int c = 0; c < leaves.size(); c++) {
      int[] p = paths.get(c);
      boolean[] l = listPaths.get(c);
      FieldVector[] vs = new FieldVector[p.length];
      vs[0] = vectors.get(p[0]);
      for (int k = 1; k < p.length; k++) {
        vs[k] = l[k - 1] ? vs[k - 1].getChildrenFromFields().get(0)
            : (FieldVector) ((StructVector) vs[k - 1]).getChildByOrdinal(p[k]);
      }
      leaves.get(c).append(vs, 0, n, sink);
    }
    rows += n;
  }

  private void writePage(int column, long pageRows, EncodedPage page) {
    File2Protos.ColumnMetadata.Page.Builder b = File2Protos.ColumnMetadata.Page.newBuilder()
        .setLength(pageRows)
        .setPriority(columnRows[column])
        .setEncoding(pageLayout(page));
    byte[][] bufs = page.buffers();
    int[] sizes = page.sizes();
    for (int i = 0; i < bufs.length; i++) {
      long at = out.writePageBuffer(bufs[i], sizes[i]);
      b.addBufferOffsets(at).addBufferSizes(sizes[i]);
    }
    columnRows[column] += pageRows;
    pages.get(column).add(b.build());
  }

  private static File2Protos.EncodingLocation pageLayout(EncodedPage page) {
    Any any = Any.newBuilder().setTypeUrl(ColumnReader.PAGE_LAYOUT_URL)
        .setValue(page.layout().toByteString()).build();
    return File2Protos.EncodingLocation.newBuilder()
        .setDirect(File2Protos.DirectEncoding.newBuilder().setEncoding(any.toByteString()))
        .build();
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  @Override
  public long estimatedBytes() {
    long sum = out.position();
    for (LeafColumn l : leaves) {
      sum += l.bufferedBytes();
    }
    return sum;
  }

  @Override
  public long finish() {
    if (finished) {
      return fileSize;
    }
    if (closed) {
      throw new IllegalStateException("writer for " + fileName + " is closed");
    }
    for (LeafColumn l : leaves) {
      l.flush(sink);
    }
    List<FileProtos.Field> fields = new ArrayList<>();
    for (FileProtos.Field f : SchemaProtos.toProtos(schema)) {
      fields.add(f.getStorageClass().isEmpty() ? f.toBuilder().setStorageClass("default").build()
          : f);
    }
    byte[] fd = FileProtos.FileDescriptor.newBuilder()
        .setSchema(FileProtos.Schema.newBuilder()
            .addAllFields(fields)
            .putAllMetadata(SchemaProtos.metadataProtos(schema)))
        .setLength(rows)
        .build().toByteArray();
    long gb0 = out.writeRaw(fd);
    int columns = leaves.size();
    ByteBuffer cmo = ByteBuffer.allocate(columns * 16).order(ByteOrder.LITTLE_ENDIAN);
    long metadataStart = out.position();
    for (int c = 0; c < columns; c++) {
      byte[] cm = File2Protos.ColumnMetadata.newBuilder()
          .setEncoding(EncodingAny.columnValues())
          .addAllPages(pages.get(c))
          .build().toByteArray();
      cmo.putLong(out.writeRaw(cm)).putLong(cm.length);
    }
    long cmoStart = out.writeRaw(cmo.array());
    long gboStart = out.writeRaw(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(gb0).putLong(fd.length).array());
    ByteBuffer footer = ByteBuffer.allocate(FileFormat.FOOTER_SIZE)
        .order(ByteOrder.LITTLE_ENDIAN);
    footer.putLong(metadataStart).putLong(cmoStart).putLong(gboStart)
        .putInt(1).putInt(columns)
        .putShort((short) 2).putShort((short) minor)
        .put(FileFormat.MAGIC);
    out.writeRaw(footer.array());
    fileSize = out.position();
    closed = true;
    out.close();
    finished = true;
    releaseBuffers();
    return fileSize;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        out.close();
      } finally {
        releaseBuffers();
      }
    }
  }

  /** The columns' page buffers go to the next file written on this thread. */
  private void releaseBuffers() {
    for (LeafColumn l : leaves) {
      l.release();
    }
  }
}
