package org.lance4j.internal.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance4j.DataFile;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;

/** Test helpers around the lance-core oracle: write with it, convert its fragment metadata. */
final class LanceCore {
  private LanceCore() {}

  static com.lancedb.lance.WriteParams params(int maxRowsPerFile) {
    return new com.lancedb.lance.WriteParams.Builder().withMaxRowsPerFile(maxRowsPerFile).build();
  }

  /** Writes fragments with lance-core (uncommitted, id 0), converted to ours. */
  static List<FragmentMetadata> writeFragments(String uri, BufferAllocator a, VectorSchemaRoot root,
      int maxRowsPerFile) {
    List<FragmentMetadata> out = new ArrayList<>();
    for (com.lancedb.lance.FragmentMetadata f
        : com.lancedb.lance.Fragment.create(uri, a, root, params(maxRowsPerFile))) {
      out.add(toOurs(f));
    }
    return out;
  }

  /** Creates a dataset (version 1) with lance-core: Fragment.create + Overwrite commit. */
  static void create(Path dir, BufferAllocator a, VectorSchemaRoot root, int maxRowsPerFile) {
    String uri = dir.toString();
    List<com.lancedb.lance.FragmentMetadata> frags =
        com.lancedb.lance.Fragment.create(uri, a, root, params(maxRowsPerFile));
    try (com.lancedb.lance.Dataset ds = new com.lancedb.lance.FragmentOperation.Overwrite(frags,
        root.getSchema()).commit(a, uri, Optional.empty(), Map.of())) {
      if (ds.version() != 1) {
        throw new AssertionError("lance-core created version " + ds.version());
      }
    }
  }

  static FragmentMetadata toOurs(com.lancedb.lance.FragmentMetadata f) {
    List<DataFile> files = new ArrayList<>();
    for (com.lancedb.lance.fragment.DataFile df : f.getFiles()) {
      files.add(new DataFile(df.getPath(), boxed(df.getFields()), boxed(df.getColumnIndices()),
          df.getFileMajorVersion(), df.getFileMinorVersion(),
          df.getFileSizeBytes() == null ? 0 : df.getFileSizeBytes(),
          df.getBaseId().orElse(null)));
    }
    DeletionFile del = null;
    com.lancedb.lance.fragment.DeletionFile d = f.getDeletionFile();
    if (d != null) {
      del = new DeletionFile(d.getFileType().name().contains("BITMAP") ? DeletionFile.Type.BITMAP
          : DeletionFile.Type.ARROW_ARRAY, d.getReadVersion(), d.getId(),
          d.getNumDeletedRows() == null ? 0 : d.getNumDeletedRows(), d.getBaseId().orElse(null));
    }
    return new FragmentMetadata(f.getId(), files, f.getPhysicalRows(), del);
  }

  static com.lancedb.lance.FragmentMetadata toTheirs(FragmentMetadata f) {
    List<com.lancedb.lance.fragment.DataFile> files = new ArrayList<>();
    for (DataFile df : f.files()) {
      files.add(new com.lancedb.lance.fragment.DataFile(df.path(),
          df.fields().stream().mapToInt(Integer::intValue).toArray(),
          df.columnIndices().stream().mapToInt(Integer::intValue).toArray(),
          df.fileMajorVersion(), df.fileMinorVersion(), df.fileSizeBytes(), df.baseId()));
    }
    return new com.lancedb.lance.FragmentMetadata((int) f.id(), files, f.physicalRows(), null,
        null);
  }

  private static List<Integer> boxed(int[] a) {
    return Arrays.stream(a).boxed().toList();
  }
}
