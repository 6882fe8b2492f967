package org.lance4j.spark;

/**
 * Fault-injection points for tests (Spark local mode runs tasks in the test's JVM). Null in
 * production: nothing is called.
 */
final class TaskHooks {
  /** Called by a write task after its fragments are written, before it reports them. */
  interface AfterWrite {
    void afterWrite(int partitionId, int attemptNumber, String uri);
  }

  static volatile AfterWrite afterWrite;

  /** Called on the driver around a streaming epoch's commit (stage "before" / "after"). */
  interface EpochCommit {
    /**
     * @param version the version holding the epoch (-1 before the commit)
     * @param replayed true when the epoch's key had already landed (nothing was committed)
     */
    void at(String stage, long epochId, long version, boolean replayed);
  }

  static volatile EpochCommit epochCommit;

  /** Called on the driver before a MERGE / UPDATE / DELETE commits its rewritten fragments. */
  interface RowLevelCommit {
    void beforeCommit(String uri, String command);
  }

  static volatile RowLevelCommit rowLevelCommit;

  private TaskHooks() {}
}
