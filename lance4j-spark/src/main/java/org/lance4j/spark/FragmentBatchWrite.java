package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.lance4j.FragmentMetadata;

/**
 * What every batch write of the connector shares: the tasks write fragments with
 * {@link LanceDataWriter} (Spark's commit coordinator lets exactly one attempt per partition
 * commit), the driver turns the committed attempts' fragments into one commit
 * ({@link #commitFragments}), and an abort deletes the written files unless a version already
 * references them.
 */
abstract class FragmentBatchWrite implements BatchWrite {
  protected final WriteSpec spec;
  private volatile boolean committed;

  FragmentBatchWrite(WriteSpec spec) {
    this.spec = spec;
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new WriterFactory(spec);
  }

  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    commitFragments(fragments(messages));
  }

  /**
   * Commits the fragments of the committed task attempts; calls {@link #markCommitted} as soon
   * as a version references them (from then on an abort must not delete them).
   */
  protected abstract void commitFragments(List<FragmentMetadata> fragments);

  protected final void markCommitted() {
    committed = true;
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    if (committed) {
      return; // never delete files a committed version references
    }
    DataFiles.delete(spec.uri(), fragments(messages), spec.options().storageOptions());
  }

  /** The fragments the tasks' commit messages carry, in message order. */
  static List<FragmentMetadata> fragments(WriterCommitMessage[] messages) {
    List<FragmentMetadata> out = new ArrayList<>();
    for (WriterCommitMessage m : messages) {
      if (m instanceof LanceCommitMessage lm) {
        out.addAll(lm.fragments());
      }
    }
    return out;
  }

  /** Serializable factory shipped to the executors (batch and streaming writes). */
  record WriterFactory(WriteSpec spec) implements DataWriterFactory, StreamingDataWriterFactory {
    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      return new LanceDataWriter(spec, partitionId);
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
      return new LanceDataWriter(spec, partitionId);
    }
  }
}
