package org.lance4j.internal.table;

import org.lance4j.Dataset;
import org.lance4j.internal.storage.ObjectStores;

/** The internal snapshot behind a public {@link Dataset}, for tests of the table layer. */
final class TestSnapshots {
  private TestSnapshots() {}

  static Snapshot of(Dataset ds) {
    return Versions.load(ObjectStores.forUri(ds.uri()), ds.uri(), ds.version());
  }
}
