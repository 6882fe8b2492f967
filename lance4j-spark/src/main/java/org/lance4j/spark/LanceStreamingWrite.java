package org.lance4j.spark;

import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.lance4j.Dataset;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;

/**
 * The Structured Streaming sink ({@code writeStream.format("lance")}): each epoch's tasks write
 * fragments exactly as a batch write's do (one attempt per partition is authorized by Spark's
 * commit coordinator, the others delete their files); the driver commits them as one Append
 * (output mode append) or Overwrite (complete) per epoch, with idempotency key
 * {@code spark-streaming/<query id>/<epoch id>}. The query id is Spark's persistent one (kept in
 * the checkpoint), so an epoch that Spark replays after a crash (its commit landed but Spark had
 * not recorded it) finds its key, commits nothing and deletes the replay's files.
 */
final class LanceStreamingWrite implements StreamingWrite {
  private final WriteSpec spec;
  private final String queryId;
  private final boolean complete;

  LanceStreamingWrite(WriteSpec spec, String queryId, boolean complete) {
    this.spec = spec;
    this.queryId = queryId;
    this.complete = complete;
  }

  /** The idempotency key of an epoch of a query. */
  static String key(String queryId, long epochId) {
    return "spark-streaming/" + queryId + "/" + epochId;
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    return new FragmentBatchWrite.WriterFactory(spec);
  }

  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {
    String key = key(queryId, epochId);
    List<FragmentMetadata> fragments = FragmentBatchWrite.fragments(messages);
    TaskHooks.EpochCommit hook = TaskHooks.epochCommit;
    if (hook != null) {
      hook.at("before", epochId, -1, false);
    }
    OptionalLong landed = Dataset.findIdempotentCommit(spec.uri(), key, 0,
        spec.options().storageOptions());
    if (landed.isPresent()) {
      DataFiles.delete(spec.uri(), fragments, spec.options().storageOptions()); // the replay's copy of rows already committed
      if (hook != null) {
        hook.at("after", epochId, landed.getAsLong(), true);
      }
      return;
    }
    long version;
    if (fragments.isEmpty() && !complete) {
      version = -1; // nothing to append (Spark runs no-data batches for stateful queries)
    } else {
      Dataset latest = openLatest();
      long readVersion = latest == null ? 0 : latest.version();
      if (latest != null) {
        latest.close();
      }
      Operation op = complete || latest == null
          ? new Operation.Overwrite(spec.arrowSchema(), fragments)
          : new Operation.Append(fragments);
      try (Dataset ds = Dataset.commit(spec.uri(), op, readVersion,
          spec.options().commitOptions(key))) {
        version = ds.version();
      }
    }
    if (hook != null) {
      hook.at("after", epochId, version, false);
    }
  }

  private Dataset openLatest() {
    try {
      return Dataset.open(spec.uri(), spec.options().latest());
    } catch (DatasetNotFoundException e) {
      return null;
    }
  }

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {
    // Spark also aborts when a failure follows a landed commit: never delete files it references
    if (Dataset.findIdempotentCommit(spec.uri(), key(queryId, epochId), 0).isPresent()) {
      return;
    }
    DataFiles.delete(spec.uri(), FragmentBatchWrite.fragments(messages),
        spec.options().storageOptions());
  }

  @Override
  public String toString() {
    return "LanceStreamingWrite(" + spec.uri() + ", query " + queryId
        + (complete ? ", complete" : ", append") + ")";
  }
}
