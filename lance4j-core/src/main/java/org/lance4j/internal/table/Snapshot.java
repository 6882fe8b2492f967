package org.lance4j.internal.table;

import java.util.List;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * One committed version of a dataset, as read from its manifest: everything a reader needs.
 * Immutable.
 *
 * @param store the dataset's storage
 * @param uri the dataset URI as the user gave it (for messages)
 * @param version this version's number
 * @param schema the schema with field ids
 * @param fragments fragments in manifest order (the scan order)
 * @param manifest the raw manifest (config, flags, index section offset, ...)
 * @param manifestPath path of the manifest file relative to the root
 */
public record Snapshot(ObjectStore store, String uri, long version, LanceSchema schema,
    List<FragmentMetadata> fragments, TableProtos.Manifest manifest, String manifestPath) {

  public Snapshot {
    fragments = FragmentProtos.isLazy(fragments) ? fragments : List.copyOf(fragments);
  }

  /** Rows visible in this version (deletions subtracted). */
  public long countRows() {
    long n = 0;
    for (FragmentMetadata f : fragments) {
      n += f.numRows();
    }
    return n;
  }

  /** The fragment with this id, or null. */
  public FragmentMetadata fragment(long id) {
    for (FragmentMetadata f : fragments) {
      if (f.id() == id) {
        return f;
      }
    }
    return null;
  }
}
