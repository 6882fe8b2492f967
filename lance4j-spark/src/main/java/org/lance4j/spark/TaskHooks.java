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

  private TaskHooks() {}
}
