package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RowLevelOperation;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * MERGE INTO, UPDATE and DELETE (when not a metadata-only delete) as a copy-on-write row-level
 * operation on one pinned version: Spark reads every row of the affected fragments (those its
 * runtime group filter finds matches in, via {@code _fragid}), applies the statement and hands
 * back the new content of those fragments; the commit is one {@link Operation.Update} that
 * removes the fragments read and adds the rewritten ones, built on the pinned version. A
 * concurrent commit that changed any of those fragments makes it fail with the commit's
 * conflict (nothing changes, the written files are deleted); concurrent appends are kept.
 */
final class LanceCopyOnWrite implements RowLevelOperation {
  private final LanceTable table;
  private final Command command;
  /** The statement's version, closed (and unpinned from the table) when the commit ends. */
  private final Dataset pinned;
  private final long version;
  private volatile List<Long> scanned = List.of();

  LanceCopyOnWrite(LanceTable table, RowLevelOperationInfo info, Dataset pinned) {
    this.table = table;
    this.command = info.command();
    this.pinned = pinned;
    this.version = pinned.version();
  }

  void scanned(List<Long> fragmentIds) {
    this.scanned = List.copyOf(fragmentIds);
  }

  @Override
  public String description() {
    return "copy-on-write " + command + " on " + table.uri() + " v" + version;
  }

  @Override
  public Command command() {
    return command;
  }

  /** {@code _fragid}: what Spark's runtime group filter selects fragments by. */
  @Override
  public org.apache.spark.sql.connector.expressions.NamedReference[] requiredMetadataAttributes() {
    return new org.apache.spark.sql.connector.expressions.NamedReference[] {
        org.apache.spark.sql.connector.expressions.FieldReference.apply(LanceTable.FRAG_ID)};
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    LanceOptions o = table.options(options);
    StructType schema = SparkArrowTypes.toSpark(pinned.schema());
    return new GroupScanBuilder(schema, o);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    LanceOptions o = table.options(info.options());
    return new WriteBuilder() {
      @Override
      public Write build() {
        return new Write() {
          @Override
          public BatchWrite toBatch() {
            return new Commit(plan(info, o));
          }
        };
      }
    };
  }

  private WriteSpec plan(LogicalWriteInfo info, LanceOptions o) {
    StructType target = SparkArrowTypes.toSpark(pinned.schema());
    StructType input = info.schema();
    int[] ordinals = new int[target.fields().length];
    for (int i = 0; i < ordinals.length; i++) {
      StructField t = target.fields()[i];
      ordinals[i] = input.fieldIndex(t.name());
    }
    return new WriteSpec(table.uri(), pinned.schema().toJson(), WriteOptions.Mode.APPEND,
        pinned.version(), o, ordinals);
  }

  /** Reads the pinned version: all rows of the chosen fragments, only the needed columns. */
  private final class GroupScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {
    private final StructType tableSchema;
    private final LanceOptions options;
    private StructType required;

    GroupScanBuilder(StructType tableSchema, LanceOptions options) {
      this.tableSchema = tableSchema;
      this.options = options;
      this.required = tableSchema;
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
      this.required = requiredSchema;
    }

    @Override
    public Scan build() {
      List<StructField> fields = new ArrayList<>();
      List<String> dataColumns = new ArrayList<>();
      for (StructField f : required.fields()) {
        if (LanceTable.isMetadataColumn(f.name())) {
          fields.add(f);
        } else {
          StructField full = tableSchema.apply(f.name());
          fields.add(full);
          dataColumns.add(full.name());
        }
      }
      ReadSpec spec = new ReadSpec(table.uri(), pinned.version(),
          new StructType(fields.toArray(new StructField[0])), dataColumns, null, -1,
          options.batchSize(), options.storageOptions());
      return new LanceGroupScan(pinned, spec, options, LanceCopyOnWrite.this);
    }
  }

  /** Commits the rewritten fragments as one Update replacing the fragments read. */
  private final class Commit extends FragmentBatchWrite {
    Commit(WriteSpec spec) {
      super(spec);
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
      try {
        super.commit(messages);
      } finally {
        table.unpin(pinned); // the statement is over: its version is no longer needed
      }
    }

    @Override
    protected void commitFragments(List<FragmentMetadata> written) {
      List<Long> removed = scanned;
      TaskHooks.RowLevelCommit hook = TaskHooks.rowLevelCommit;
      if (hook != null) {
        hook.beforeCommit(spec.uri(), command.toString());
      }
      if (removed.isEmpty() && written.isEmpty()) {
        return; // nothing matched: no new version
      }
      Operation op = new Operation.Update(removed, List.of(), written, List.of());
      try (Dataset ds = Dataset.commit(spec.uri(), op, spec.readVersion(),
          spec.options().commitOptions())) {
        markCommitted();
      }
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
      try {
        super.abort(messages);
      } finally {
        table.unpin(pinned);
      }
    }
  }
}
