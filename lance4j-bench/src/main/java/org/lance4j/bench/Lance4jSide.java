package org.lance4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.StorageOptions;
import org.lance4j.WriteOptions;

/** lance4j through its public API; writes data files of {@code version} ("2.0", "2.1", "2.2"). */
final class Lance4jSide implements Side<List<FragmentMetadata>> {
  /** The version lance-core 7.0.0 writes by default, so that both write the same format. */
  static final String DEFAULT_VERSION = "2.1";

  private final String version;
  /** Storage options of every call (empty for local paths; endpoint and keys for s3://). */
  private final StorageOptions storage;

  Lance4jSide() {
    this(DEFAULT_VERSION);
  }

  Lance4jSide(String version) {
    this(version, Map.of());
  }

  Lance4jSide(String version, Map<String, String> storage) {
    this.version = version;
    this.storage = StorageOptions.of(storage);
  }

  private OpenOptions open() {
    return OpenOptions.builder().storageOptions(storage).build();
  }

  private CommitOptions commit() {
    return CommitOptions.builder().storageOptions(storage).build();
  }

  @Override
  public String name() {
    return "lance4j";
  }

  @Override
  public List<FragmentMetadata> writeFragments(String uri, Batches data, int from, int to,
      int maxRowsPerFile, BufferAllocator allocator) throws Exception {
    try (ArrowReader r = data.reader(allocator, from, to)) {
      return Fragments.write(uri, r, options(maxRowsPerFile));
    }
  }

  WriteOptions options(int maxRowsPerFile) {
    return WriteOptions.builder().maxRowsPerFile(maxRowsPerFile).dataStorageVersion(version)
        .storageOptions(storage).build();
  }

  @Override
  public List<FragmentMetadata> concat(List<List<FragmentMetadata>> parts) {
    List<FragmentMetadata> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return all;
  }

  @Override
  public long overwrite(String uri, Schema schema, List<FragmentMetadata> fragments,
      BufferAllocator allocator) {
    try (Dataset ds = Dataset.commit(uri, new Operation.Overwrite(schema, fragments), 0,
        commit())) {
      return ds.version();
    }
  }

  @Override
  public long append(String uri, List<FragmentMetadata> fragments, long readVersion,
      BufferAllocator allocator) {
    try (Dataset ds = Dataset.commit(uri, new Operation.Append(fragments), readVersion,
        commit())) {
      return ds.version();
    }
  }

  @Override
  public long scan(String uri, List<String> columns, BufferAllocator allocator) throws Exception {
    long n = 0;
    ScanOptions o = ScanOptions.builder().columns(columns).batchSize(8192).build();
    try (Dataset ds = Dataset.open(uri, open()); ArrowReader r = ds.scan(allocator, o)) {
      while (r.loadNextBatch()) {
        n += r.getVectorSchemaRoot().getRowCount();
      }
    }
    return n;
  }

  @Override
  public long take(String uri, long[] indices, List<String> columns, BufferAllocator allocator) {
    try (Dataset ds = Dataset.open(uri, open());
        VectorSchemaRoot root = ds.take(indices, columns, allocator)) {
      return root.getRowCount();
    }
  }

  /** The data file versions ("2.1", ...) of the latest version's fragments. */
  static java.util.TreeSet<String> fileVersions(String uri) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    try (Dataset ds = Dataset.open(uri)) {
      for (org.lance4j.Fragment f : ds.fragments()) {
        for (org.lance4j.DataFile df : f.metadata().files()) {
          out.add(df.fileVersion());
        }
      }
    }
    return out;
  }

  @Override
  public long countRows(String uri, BufferAllocator allocator) {
    try (Dataset ds = Dataset.open(uri, open())) {
      return ds.countRows();
    }
  }

  @Override
  public long latestVersion(String uri, BufferAllocator allocator) {
    try (Dataset ds = Dataset.open(uri, open())) {
      return ds.version();
    }
  }
}
