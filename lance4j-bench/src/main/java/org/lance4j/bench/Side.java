package org.lance4j.bench;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One implementation under test, driven through the same calls. {@code F} is its list of
 * uncommitted fragment metadata.
 */
interface Side<F> {
  String name();

  /** Writes {@code data[from, to)} as uncommitted fragments of {@code uri}. */
  F writeFragments(String uri, Batches data, int from, int to, int maxRowsPerFile,
      BufferAllocator allocator) throws Exception;

  /** Concatenates fragment lists (from several writer threads). */
  F concat(List<F> parts);

  /** Commits an Overwrite (create) with these fragments; returns the new version. */
  long overwrite(String uri, org.apache.arrow.vector.types.pojo.Schema schema, F fragments,
      BufferAllocator allocator) throws Exception;

  /** Commits an Append on top of {@code readVersion}; returns the new version. */
  long append(String uri, F fragments, long readVersion, BufferAllocator allocator)
      throws Exception;

  /** Opens and scans every row of the latest version (null columns = all); returns rows. */
  long scan(String uri, List<String> columns, BufferAllocator allocator) throws Exception;

  /** Opens and takes the rows at these scan indices; returns rows taken. */
  long take(String uri, long[] indices, List<String> columns, BufferAllocator allocator)
      throws Exception;

  /** Rows of the latest version, from metadata. */
  long countRows(String uri, BufferAllocator allocator) throws Exception;

  /** Latest version number. */
  long latestVersion(String uri, BufferAllocator allocator) throws Exception;
}
