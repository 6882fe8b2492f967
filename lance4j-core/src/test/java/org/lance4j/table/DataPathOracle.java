package org.lance4j.table;

import com.lancedb.lance.WriteParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance4j.testing.ArrowAssert;

/** Test helper: drives lance-core (the official implementation) as an oracle. */
public final class DataPathOracle {
  private DataPathOracle() {}

  /** Creates a dataset with lance-core from a reader (consumed and closed). */
  public static void create(BufferAllocator allocator, ArrowReader data, String uri,
      int maxRowsPerFile) {
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, data, stream);
      WriteParams params = new WriteParams.Builder().withMaxRowsPerFile(maxRowsPerFile)
          .withDataStorageVersion(WriteParams.LanceFileVersion.V2_0).build();
      com.lancedb.lance.Dataset.create(allocator, stream, uri, params).close();
    }
  }

  /** Scans with lance-core and returns normalised columns. */
  public static Map<String, List<Object>> scan(BufferAllocator allocator, String uri,
      com.lancedb.lance.ipc.ScanOptions options) throws Exception {
    try (com.lancedb.lance.Dataset ds = com.lancedb.lance.Dataset.open(uri, allocator);
        com.lancedb.lance.ipc.LanceScanner scanner = ds.newScan(options);
        ArrowReader r = scanner.scanBatches()) {
      return ArrowAssert.drain(r);
    }
  }

  public static Map<String, List<Object>> scanAll(BufferAllocator allocator, String uri)
      throws Exception {
    return scan(allocator, uri, new com.lancedb.lance.ipc.ScanOptions.Builder().build());
  }

  /** Names of the files in {@code dir} with the given extension, sorted. */
  public static List<Path> files(Path dir, String extension) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().forEach(out::add);
    }
    return out;
  }
}
