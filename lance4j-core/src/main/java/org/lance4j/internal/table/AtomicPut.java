package org.lance4j.internal.table;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.lance4j.storage.ObjectStore;

/**
 * {@link ObjectStore#putIfAbsent} with its {@link ObjectStore.PutResult#UNKNOWN} outcome settled
 * by reading the object back, never assumed: what the commit (manifests), the V2 migration and
 * tag creation use.
 */
final class AtomicPut {
  /** Read-backs of a put whose outcome the store could not tell, before giving up. */
  static final int UNKNOWN_OUTCOME_CHECKS = 3;

  private AtomicPut() {}

  /**
   * Puts {@code bytes} at {@code path} if absent. An UNKNOWN answer is settled by reading the
   * object back: equal bytes mean our write landed (a manifest's bytes are unique to one attempt:
   * it carries its commit's transaction inline, with a random UUID, and its version), other bytes
   * mean another writer was first. When nothing is there the same put is tried again (harmless: it can
   * only land once). Returns CREATED or ALREADY_EXISTS; throws when the outcome stays unknown,
   * naming the object so the caller can look.
   */
  static ObjectStore.PutResult put(ObjectStore store, String path, byte[] bytes)
      throws IOException {
    ObjectStore.PutResult put = store.putIfAbsent(path, bytes);
    IOException lastReadError = null;
    for (int check = 1; put == ObjectStore.PutResult.UNKNOWN; check++) {
      if (check > UNKNOWN_OUTCOME_CHECKS) {
        throw new IOException("the outcome of writing " + path + " is unknown (the store lost the"
            + " answer and " + UNKNOWN_OUTCOME_CHECKS + " read-backs did not settle it): check"
            + " whether it exists before retrying", lastReadError);
      }
      ByteBuffer there;
      try {
        there = store.readAll(path);
      } catch (FileNotFoundException absent) {
        put = store.putIfAbsent(path, bytes); // did not land (yet): the same put again
        continue;
      } catch (IOException e) {
        lastReadError = e;
        continue;
      }
      put = there.equals(ByteBuffer.wrap(bytes)) ? ObjectStore.PutResult.CREATED
          : ObjectStore.PutResult.ALREADY_EXISTS;
    }
    return put;
  }
}
