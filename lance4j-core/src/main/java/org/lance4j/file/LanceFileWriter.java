package org.lance4j.file;

import java.io.OutputStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance4j.LanceSchema;

/**
 * Writes one Lance data file, format 2.0, streaming: batches are encoded into per-column page
 * buffers (about {@code pageSizeBytes} each) that are flushed to the stream as they fill, so memory
 * stays bounded whatever the file size. Columns are the schema's fields depth-first, one per field
 * (see the format reference), so column index i holds {@code schema.allFields().get(i)}.
 *
 * <p>Internal API: used by the table layer; not for applications.
 */
public final class LanceFileWriter implements AutoCloseable {

  /**
   * @param out where the file goes; the writer closes it in {@link #finish()} / {@link #close()}
   * @param schema the fields to write, with their Lance field ids
   * @param pageSizeBytes target page size per column ({@link FileFormat#DEFAULT_PAGE_SIZE_BYTES})
   */
  public LanceFileWriter(OutputStream out, LanceSchema schema, long pageSizeBytes) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Appends a batch. Its vectors must match the schema's top-level fields by position and type.
   *
   * @throws org.lance4j.InvalidInputException naming the field that does not match
   */
  public void write(VectorSchemaRoot batch) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Rows written so far. */
  public long rowsWritten() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Bytes written to the stream so far plus bytes buffered in pages not yet flushed. */
  public long estimatedBytes() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Flushes all pages, writes metadata and footer, closes the stream. Returns the file size. */
  public long finish() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Releases buffers and closes the stream; an unfinished file is left incomplete. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }
}
