package org.lance4j.spark;

import java.util.Collection;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.StorageOptions;

/** Deleting the data files of uncommitted fragments (aborted tasks and jobs). */
final class DataFiles {
  private DataFiles() {}

  static void delete(String uri, Collection<FragmentMetadata> fragments,
      StorageOptions storage) {
    Fragments.abort(uri, fragments, storage);
  }
}
