package org.lance4j;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.storage.ObjectStore;
import org.lance4j.internal.storage.ObjectStores;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.table.DataFileNames;
import org.lance4j.internal.table.FragmentWriter;
import org.lance4j.internal.table.Snapshot;
import org.lance4j.internal.table.Versions;

/**
 * Writing fragments without committing them: the worker side of a distributed write (pylance's
 * {@code write_fragments}). Hand the returned metadata to one committer
 * ({@link Dataset#commit(String, Operation, long)}).
 */
public final class Fragments {
  private Fragments() {}

  /**
   * Streams {@code data} into new fragments of the dataset at {@code uri}, which need not exist
   * yet. With mode APPEND on an existing dataset the data's schema must equal the dataset's and the
   * dataset's field ids are used; otherwise ids are assigned depth-first from 0 (what an
   * Overwrite/create commit expects). The reader is consumed but not closed.
   */
  public static List<FragmentMetadata> write(String uri, ArrowReader data, WriteOptions options) {
    ObjectStore store = ObjectStores.forUri(uri, options.storageOptions());
    Schema arrowSchema;
    try {
      arrowSchema = data.getVectorSchemaRoot().getSchema();
    } catch (IOException e) {
      throw new LanceIOException("reading the input schema", e);
    }
    Snapshot existing = existing(store, uri, options);
    LanceSchema schema = existing == null ? LanceSchema.fromArrow(arrowSchema)
        : existing.schema();
    if (existing != null) {
      SchemaChecks.requireSameSchema(existing.schema(), arrowSchema, uri);
    }
    // an append writes the dataset's format version; a new dataset the requested one
    String version = existing == null ? options.dataStorageVersion()
        : FragmentWriter.formatOf(existing);
    return FragmentWriter.write(store, schema, data, options, version);
  }

  /** Writes one in-memory batch as fragments. The root is not closed. */
  public static List<FragmentMetadata> write(String uri, VectorSchemaRoot data,
      WriteOptions options) {
    return write(uri, new SingleBatchReader(data), options);
  }

  /**
   * The schema (with field ids) stored in one data file of the dataset at {@code uri}: what a
   * coordinator checks before it commits fragments a worker wrote. Reads only the file's footer.
   *
   * @throws CorruptFileException when the file is not a Lance file
   * @throws LanceIOException when it cannot be read (e.g. it does not exist)
   */
  public static LanceSchema dataFileSchema(String uri, DataFile file, StorageOptions options) {
    ObjectStore store = ObjectStores.forUri(uri, options);
    return LanceFileReader.readSchema(store, DataFileNames.path(file),
        file.fileSizeBytes());
  }

  /**
   * Deletes the data files of fragments that will never be committed (an aborted job's
   * output). Best effort: a file that cannot be deleted stays behind as a harmless orphan (nothing
   * references it; {@link Dataset#cleanupOldVersions} removes old orphans). Never pass fragments
   * that a version references.
   */
  public static void abort(String uri, Collection<FragmentMetadata> fragments,
      StorageOptions options) {
    ObjectStore store = ObjectStores.forUri(uri, options);
    for (FragmentMetadata f : fragments) {
      for (DataFile d : f.files()) {
        try {
          store.delete(DataFileNames.path(d.path()));
        } catch (IOException e) {
          // an orphan file is harmless: nothing references it
        }
      }
    }
  }

  /** The dataset an APPEND goes into, or null (another mode, or no dataset yet). */
  private static Snapshot existing(ObjectStore store, String uri, WriteOptions options) {
    if (options.mode() != WriteOptions.Mode.APPEND || Versions.latestVersion(store) == 0) {
      return null;
    }
    return Versions.loadLatest(store, uri);
  }

  /** Presents one VectorSchemaRoot as an ArrowReader without copying or closing it. */
  private static final class SingleBatchReader extends ArrowReader {
    private final VectorSchemaRoot root;
    private boolean done;

    SingleBatchReader(VectorSchemaRoot root) {
      super(null);
      this.root = root;
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
      return root;
    }

    @Override
    public boolean loadNextBatch() {
      if (done) {
        return false;
      }
      done = true;
      return true;
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
