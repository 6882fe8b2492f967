package org.lance4j.internal.table;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.ColumnTransform;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import org.lance4j.internal.file.FileFormat;
import org.lance4j.internal.file.DataFileWriter;

/**
 * One fragment's share of an add-columns: scan every physical row, transform batch by batch,
 * stream the results into one new data file. The file is deleted again if anything fails.
 */
final class MergeRun {
  private final Snapshot snapshot;
  private final FragmentMetadata fragment;
  private final ColumnTransform transform;
  private final BufferAllocator allocator;
  private LanceSchema newFields;
  private Schema firstSchema;
  private DataFileWriter writer;
  private String fileName;
  private long rowsWritten;

  MergeRun(Snapshot snapshot, FragmentMetadata fragment, ColumnTransform transform,
      BufferAllocator allocator) {
    this.snapshot = snapshot;
    this.fragment = fragment;
    this.transform = transform;
    this.allocator = allocator;
  }

  MergeResult run(List<String> readColumns) {
    try (ArrowReader reader = ColumnMerger.scanPhysical(snapshot, fragment, readColumns,
        allocator)) {
      boolean any = false;
      while (reader.loadNextBatch()) {
        any = true;
        apply(reader.getVectorSchemaRoot());
      }
      if (!any) {
        apply(reader.getVectorSchemaRoot()); // empty fragment: still learn the new schema
      }
      long size = writer.finish();
      writer = null;
      if (rowsWritten != fragment.physicalRows()) {
        throw new InvalidInputException("fragment " + fragment.id() + " has "
            + fragment.physicalRows() + " physical rows but the transform produced "
            + rowsWritten);
      }
      String version = FragmentWriter.formatOf(snapshot);
      List<Integer> ids = DataFileWriter.fieldIds(newFields, DataFileWriter.minorOf(version));
      List<Integer> cols = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        cols.add(i);
      }
      List<DataFile> files = new ArrayList<>(fragment.files());
      files.add(new DataFile(fileName, ids, cols, FileFormat.DATAFILE_MAJOR,
          DataFileWriter.minorOf(version), size, null));
      FragmentMetadata merged = new FragmentMetadata(fragment.id(), files,
          fragment.physicalRows(), fragment.deletionFile());
      List<LanceField> schemaFields = new ArrayList<>(snapshot.schema().fields());
      schemaFields.addAll(newFields.fields());
      return new MergeResult(merged, new LanceSchema(schemaFields,
          snapshot.schema().metadata()));
    } catch (IOException e) {
      abort(e);
      throw ColumnMerger.readFailure(snapshot, fragment, e);
    } catch (RuntimeException | Error e) {
      abort(e);
      throw e;
    }
  }

  private void apply(VectorSchemaRoot batch) throws IOException {
    VectorSchemaRoot out = ColumnMerger.checkedOutput(batch, transform.apply(batch, allocator),
        fragment);
    try {
      if (out.getRowCount() != batch.getRowCount()) {
        throw new InvalidInputException("the column transform returned " + out.getRowCount()
            + " rows for a batch of " + batch.getRowCount() + " rows of fragment "
            + fragment.id() + " of " + snapshot.uri() + "; it must return one row per input row");
      }
      if (writer == null) {
        open(out.getSchema());
      } else if (!out.getSchema().equals(firstSchema)) {
        throw new InvalidInputException("the column transform returned schema "
            + out.getSchema() + " for a later batch of fragment " + fragment.id()
            + " but " + firstSchema + " for the first one");
      }
      writer.write(out);
      rowsWritten += out.getRowCount();
    } finally {
      out.close();
    }
  }

  private void open(Schema produced) throws IOException {
    newFields = newFieldsFor(snapshot, produced);
    firstSchema = produced;
    fileName = DataFileNames.newName();
    OutputStream stream = snapshot.store().create(DataFileNames.path(fileName));
    try {
      writer = DataFileWriter.open(stream, newFields,
          FileFormat.DEFAULT_PAGE_SIZE_BYTES, DataFileNames.path(fileName),
          FragmentWriter.formatOf(snapshot));
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  /** Lance fields for the transform's output, ids continuing after the version's maximum. */
  static LanceSchema newFieldsFor(Snapshot snapshot, Schema produced) {
    if (produced.getFields().isEmpty()) {
      throw new InvalidInputException("the column transform returned no columns");
    }
    for (Field f : produced.getFields()) {
      if (snapshot.schema().field(f.getName()) != null) {
        throw new InvalidInputException("new column '" + f.getName() + "' already exists in"
            + " dataset " + snapshot.uri() + " (fields " + snapshot.schema().fieldNames() + ")");
      }
    }
    return LanceSchema.fromArrow(new Schema(produced.getFields()),
        ColumnMerger.maxFieldId(snapshot) + 1);
  }

  /** The new schema a transform gives, learned from an empty batch (dataset without fragments). */
  static LanceSchema schemaFromEmptyBatch(Snapshot snapshot, ColumnTransform transform,
      List<String> readColumns, BufferAllocator allocator) {
    LanceSchema read = readColumns == null ? snapshot.schema()
        : snapshot.schema().project(readColumns);
    try (VectorSchemaRoot empty = VectorSchemaRoot.create(read.toArrow(), allocator)) {
      empty.setRowCount(0);
      VectorSchemaRoot out = transform.apply(empty, allocator);
      if (out == null || out == empty) {
        throw new InvalidInputException("the column transform must return a new root");
      }
      try {
        LanceSchema added = newFieldsFor(snapshot, out.getSchema());
        List<LanceField> fields = new ArrayList<>(snapshot.schema().fields());
        fields.addAll(added.fields());
        return new LanceSchema(fields, snapshot.schema().metadata());
      } finally {
        out.close();
      }
    }
  }

  private void abort(Throwable cause) {
    FragmentWriter.abandon(writer, snapshot.store(),
        fileName == null ? List.of() : List.of(DataFileNames.path(fileName)), cause);
    writer = null;
  }
}
