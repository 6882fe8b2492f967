package org.lance4j.internal.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceIOException;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;
import org.lance4j.internal.expr.Expression;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@code UPDATE ... SET col = expr WHERE predicate} as Lance does it: the matching rows are read,
 * their new values computed, written as new fragments, and their old copies deleted, in one
 * Update commit. Only the matching rows are rewritten (streamed: memory is bounded by a batch).
 */
public final class Updater {
  private Updater() {}

  /**
   * Updates the rows of {@code snapshot} matching {@code predicate} (null or empty: every row);
   * returns the new version, or {@code snapshot} itself when no row matches (nothing committed).
   */
  public static Snapshot update(Snapshot snapshot, Map<String, String> set, String predicate) {
    Map<String, Expression> exprs = compile(snapshot, set);
    String where = predicate == null || predicate.isBlank() ? null : predicate;
    ScanOptions options = ScanOptions.builder().filter(where).withRowAddress(true).build();
    Map<Long, RoaringBitmap> hits = new TreeMap<>();
    boolean stable = snapshot.manifest() != null && Versions.stableRowIds(snapshot.manifest());
    RowIds.LongList order = stable ? new RowIds.LongList() : null;
    List<FragmentMetadata> written;
    try (BufferAllocator a = OperationMemory.root("update of " + snapshot.uri());
        ArrowReader scan = FragmentScanner.scan(snapshot, snapshot.fragments(), options, a);
        Rewriter rows = new Rewriter(a, snapshot.schema().toArrow(), scan, exprs, hits,
            order)) {
      written = FragmentWriter.write(snapshot.store(), snapshot.schema(), rows,
          WriteOptions.defaults(), FragmentWriter.formatOf(snapshot));
    } catch (IOException e) {
      throw new LanceIOException("updating " + snapshot.uri(), e);
    }
    if (hits.isEmpty()) {
      return snapshot;
    }
    List<FragmentMetadata> updated = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    for (Map.Entry<Long, RoaringBitmap> e : hits.entrySet()) {
      FragmentMetadata f = snapshot.fragment(e.getKey());
      FragmentMetadata after = Deleter.deleteRows(snapshot, f, e.getValue());
      if (after == null) {
        removed.add(f.id());
      } else {
        updated.add(after);
      }
    }
    List<Integer> modified = new ArrayList<>();
    for (LanceField f : snapshot.schema().allFields()) {
      if (exprs.containsKey(f.name()) && f.parentId() < 0) {
        modified.add(f.id());
      }
    }
    Map<String, StableRowIds.Carried> carried = stable
        ? carried(snapshot, order.toArray(), written) : Map.of();
    return Committer.commit(snapshot.store(), snapshot.uri(),
        new Operation.Update(removed, updated, written, modified), snapshot.version(),
        org.lance4j.CommitOptions.defaults(), carried);
  }

  /**
   * With stable row ids the rewritten rows keep their ids and created-at versions (as in
   * 7.0.0): {@code addresses} are the rows in the order they were written.
   */
  private static Map<String, StableRowIds.Carried> carried(Snapshot snapshot, long[] addresses,
      List<FragmentMetadata> written) {
    Map<Long, long[]> ids = new java.util.HashMap<>();
    Map<Long, long[]> created = new java.util.HashMap<>();
    for (org.lance4j.proto.TableProtos.DataFragment p
        : snapshot.manifest().getFragmentsList()) {
      ids.put(p.getId(), RowIds.of(snapshot.store(), p, snapshot.uri()));
      created.put(p.getId(), RowIds.createdAt(p, snapshot.uri()));
    }
    Map<String, StableRowIds.Carried> out = new java.util.HashMap<>();
    int at = 0;
    for (FragmentMetadata f : written) {
      int n = Math.toIntExact(f.physicalRows());
      long[] rowIds = new long[n];
      long[] createdAt = new long[n];
      boolean known = true;
      for (int k = 0; k < n; k++) {
        long addr = addresses[at + k];
        long frag = addr >>> 32;
        int pos = (int) addr;
        rowIds[k] = ids.get(frag)[pos];
        long[] c = created.get(frag);
        known &= c != null;
        createdAt[k] = c == null ? 0 : c[pos];
      }
      at += n;
      out.put(f.files().get(0).path(), new StableRowIds.Carried(rowIds, known ? createdAt
          : null));
    }
    return out;
  }

  /** Parses and type-checks the SET expressions; each result must fit its column's type. */
  private static Map<String, Expression> compile(Snapshot snapshot, Map<String, String> set) {
    if (set == null || set.isEmpty()) {
      throw new InvalidInputException("update of " + snapshot.uri() + " sets no column");
    }
    Schema schema = snapshot.schema().toArrow();
    Map<String, Expression> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(set).entrySet()) {
      String column = e.getKey();
      LanceField field = snapshot.schema().fields().stream()
          .filter(f -> f.name().equals(column)).findFirst().orElse(null);
      if (field == null) {
        throw new InvalidInputException("update of " + snapshot.uri() + " sets column '" + column
            + "', which is not a top-level column (columns: " + snapshot.schema().fieldNames()
            + ")");
      }
      ArrowType target = field.arrowType();
      Expression expr = Expression.parse(e.getValue());
      ArrowType got = expr.resultField(schema, column).getType();
      if (!got.equals(target)) {
        boolean numeric = (got instanceof ArrowType.Int || got instanceof ArrowType.FloatingPoint
            || got instanceof ArrowType.Null) && (target instanceof ArrowType.Int
            || target instanceof ArrowType.FloatingPoint);
        String cast = numeric || got instanceof ArrowType.Null ? castName(target) : null;
        if (cast == null) {
          throw new InvalidInputException("update of column '" + column + "': expression '"
              + e.getValue() + "' gives " + got + " but the column is " + target);
        }
        expr = Expression.parse("CAST((" + e.getValue() + ") AS " + cast + ")");
        if (!expr.resultField(schema, column).getType().equals(target)) {
          throw new InvalidInputException("update of column '" + column + "': expression '"
              + e.getValue() + "' gives " + got + " but the column is " + target);
        }
      }
      out.put(column, expr);
    }
    return out;
  }

  /** The SQL CAST type that yields exactly {@code t}, or null. */
  private static String castName(ArrowType t) {
    if (t instanceof ArrowType.Int i && i.getIsSigned()) {
      return switch (i.getBitWidth()) {
        case 8 -> "TINYINT";
        case 16 -> "SMALLINT";
        case 32 -> "INT";
        default -> "BIGINT";
      };
    }
    if (t instanceof ArrowType.FloatingPoint f) {
      return f.getPrecision() == FloatingPointPrecision.SINGLE ? "FLOAT"
          : f.getPrecision() == FloatingPointPrecision.DOUBLE ? "DOUBLE" : null;
    }
    if (t instanceof ArrowType.Utf8) {
      return "STRING";
    }
    if (t instanceof ArrowType.Bool) {
      return "BOOLEAN";
    }
    if (t instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return "DATE";
    }
    return t instanceof ArrowType.Timestamp ? "TIMESTAMP" : null;
  }

  /**
   * The matching rows with their new values, in the dataset's schema; records each row's
   * fragment and physical offset (from {@code _rowaddr}) as it streams.
   */
  private static final class Rewriter extends ArrowReader {
    private final Schema schema;
    private final ArrowReader source;
    private final Map<String, Expression> exprs;
    private final Map<Long, RoaringBitmap> hits;
    private final BufferAllocator allocator;
    private final RowIds.LongList order;

    Rewriter(BufferAllocator allocator, Schema schema, ArrowReader source,
        Map<String, Expression> exprs, Map<Long, RoaringBitmap> hits, RowIds.LongList order) {
      super(allocator);
      this.order = order;
      this.allocator = allocator;
      this.schema = schema;
      this.source = source;
      this.exprs = exprs;
      this.hits = hits;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      while (source.loadNextBatch()) {
        VectorSchemaRoot in = source.getVectorSchemaRoot();
        int n = in.getRowCount();
        if (n == 0) {
          continue;
        }
        UInt8Vector addr = (UInt8Vector) in.getVector(FragmentScanner.ROW_ADDRESS);
        for (int i = 0; i < n; i++) {
          long a = addr.get(i);
          hits.computeIfAbsent(a >>> 32, k -> new RoaringBitmap()).add((int) a);
          if (order != null) {
            order.add(a);
          }
        }
        // every expression reads the old values: compute them all before moving any column
        Map<String, FieldVector> computed = new LinkedHashMap<>();
        try {
          for (Map.Entry<String, Expression> e : exprs.entrySet()) {
            computed.put(e.getKey(), e.getValue().evaluate(in, e.getKey(), allocator));
          }
          VectorSchemaRoot out = getVectorSchemaRoot();
          for (int c = 0; c < schema.getFields().size(); c++) {
            String name = schema.getFields().get(c).getName();
            FieldVector v = computed.get(name);
            (v != null ? v : in.getVector(name)).makeTransferPair(out.getVector(c)).transfer();
          }
          out.setRowCount(n);
        } finally {
          computed.values().forEach(FieldVector::close);
        }
        return true;
      }
      return false;
    }

    @Override
    public long bytesRead() {
      return source.bytesRead();
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return schema;
    }
  }
}
