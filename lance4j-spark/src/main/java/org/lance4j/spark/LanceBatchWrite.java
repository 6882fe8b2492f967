package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import java.util.OptionalLong;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * The driver side of a write: hands the plan to the tasks, then commits the fragments of the
 * committed task attempts (Spark's commit coordinator lets exactly one attempt per partition
 * commit) as one Append or Overwrite on top of the version pinned when the write was planned.
 */
final class LanceBatchWrite implements BatchWrite {
  private final WriteSpec spec;
  private volatile boolean committed;
  private volatile long committedVersion = -1;

  LanceBatchWrite(WriteSpec spec) {
    this.spec = spec;
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new Factory(spec);
  }

  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<FragmentMetadata> fragments = fragments(messages);
    String key = spec.options().idempotencyKey();
    if (key != null) {
      OptionalLong landed = Dataset.findIdempotentCommit(spec.uri(), key, 0,
        spec.options().storageOptions());
      if (landed.isPresent()) {
        // a rerun of a write that already landed (e.g. a replayed foreachBatch batch)
        DataFiles.delete(spec.uri(), fragments, spec.options().storageOptions());
        committed = true;
        committedVersion = landed.getAsLong();
        return;
      }
    }
    Operation op = spec.mode() == WriteOptions.Mode.APPEND && spec.readVersion() > 0
        ? new Operation.Append(fragments)
        : new Operation.Overwrite(spec.arrowSchema(), fragments);
    CommitOptions co = spec.options().commitOptions(key);
    try (Dataset ds = Dataset.commit(spec.uri(), op, spec.readVersion(), co)) {
      committed = true;
      committedVersion = ds.version();
    }
  }

  /** The version the commit created, or -1. */
  long committedVersion() {
    return committedVersion;
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    if (committed) {
      return; // never delete files a committed version references
    }
    DataFiles.delete(spec.uri(), fragments(messages), spec.options().storageOptions());
  }

  private static List<FragmentMetadata> fragments(WriterCommitMessage[] messages) {
    List<FragmentMetadata> out = new ArrayList<>();
    for (WriterCommitMessage m : messages) {
      if (m instanceof LanceCommitMessage lm) {
        out.addAll(lm.fragments());
      }
    }
    return out;
  }

  /** Serializable factory shipped to the executors. */
  private record Factory(WriteSpec spec) implements DataWriterFactory {
    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      return new LanceDataWriter(spec, partitionId);
    }
  }
}
