package org.lance4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import java.util.TreeSet;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.FragmentOperation;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/**
 * The official lance-core 7.0.0 ({@code org.lance:lance-core}, Rust through JNI), driven through
 * its Java API. Writes data files of {@code version} ("2.1", "2.2"; null = lance-core's default,
 * 2.1 in 7.0.0).
 */
final class LanceCoreSide implements Side<List<FragmentMetadata>> {
  private final String version;
  /** Storage options of every call (empty for local paths; endpoint and keys for s3://). */
  private final Map<String, String> storage;

  LanceCoreSide() {
    this(null);
  }

  LanceCoreSide(String version) {
    this(version, Map.of());
  }

  LanceCoreSide(String version, Map<String, String> storage) {
    this.version = version;
    this.storage = Map.copyOf(storage);
  }

  private Dataset open(String uri, BufferAllocator allocator) {
    if (storage.isEmpty()) {
      return Dataset.open(uri, allocator);
    }
    return Dataset.open(allocator, uri,
        new org.lance.ReadOptions.Builder().setStorageOptions(storage).build());
  }

  @Override
  public String name() {
    return "lance-core";
  }

  @Override
  public List<FragmentMetadata> writeFragments(String uri, Batches data, int from, int to,
      int maxRowsPerFile, BufferAllocator allocator) throws Exception {
    try (ArrowReader r = data.reader(allocator, from, to);
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, r, stream);
      return Fragment.create(uri, stream, params(maxRowsPerFile));
    }
  }

  WriteParams params(int maxRowsPerFile) {
    WriteParams.Builder b = new WriteParams.Builder().withMaxRowsPerFile(maxRowsPerFile);
    if (!storage.isEmpty()) {
      b.withStorageOptions(storage);
    }
    if (version != null) {
      b.withDataStorageVersion(version);
    }
    return b.build();
  }

  /** The data file versions ("2.1", ...) of the latest version's fragments. */
  static TreeSet<String> fileVersions(String uri, BufferAllocator allocator) {
    TreeSet<String> out = new TreeSet<>();
    try (Dataset ds = Dataset.open(uri, allocator)) {
      for (Fragment f : ds.getFragments()) {
        for (org.lance.fragment.DataFile df : f.metadata().getFiles()) {
          out.add(df.getFileMajorVersion() + "." + df.getFileMinorVersion());
        }
      }
    }
    return out;
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
    try (Dataset ds = new FragmentOperation.Overwrite(fragments, schema)
        .commit(allocator, uri, Optional.empty(), storage)) {
      return ds.version();
    }
  }

  @Override
  public long append(String uri, List<FragmentMetadata> fragments, long readVersion,
      BufferAllocator allocator) {
    try (Dataset ds = new FragmentOperation.Append(fragments)
        .commit(allocator, uri, Optional.of(readVersion), storage)) {
      return ds.version();
    }
  }

  @Override
  public long scan(String uri, List<String> columns, BufferAllocator allocator) throws Exception {
    long n = 0;
    ScanOptions.Builder b = new ScanOptions.Builder().batchSize(8192);
    if (columns != null) {
      b.columns(columns);
    }
    try (Dataset ds = open(uri, allocator);
        LanceScanner sc = ds.newScan(b.build());
        ArrowReader r = sc.scanBatches()) {
      while (r.loadNextBatch()) {
        n += r.getVectorSchemaRoot().getRowCount();
      }
    }
    return n;
  }

  @Override
  public long take(String uri, long[] indices, List<String> columns, BufferAllocator allocator)
      throws Exception {
    List<Long> boxed = new ArrayList<>(indices.length);
    for (long i : indices) {
      boxed.add(i);
    }
    long n = 0;
    try (Dataset ds = open(uri, allocator)) {
      List<String> cols = columns != null ? columns
          : ds.getSchema().getFields().stream().map(Field::getName).toList();
      try (ArrowReader r = ds.take(boxed, cols)) {
        while (r.loadNextBatch()) {
          n += r.getVectorSchemaRoot().getRowCount();
        }
      }
    }
    return n;
  }

  @Override
  public long countRows(String uri, BufferAllocator allocator) {
    try (Dataset ds = open(uri, allocator)) {
      return ds.countRows();
    }
  }

  @Override
  public long latestVersion(String uri, BufferAllocator allocator) {
    try (Dataset ds = open(uri, allocator)) {
      return ds.version();
    }
  }
}
