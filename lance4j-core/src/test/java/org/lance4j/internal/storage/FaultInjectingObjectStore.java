package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test store wrapping another: can fail writes, make a putIfAbsent "lose the race" by running
 * a competing action (typically another commit) just before the write goes to the inner store, or
 * lose the answer of a putIfAbsent that did write (the store then reports UNKNOWN).
 */
public final class FaultInjectingObjectStore extends ForwardingObjectStore {
  /** Something that happens just before a putIfAbsent reaches the inner store. */
  public interface Hook {
    void run(String path) throws Exception;
  }

  private volatile Hook beforePut;
  private volatile String failCreatePrefix;
  private final AtomicInteger failPuts = new AtomicInteger();
  private final AtomicInteger puts = new AtomicInteger();
  private final AtomicInteger dropAnswers = new AtomicInteger();

  public FaultInjectingObjectStore(ObjectStore inner) {
    super(inner);
  }

  /** Runs {@code hook} before every putIfAbsent until cleared with null. */
  public void beforePutIfAbsent(Hook hook) {
    this.beforePut = hook;
  }

  /** The next {@code n} putIfAbsent calls fail with an IOException (nothing written). */
  public void failNextPutIfAbsent(int n) {
    failPuts.set(n);
  }

  /**
   * The next {@code n} putIfAbsent calls reach the inner store (which writes, or refuses because
   * the object exists) and then report {@link PutResult#UNKNOWN}, as a store does whose
   * connection dropped before the answer arrived.
   */
  public void dropNextPutIfAbsentAnswers(int n) {
    dropAnswers.set(n);
  }

  /** create() fails for paths starting with the prefix (null: never). */
  public void failCreate(String prefix) {
    this.failCreatePrefix = prefix;
  }

  /** Number of putIfAbsent calls seen. */
  public int putIfAbsentCalls() {
    return puts.get();
  }

  @Override
  public OutputStream create(String path) throws IOException {
    String p = failCreatePrefix;
    if (p != null && path.startsWith(p)) {
      throw new IOException("injected failure creating " + path);
    }
    return inner.create(path);
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    puts.incrementAndGet();
    if (failPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException("injected failure writing " + path);
    }
    Hook h = beforePut;
    if (h != null) {
      try {
        h.run(path);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
    PutResult r = inner.putIfAbsent(path, data);
    if (dropAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return PutResult.UNKNOWN;
    }
    return r;
  }

}
