package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.lance4j.internal.expr.Expression;

/** Reads the rows of a snapshot (or some of its fragments) as Arrow batches. */
public final class FragmentScanner {
  private FragmentScanner() {}

  /** Name of the row id column added by {@link ScanOptions#withRowId()}. */
  public static final String ROW_ID = "_rowid";
  /** Name of the row address column added by {@link ScanOptions#withRowAddress()}. */
  public static final String ROW_ADDRESS = "_rowaddr";

  /** Manifest reader feature flag: the dataset has stable row ids. */

  /**
   * A streaming reader over {@code fragments} (in the given order) of {@code snapshot}, honouring
   * projection, deletions, the filter, limit/offset (after filtering) and the row id / address
   * columns. The caller closes it.
   *
   * @throws org.lance4j.InvalidInputException when the filter does not parse or type-check
   */
  public static ArrowReader scan(Snapshot snapshot, List<FragmentMetadata> fragments,
      ScanOptions options, BufferAllocator allocator) {
    return scan(snapshot, fragments, options, allocator, ColumnSource.LANCE_FILES);
  }

  static ArrowReader scan(Snapshot snapshot, List<FragmentMetadata> fragments,
      ScanOptions options, BufferAllocator allocator, ColumnSource.Opener opener) {
    Expression filter = null;
    List<String> requested = options.columns();
    int outputCount = -1;
    if (options.filter() != null) {
      // parse and type-check now: a bad predicate fails before any data is read
      filter = Expression.parse(options.filter());
      Schema full = snapshot.schema().toArrow();
      filter.checkPredicate(full);
      if (requested != null) {
        List<String> wide = new ArrayList<>(requested);
        for (String path : filter.columns(full)) {
          if (!covered(path, requested)) {
            wide.add(path);
          }
        }
        outputCount = requested.size();
        requested = wide;
      }
    }
    LanceSchema projection = BlobColumns.descriptors(requested == null ? snapshot.schema()
        : snapshot.schema().project(requested));
    List<OutputColumn> columns = outputColumns(snapshot.schema(), projection, requested);
    if (outputCount < 0) {
      outputCount = columns.size();
    }
    Schema schema = schemaOf(columns.subList(0, outputCount), options,
        projection.toArrow().getCustomMetadata());
    DatasetArrowReader.Filter scanFilter = filter == null ? null
        : new DatasetArrowReader.Filter(filter, outputCount, schemaOf(columns, options, null));
    return new DatasetArrowReader(snapshot, fragments, projection, columns, schema, opener,
        options.batchSize(), options.offset(), options.limit(), options.withRowId(),
        options.withRowAddress(), scanFilter, allocator);
  }

  private static Schema schemaOf(List<OutputColumn> columns, ScanOptions options,
      Map<String, String> metadata) {
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
    return new Schema(out, metadata);
  }

  /** Whether a requested column already provides the filter column {@code path}. */
  private static boolean covered(String path, List<String> requested) {
    for (String r : requested) {
      if (path.equals(r) || path.startsWith(r + ".")) {
        return true;
      }
    }
    return false;
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
