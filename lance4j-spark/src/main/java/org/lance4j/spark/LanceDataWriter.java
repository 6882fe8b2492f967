package org.lance4j.spark;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceException;

/**
 * One write task: converts rows into Arrow batches of {@code batchSize} rows and streams them into
 * {@link Fragments#write} (which runs on a helper thread and rolls files at maxRowsPerFile), so a
 * task holds one batch in memory at a time. {@link #commit()} returns the fragments; {@link
 * #abort()} deletes the files this attempt wrote.
 */
final class LanceDataWriter implements DataWriter<InternalRow> {
  private final WriteSpec spec;
  private final int partitionId;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final RowToArrow rows;
  private final HandOffReader reader;
  private final Thread thread;
  private volatile List<FragmentMetadata> written;
  private volatile Throwable failure;
  private boolean finished;

  LanceDataWriter(WriteSpec spec, int partitionId) {
    this.spec = spec;
    this.partitionId = partitionId;
    this.allocator = new RootAllocator();
    Schema schema = spec.arrowSchema();
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.rows = new RowToArrow(root, spec.inputOrdinals());
    this.reader = new HandOffReader(allocator);
    this.thread = new Thread(this::runWriter, "lance-write-" + spec.uri() + "-p" + partitionId);
    thread.setDaemon(true);
    thread.start();
  }

  private void runWriter() {
    try {
      written = Fragments.write(spec.uri(), reader, spec.options().writeOptions(spec.mode()));
    } catch (Throwable t) {
      failure = t;
    } finally {
      reader.consumerDone.release();
    }
  }

  @Override
  public void write(InternalRow row) throws IOException {
    rows.write(row);
    if (rows.rows() >= spec.options().batchSize()) {
      handOff();
    }
  }

  /** Gives the filled root to the writer thread and waits until it has consumed it. */
  private void handOff() throws IOException {
    rows.finish();
    reader.batchReady.release();
    awaitConsumer();
    rows.reset();
  }

  private void awaitConsumer() throws IOException {
    try {
      while (!reader.consumerDone.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing " + spec.uri(), e);
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t instanceof LanceException le) {
      throw le;
    } else if (t instanceof IOException io) {
      throw io;
    } else if (t != null) {
      throw new IOException("writing fragments of " + spec.uri() + " failed", t);
    }
  }

  private List<FragmentMetadata> finish() throws IOException {
    if (!finished) {
      finished = true;
      if (rows.rows() > 0) {
        handOff();
      }
      reader.end = true;
      reader.batchReady.release();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing " + spec.uri(), e);
      }
      rethrow();
    }
    return written;
  }

  @Override
  public WriterCommitMessage commit() throws IOException {
    List<FragmentMetadata> frags = finish();
    TaskHooks.AfterWrite hook = TaskHooks.afterWrite;
    if (hook != null) {
      TaskContext ctx = TaskContext.get();
      hook.afterWrite(partitionId, ctx == null ? 0 : ctx.attemptNumber(), spec.uri());
    }
    return new LanceCommitMessage(partitionId, frags);
  }

  @Override
  public void abort() throws IOException {
    if (!finished) {
      // stop the writer thread: it fails, and FragmentWriter deletes its partial files
      finished = true;
      reader.aborted = true;
      reader.batchReady.release();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<FragmentMetadata> frags = written;
    if (frags != null) {
      DataFiles.delete(spec.uri(), frags, spec.options().storageOptions());
    }
  }

  @Override
  public void close() {
    if (!finished) {
      try {
        abort();
      } catch (IOException ignored) {
        // best effort
      }
    }
    root.close();
    allocator.close();
  }

  /** An ArrowReader fed batch by batch by the task thread. */
  private final class HandOffReader extends ArrowReader {
    final Semaphore batchReady = new Semaphore(0);
    final Semaphore consumerDone = new Semaphore(0);
    volatile boolean end;
    volatile boolean aborted;
    private boolean started;

    HandOffReader(BufferAllocator allocator) {
      super(allocator);
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
      return root;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (started) {
        consumerDone.release();
      }
      started = true;
      try {
        batchReady.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (aborted) {
        throw new IOException("write task of " + spec.uri() + " partition " + partitionId
            + " aborted");
      }
      return !end;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return root.getSchema();
    }
  }
}
