package org.lance4j.table;

import java.util.List;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.WriteOptions;
import org.lance4j.io.ObjectStore;

/** Streams Arrow batches into new fragments (data files under {@code data/}); commits nothing. */
public final class FragmentWriter {
  private FragmentWriter() {}

  /**
   * Writes all batches of {@code data} as fragments with the given schema (field ids decided by
   * the caller), rolling to a new file at maxRowsPerFile / maxBytesPerFile. Returned fragments have
   * id 0. Memory stays bounded: batches are encoded as they arrive.
   */
  public static List<FragmentMetadata> write(ObjectStore store, LanceSchema schema,
      ArrowReader data, WriteOptions options) {
    throw new UnsupportedOperationException("TODO");
  }
}
