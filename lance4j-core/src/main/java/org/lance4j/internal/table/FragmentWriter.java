package org.lance4j.internal.table;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.SchemaChecks;
import org.lance4j.WriteOptions;
import org.lance4j.internal.file.FileFormat;
import org.lance4j.internal.file.DataFileWriter;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/** Streams Arrow batches into new fragments (data files under {@code data/}); commits nothing. */
public final class FragmentWriter {
  private FragmentWriter() {}

  /**
   * Writes all batches of {@code data} as fragments with the given schema (field ids decided by
   * the caller), rolling to a new file at maxRowsPerFile / maxBytesPerFile. Returned fragments have
   * id 0. Memory stays bounded: batches are encoded as they arrive.
   */
  public static List<FragmentMetadata> write(ObjectStore store, LanceSchema schema,
      ArrowReader data, WriteOptions options) {
    return write(store, schema, data, options, options.dataStorageVersion());
  }

  /** As {@link #write(ObjectStore, LanceSchema, ArrowReader, WriteOptions)}, in file format
   * {@code fileVersion} ("2.0", "2.1" or "2.2"). */
  public static List<FragmentMetadata> write(ObjectStore store, LanceSchema schema,
      ArrowReader data, WriteOptions options, String fileVersion) {
    return new Run(store, schema, options, fileVersion).writeAll(data);
  }

  /** The data file format version a write into {@code snapshot} must use (the dataset's). */
  public static String formatOf(Snapshot snapshot) {
    TableProtos.Manifest m = snapshot.manifest();
    String v = m != null && m.hasDataFormat() ? m.getDataFormat().getVersion() : "";
    return v.isEmpty() ? "2.0" : v;
  }

  /** One call's state: the file being written and everything written so far. */
  private static final class Run {
    private final ObjectStore store;
    private final LanceSchema schema;
    private final WriteOptions options;
    private final List<Integer> fieldIds = new ArrayList<>();
    private final List<Integer> columns = new ArrayList<>();
    private final List<FragmentMetadata> done = new ArrayList<>();
    private final List<String> writtenPaths = new ArrayList<>();
    private final String fileVersion;
    private final int minor;
    private DataFileWriter writer;
    private String currentName;
    private long currentRows;
    private Schema lastChecked;

    Run(ObjectStore store, LanceSchema schema, WriteOptions options, String fileVersion) {
      this.fileVersion = fileVersion;
      this.minor = DataFileWriter.minorOf(fileVersion);
      this.store = store;
      this.schema = schema;
      this.options = options;
      fieldIds.addAll(DataFileWriter.fieldIds(schema, minor));
      for (int i = 0; i < fieldIds.size(); i++) {
        columns.add(i);
      }
    }

    List<FragmentMetadata> writeAll(ArrowReader data) {
      try {
        while (data.loadNextBatch()) {
          VectorSchemaRoot batch = data.getVectorSchemaRoot();
          check(batch);
          writeBatch(batch);
        }
        if (writer != null) {
          finishFile();
        }
        return List.copyOf(done);
      } catch (IOException e) {
        abort(e);
        throw new LanceIOException("writing fragments to " + store.root(), e);
      } catch (RuntimeException | Error e) {
        abort(e);
        throw e;
      }
    }

    private void check(VectorSchemaRoot batch) {
      if (batch.getSchema() != lastChecked) {
        SchemaChecks.requireSameSchema(schema, batch.getSchema(), store.root());
        lastChecked = batch.getSchema();
      }
      for (int i = 0; i < schema.fields().size(); i++) {
        LanceField f = schema.fields().get(i);
        FieldVector v = batch.getVector(i);
        if (!f.nullable() && v.getNullCount() > 0) {
          throw new InvalidInputException("field '" + f.name() + "' is not nullable but the data has "
              + v.getNullCount() + " null value(s)");
        }
      }
    }

    private void writeBatch(VectorSchemaRoot batch) throws IOException {
      int rows = batch.getRowCount();
      int pos = 0;
      while (pos < rows) {
        if (writer == null) {
          openFile();
        }
        int n = (int) Math.min(rows - pos, options.maxRowsPerFile() - currentRows);
        if (pos == 0 && n == rows) {
          writer.write(batch);
        } else {
          try (VectorSchemaRoot slice = batch.slice(pos, n)) {
            writer.write(slice);
          }
        }
        pos += n;
        currentRows += n;
        if (currentRows >= options.maxRowsPerFile()
            || writer.estimatedBytes() >= options.maxBytesPerFile()) {
          finishFile();
        }
      }
    }

    private void openFile() throws IOException {
      currentName = DataFileNames.newName();
      String path = DataFileNames.path(currentName);
      writtenPaths.add(path);
      OutputStream out = store.create(path);
      try {
        writer = DataFileWriter.open(out, schema, FileFormat.DEFAULT_PAGE_SIZE_BYTES,
            store.root() + "/" + path, fileVersion);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
      currentRows = 0;
    }

    private void finishFile() {
      DataFileWriter w = writer;
      writer = null;
      long size;
      try {
        size = w.finish();
      } finally {
        w.close();
      }
      DataFile file = new DataFile(currentName, fieldIds, columns, FileFormat.DATAFILE_MAJOR,
          minor, size, null);
      done.add(new FragmentMetadata(0, List.of(file), currentRows, null));
    }

    /** Releases the open file and deletes every file this call wrote. */
    private void abort(Throwable cause) {
      abandon(writer, store, writtenPaths, cause);
      writer = null;
    }
  }

  /**
   * After a failed write: closes the open file writer (may be null) and deletes the files at
   * {@code paths}, adding what fails on the way to {@code cause}.
   */
  static void abandon(DataFileWriter writer, ObjectStore store, List<String> paths,
      Throwable cause) {
    if (writer != null) {
      try {
        writer.close();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
    for (String p : paths) {
      try {
        store.delete(p);
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
