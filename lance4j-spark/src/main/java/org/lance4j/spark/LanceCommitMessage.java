package org.lance4j.spark;

import java.util.List;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.lance4j.FragmentMetadata;

/** What a write task reports to the driver: the fragments it wrote (uncommitted). */
record LanceCommitMessage(int partitionId, List<FragmentMetadata> fragments)
    implements WriterCommitMessage {
  LanceCommitMessage {
    fragments = List.copyOf(fragments);
  }
}
