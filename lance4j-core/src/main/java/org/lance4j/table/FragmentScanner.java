package org.lance4j.table;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.ScanOptions;
import org.lance4j.UnsupportedFormatException;

/** Reads the rows of a snapshot (or some of its fragments) as Arrow batches. */
public final class FragmentScanner {
  private FragmentScanner() {}

  /** Name of the row id column added by {@link ScanOptions#withRowId()}. */
  public static final String ROW_ID = "_rowid";
  /** Name of the row address column added by {@link ScanOptions#withRowAddress()}. */
  public static final String ROW_ADDRESS = "_rowaddr";

  /** Manifest reader feature flag: the dataset has stable row ids. */
  private static final long FLAG_STABLE_ROW_IDS = 2;

  /**
   * A streaming reader over {@code fragments} (in the given order) of {@code snapshot}, honouring
   * projection, deletions, limit/offset and the row id / address columns. The caller closes it.
   */
  public static ArrowReader scan(Snapshot snapshot, List<FragmentMetadata> fragments,
      ScanOptions options, BufferAllocator allocator) {
    return scan(snapshot, fragments, options, allocator, ColumnSource.LANCE_FILES);
  }

  static ArrowReader scan(Snapshot snapshot, List<FragmentMetadata> fragments,
      ScanOptions options, BufferAllocator allocator, ColumnSource.Opener opener) {
    LanceSchema projection = options.columns() == null ? snapshot.schema()
        : snapshot.schema().project(options.columns());
    if (options.withRowId() && snapshot.manifest() != null
        && (snapshot.manifest().getReaderFeatureFlags() & FLAG_STABLE_ROW_IDS) != 0) {
      throw new UnsupportedFormatException("dataset " + snapshot.uri()
          + " uses stable row ids; reading _rowid from it is not supported by lance4j yet"
          + " (use withRowAddress)");
    }
    List<OutputColumn> columns = outputColumns(snapshot.schema(), projection, options.columns());
    List<Field> out = new ArrayList<>();
    for (OutputColumn c : columns) {
      out.add(c.field());
    }
    if (options.withRowId()) {
      out.add(rowIdField(ROW_ID));
    }
    if (options.withRowAddress()) {
      out.add(rowIdField(ROW_ADDRESS));
    }
    Schema schema = new Schema(out, projection.toArrow().getCustomMetadata());
    return new DatasetArrowReader(snapshot, fragments, projection, columns, schema, opener,
        options.batchSize(), options.offset(), options.limit(), options.withRowId(),
        options.withRowAddress(), allocator);
  }

  /**
   * One output column: the projected top-level field it comes from and, for a dotted struct path
   * such as {@code "point.x"}, the child names leading to it. Like Lance, a nested path is
   * returned as a top-level column named by the whole path.
   */
  record OutputColumn(String name, int source, List<String> path, Field field) {}

  static List<OutputColumn> outputColumns(LanceSchema full, LanceSchema projection,
      List<String> requested) {
    List<OutputColumn> out = new ArrayList<>();
    if (requested == null) {
      for (int i = 0; i < projection.fields().size(); i++) {
        LanceField f = projection.fields().get(i);
        out.add(new OutputColumn(f.name(), i, List.of(), f.toArrow()));
      }
      return out;
    }
    for (String col : requested) {
      List<String> path;
      String top;
      if (full.field(col) != null) {
        top = col;
        path = List.of();
      } else {
        String[] parts = col.split("\\.");
        top = parts[0];
        path = List.of(parts).subList(1, parts.length);
      }
      int source = projection.fieldNames().indexOf(top);
      LanceField leaf = projection.fields().get(source);
      for (String name : path) {
        LanceField next = null;
        for (LanceField c : leaf.children()) {
          if (c.name().equals(name)) {
            next = c;
          }
        }
        leaf = next;
      }
      Field f = leaf.toArrow();
      out.add(new OutputColumn(col, source, path,
          new Field(col, f.getFieldType(), f.getChildren())));
    }
    return out;
  }

  private static Field rowIdField(String name) {
    return new Field(name, FieldType.nullable(new ArrowType.Int(64, false)), null);
  }
}
