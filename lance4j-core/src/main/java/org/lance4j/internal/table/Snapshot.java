package org.lance4j.internal.table;

import java.io.IOException;
import java.util.List;
import org.lance4j.CorruptFileException;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceException;
import org.lance4j.LanceIOException;
import org.lance4j.LanceSchema;
import org.lance4j.UnsupportedFormatException;
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

  /**
   * Rows visible in this version (deletions subtracted). A deletion file whose
   * {@code num_deleted_rows} is 0 (unknown, as older Lance wrote it) is read for its count, as
   * Lance does.
   */
  public long countRows() {
    long n = 0;
    for (FragmentMetadata f : fragments) {
      if (f.deletionFile() != null && f.deletionFile().numDeletedRows() == 0) {
        try {
          n += f.physicalRows() - DeletionVectors.read(store, f, null).getLongCardinality();
        } catch (LanceException e) {
          throw withContext(e, f.id());
        }
      } else {
        n += f.numRows();
      }
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

  /**
   * {@code e} with the fragment, version and manifest appended: a file that is missing or does
   * not match may be the manifest's fault (a corrupt path, id or column index), so the error
   * names both.
   */
  LanceException withContext(LanceException e, long fragmentId) {
    String ctx = " (fragment " + fragmentId + " of version " + version
        + ", manifest " + store.root() + "/" + manifestPath + ")";
    if (e.getMessage() != null && e.getMessage().contains(manifestPath)) {
      return e;
    }
    if (e instanceof CorruptFileException) {
      return new CorruptFileException(e.getMessage() + ctx, e);
    }
    if (e instanceof UnsupportedFormatException) {
      UnsupportedFormatException u = new UnsupportedFormatException(e.getMessage() + ctx);
      u.initCause(e);
      return u;
    }
    if (e instanceof LanceIOException && e.getCause() instanceof IOException io) {
      return new LanceIOException(e.getMessage() + ctx, io);
    }
    return e;
  }
}
