package org.lance4j.spark;

import java.util.List;
import java.util.OptionalLong;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * The driver side of a write: hands the plan to the tasks, then commits the fragments of the
 * committed task attempts as one Append or Overwrite on top of the version pinned when the write
 * was planned.
 */
final class LanceBatchWrite extends FragmentBatchWrite {
  private volatile long committedVersion = -1;

  LanceBatchWrite(WriteSpec spec) {
    super(spec);
  }

  @Override
  protected void commitFragments(List<FragmentMetadata> fragments) {
    String key = spec.options().idempotencyKey();
    if (key != null) {
      OptionalLong landed = Dataset.findIdempotentCommit(spec.uri(), key, 0,
        spec.options().storageOptions());
      if (landed.isPresent()) {
        // a rerun of a write that already landed (e.g. a replayed foreachBatch batch)
        DataFiles.delete(spec.uri(), fragments, spec.options().storageOptions());
        markCommitted();
        committedVersion = landed.getAsLong();
        return;
      }
    }
    Operation op = spec.mode() == WriteOptions.Mode.APPEND && spec.readVersion() > 0
        ? new Operation.Append(fragments)
        : new Operation.Overwrite(spec.arrowSchema(), fragments);
    CommitOptions co = spec.options().commitOptions(key);
    try (Dataset ds = Dataset.commit(spec.uri(), op, spec.readVersion(), co)) {
      markCommitted();
      committedVersion = ds.version();
    }
  }

  /** The version the commit created, or -1. */
  long committedVersion() {
    return committedVersion;
  }
}
