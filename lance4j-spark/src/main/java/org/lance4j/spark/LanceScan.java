package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.lance4j.Dataset;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;

/**
 * A planned scan of one pinned version. Splits: one per fragment; fragments larger than
 * {@code maxRowsPerSplit} are cut into row ranges, smaller ones are packed together up to
 * {@code maxRowsPerSplit} rows. A row range is read as offset/limit of a fragment scan, and
 * lance4j applies offset/limit to the rows that match the scan's filter; the rows of a range of
 * the fragment cannot be expressed that way when a filter is pushed (how many rows of the range
 * match is unknown until read), so filtered scans keep one split per fragment (still packed).
 */
class LanceScan implements Scan, Batch {
  /** The pinned version's fragments, taken at planning (the scan holds no open Dataset). */
  private final List<FragmentMetadata> fragments;
  private final long countRows;
  private final ReadSpec spec;
  private final LanceOptions options;
  private final boolean count;

  LanceScan(Dataset dataset, ReadSpec spec, LanceOptions options) {
    this(dataset, spec, options, false);
  }

  private LanceScan(Dataset dataset, ReadSpec spec, LanceOptions options, boolean count) {
    this.fragments = dataset.fragments().stream().map(Fragment::metadata).toList();
    this.countRows = count ? dataset.countRows() : -1;
    this.spec = spec;
    this.options = options;
    this.count = count;
  }

  static LanceScan count(Dataset dataset, LanceOptions options) {
    ReadSpec spec = new ReadSpec(dataset.uri(), dataset.version(), LanceScanBuilder.countSchema(),
        List.of(), null, -1, options.batchSize(), options.storageOptions());
    return new LanceScan(dataset, spec, options, true);
  }

  @Override
  public StructType readSchema() {
    return spec.readSchema();
  }

  @Override
  public String description() {
    return "LanceScan[" + spec.uri() + " v" + spec.version() + ", columns=" + spec.dataColumns()
        + (spec.filter() == null ? "" : ", filter=" + spec.filter())
        + (spec.limit() < 0 ? "" : ", limit=" + spec.limit()) + (count ? ", count(*)" : "") + "]";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return new CustomMetric[] {new BytesReadMetric()};
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (count) {
      return new InputPartition[] {new LanceSplit.Count(countRows)};
    }
    List<FragmentMetadata> fragments = fragmentsToRead();
    return splits(fragments, options.maxRowsPerSplit(), spec.filter() == null, spec.limit())
        .toArray(new InputPartition[0]);
  }

  /** The fragments the scan reads (all of the pinned version's). */
  List<FragmentMetadata> fragmentsToRead() {
    return fragments;
  }

  /** Every fragment of the pinned version. */
  List<FragmentMetadata> allFragments() {
    return fragments;
  }

  static List<LanceSplit> splits(List<FragmentMetadata> fragments, long maxRows,
      boolean rangesAllowed, long limit) {
    List<LanceSplit> out = new ArrayList<>();
    List<LanceSplit.Range> current = new ArrayList<>();
    long currentRows = 0;
    long planned = 0;
    for (FragmentMetadata f : fragments) {
      if (limit >= 0 && rangesAllowed && planned >= limit) {
        break; // enough rows planned to satisfy the limit
      }
      long n = f.numRows();
      if (n == 0) {
        continue;
      }
      planned += n;
      if (rangesAllowed && n > maxRows) {
        for (long off = 0; off < n; off += maxRows) {
          out.add(new LanceSplit(List.of(new LanceSplit.Range(f.id(), off,
              Math.min(maxRows, n - off)))));
        }
        continue;
      }
      if (!current.isEmpty() && currentRows + n > maxRows) {
        out.add(new LanceSplit(current));
        current = new ArrayList<>();
        currentRows = 0;
      }
      current.add(new LanceSplit.Range(f.id(), 0, -1));
      currentRows += n;
    }
    if (!current.isEmpty()) {
      out.add(new LanceSplit(current));
    }
    return out;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new Factory(spec);
  }

  /** Shipped to executors. */
  private record Factory(ReadSpec spec) implements PartitionReaderFactory {
    @Override
    public boolean supportColumnarReads(InputPartition partition) {
      return partition instanceof LanceSplit;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
      return new LancePartitionReader(spec, (LanceSplit) partition);
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      long rows = ((LanceSplit.Count) partition).rows();
      return new PartitionReader<>() {
        private boolean done;

        @Override
        public boolean next() {
          boolean has = !done;
          done = true;
          return has;
        }

        @Override
        public InternalRow get() {
          return new GenericInternalRow(new Object[] {rows});
        }

        @Override
        public void close() {}
      };
    }
  }
}
