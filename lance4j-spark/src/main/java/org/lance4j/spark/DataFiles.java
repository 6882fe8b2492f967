package org.lance4j.spark;

import java.io.IOException;
import java.util.Collection;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.storage.ObjectStore;
import org.lance4j.internal.storage.ObjectStores;

/** Deleting the data files of uncommitted fragments (aborted tasks and jobs). */
final class DataFiles {
  private DataFiles() {}

  static void delete(String uri, Collection<FragmentMetadata> fragments) {
    ObjectStore store = ObjectStores.forUri(uri);
    for (FragmentMetadata f : fragments) {
      for (DataFile d : f.files()) {
        try {
          store.delete("data/" + d.path());
        } catch (IOException e) {
          // an orphan file is harmless: nothing references it
        }
      }
    }
  }
}
