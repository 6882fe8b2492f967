package org.lance4j.spark;

import java.io.IOException;
import java.util.Iterator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.lance4j.Dataset;
import org.lance4j.ScanOptions;
import org.lance4j.StorageStats;

/**
 * Reads the ranges of one split and hands each Arrow batch to Spark as a {@link ColumnarBatch}
 * whose columns view the Arrow buffers (no per-row copy). {@code _fragid} is a constant column per
 * range; pruned structs are rebuilt from their fields' columns ({@link NestedColumns}).
 */
final class LancePartitionReader implements PartitionReader<ColumnarBatch> {
  private final ReadSpec spec;
  private final Iterator<LanceSplit.Range> ranges;
  private final BufferAllocator allocator = new RootAllocator();
  private final Dataset dataset;
  private final StorageStats startStats;
  private final boolean rowId;
  private final boolean rowAddr;
  private final boolean fragId;
  private final boolean countOnlyRows;
  private ArrowReader current;
  private long currentFragment;
  private long remaining;
  private ColumnarBatch batch;

  LancePartitionReader(ReadSpec spec, LanceSplit split) {
    this.spec = spec;
    this.ranges = split.ranges().iterator();
    this.dataset = Dataset.open(spec.uri(), org.lance4j.OpenOptions.builder()
        .version(spec.version()).storageOptions(spec.storage()).build());
    this.startStats = dataset.storageStats();
    this.rowId = spec.wants(LanceTable.ROW_ID);
    this.fragId = spec.wants(LanceTable.FRAG_ID);
    // a scan without any column still needs row counts: read the (computed) row address
    this.countOnlyRows = spec.dataColumns().isEmpty() && !rowId
        && !spec.wants(LanceTable.ROW_ADDR);
    this.rowAddr = spec.wants(LanceTable.ROW_ADDR) || countOnlyRows;
    this.remaining = spec.limit() < 0 ? Long.MAX_VALUE : spec.limit();
  }

  @Override
  public boolean next() throws IOException {
    while (remaining > 0) {
      if (current == null) {
        if (!ranges.hasNext()) {
          return false;
        }
        open(ranges.next());
      }
      if (current.loadNextBatch()) {
        VectorSchemaRoot root = current.getVectorSchemaRoot();
        int n = (int) Math.min(root.getRowCount(), remaining);
        if (n == 0) {
          continue;
        }
        remaining -= n;
        batch = toBatch(root, n);
        return true;
      }
      current.close();
      current = null;
    }
    return false;
  }

  private void open(LanceSplit.Range r) {
    long limit = r.count();
    if (spec.limit() >= 0) {
      limit = limit < 0 ? remaining : Math.min(limit, remaining);
    }
    ScanOptions.Builder b = ScanOptions.builder()
        .columns(spec.dataColumns())
        .batchSize(spec.batchSize())
        .offset(r.offset())
        .limit(limit)
        .withRowId(rowId)
        .withRowAddress(rowAddr)
        .filter(spec.filter());
    current = dataset.fragment(r.fragmentId()).scan(allocator, b.build());
    currentFragment = r.fragmentId();
  }

  private ColumnarBatch toBatch(VectorSchemaRoot root, int rows) {
    // without data columns the read schema holds at most _fragid (a row-level statement's group
    // filter: SELECT _fragid ... WHERE <pushed filter>); the row addresses read for the row
    // counts are not part of it
    StructField[] fields = spec.readSchema().fields();
    ColumnVector[] cols = new ColumnVector[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      if (name.equals(LanceTable.FRAG_ID)) {
        ConstantColumnVector c = new ConstantColumnVector(rows, DataTypes.IntegerType);
        c.setInt((int) currentFragment);
        cols[i] = c;
      } else {
        cols[i] = NestedColumns.column(root, name, fields[i].dataType());
      }
    }
    ColumnarBatch out = new ColumnarBatch(cols, rows);
    return out;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return new CustomTaskMetric[] {
        BytesReadMetric.of(dataset.storageStats().minus(startStats).bytesRead())};
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
    allocator.close();
  }
}
