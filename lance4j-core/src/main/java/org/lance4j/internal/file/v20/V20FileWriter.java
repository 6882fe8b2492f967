package org.lance4j.internal.file.v20;

import org.lance4j.internal.file.WriterSchemaCheck;
import org.lance4j.internal.file.DataFileWriter;
import org.lance4j.internal.file.EncodingAny;
import org.lance4j.internal.file.FileFormat;
import org.lance4j.internal.SchemaProtos;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.proto.File2Protos;
import org.lance4j.proto.FileProtos;

/**
 * Writes one Lance data file, format 2.0, streaming: batches are encoded into per-column page
 * buffers (about {@code pageSizeBytes} each) that are flushed to the stream as they fill, so memory
 * stays bounded whatever the file size. Columns are the schema's fields depth-first, one per field
 * (see the format reference), so column index i holds {@code schema.allFields().get(i)}.
 *
 * <p>Internal API: used by the table layer; not for applications.
 */
public final class V20FileWriter implements DataFileWriter {
  private final LanceSchema schema;
  private final PaddedBufferWriter out;
  private final EncoderContext ctx;
  private Schema lastCheckedSchema;
  private final List<ColumnEncoder> encoders = new ArrayList<>();
  private long rows;
  private boolean finished;
  private boolean closed;
  private long fileSize = -1;

  /**
   * @param out where the file goes; the writer closes it in {@link #finish()} / {@link #close()}
   * @param schema the fields to write, with their Lance field ids
   * @param pageSizeBytes target page size per column ({@link FileFormat#DEFAULT_PAGE_SIZE_BYTES})
   */
  public V20FileWriter(OutputStream out, LanceSchema schema, long pageSizeBytes) {
    this(out, schema, pageSizeBytes, "<stream>");
  }

  /** As {@link #V20FileWriter(OutputStream, LanceSchema, long)}, naming the file in messages. */
  public V20FileWriter(OutputStream out, LanceSchema schema, long pageSizeBytes,
      String fileName) {
    if (pageSizeBytes <= 0) {
      throw new InvalidInputException("page size must be positive, got " + pageSizeBytes);
    }
    this.schema = schema;
    this.out = new PaddedBufferWriter(out, fileName);
    this.ctx = new EncoderContext(this.out, pageSizeBytes, fileName);
    for (LanceField f : schema.fields()) {
      encoders.add(ColumnEncoder.create(ctx, f, false));
    }
    if (ctx.columnCount() != schema.allFields().size()) {
      throw new IllegalStateException("column count " + ctx.columnCount()
          + " differs from field count " + schema.allFields().size());
    }
  }

  /**
   * Appends a batch. Its vectors must match the schema's top-level fields by position and type.
   *
   * @throws org.lance4j.InvalidInputException naming the field that does not match
   */
  public void write(VectorSchemaRoot batch) {
    if (finished || closed) {
      throw new IllegalStateException("writer for " + ctx.fileName + " is already finished");
    }
    if (batch.getSchema() != lastCheckedSchema) { // a reader reuses one schema for every batch
      WriterSchemaCheck.check(schema, batch.getSchema().getFields(), ctx.fileName);
      lastCheckedSchema = batch.getSchema();
    }
    int n = batch.getRowCount();
    if (n == 0) {
      return;
    }
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int i = 0; i < encoders.size(); i++) {
      FieldVector v = vectors.get(i);
      if (v.getValueCount() < n) {
        throw new InvalidInputException("batch for " + ctx.fileName + ": field '"
            + schema.fields().get(i).name() + "' has " + v.getValueCount()
            + " values but the batch has " + n + " rows");
      }
      encoders.get(i).append(v, 0, n);
    }
    rows += n;
  }

  /** Rows written so far. */
  public long rowsWritten() {
    return rows;
  }

  /** Bytes written to the stream so far plus bytes buffered in pages not yet flushed. */
  public long estimatedBytes() {
    long sum = out.position();
    for (ColumnEncoder e : encoders) {
      sum += e.bufferedBytes();
    }
    return sum;
  }

  /** Flushes all pages, writes metadata and footer, closes the stream. Returns the file size. */
  public long finish() {
    if (finished) {
      return fileSize;
    }
    if (closed) {
      throw new IllegalStateException("writer for " + ctx.fileName + " is closed");
    }
    for (ColumnEncoder e : encoders) {
      e.finish();
    }
    List<FileProtos.Field> fields = new ArrayList<>();
    for (FileProtos.Field f : SchemaProtos.toProtos(schema)) {
      // lance 0.39 records storage_class "default" on every field of a file's schema
      fields.add(f.getStorageClass().isEmpty() ? f.toBuilder().setStorageClass("default").build()
          : f);
    }
    FileProtos.FileDescriptor fd = FileProtos.FileDescriptor.newBuilder()
        .setSchema(FileProtos.Schema.newBuilder()
            .addAllFields(fields)
            .putAllMetadata(SchemaProtos.metadataProtos(schema)))
        .setLength(rows)
        .build();
    byte[] fdBytes = fd.toByteArray();
    long gb0 = out.writeRaw(fdBytes);
    int columns = ctx.columnCount();
    long[] cmo = new long[columns * 2];
    long metadataStart = out.position();
    for (int c = 0; c < columns; c++) {
      byte[] cm = File2Protos.ColumnMetadata.newBuilder()
          .setEncoding(EncodingAny.columnValues())
          .addAllPages(ctx.pagesOf(c))
          .build().toByteArray();
      cmo[2 * c] = out.writeRaw(cm);
      cmo[2 * c + 1] = cm.length;
    }
    long cmoStart = out.position();
    out.writeLongsLE(cmo);
    long gboStart = out.position();
    out.writeLongsLE(gb0, fdBytes.length);
    ByteBuffer footer = ByteBuffer.allocate(FileFormat.FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    footer.putLong(metadataStart).putLong(cmoStart).putLong(gboStart)
        .putInt(1).putInt(columns)
        .putShort((short) FileFormat.V2_0_MAJOR).putShort((short) FileFormat.V2_0_MINOR)
        .put(FileFormat.MAGIC);
    out.writeRaw(footer.array());
    fileSize = out.position();
    closed = true; // close() must not run again, whatever happens below
    out.close();
    finished = true;
    return fileSize;
  }

  /** Releases buffers and closes the stream; an unfinished file is left incomplete. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
