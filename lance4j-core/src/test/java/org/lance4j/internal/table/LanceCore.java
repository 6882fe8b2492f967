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

/**
 * Test helpers around the lance-core 7.0.0 oracle: write with it, convert its fragment metadata.
 * A {@code version} is a data storage version for lance-core ("2.0", "2.1", "2.2"), or
 * {@link OracleVersions#DEFAULT} / null for lance-core's own default (2.1).
 */
final class LanceCore {
  private LanceCore() {}

  static org.lance.WriteParams params(int maxRowsPerFile) {
    return params(maxRowsPerFile, null);
  }

  static org.lance.WriteParams params(int maxRowsPerFile, String version) {
    org.lance.WriteParams.Builder b =
        new org.lance.WriteParams.Builder().withMaxRowsPerFile(maxRowsPerFile);
    String v = OracleVersions.writerArg(version);
    if (v != null) {
      b.withDataStorageVersion(v);
    }
    return b.build();
  }

  /** Writes fragments with lance-core at its default version (uncommitted, id 0), as ours. */
  static List<FragmentMetadata> writeFragments(String uri, BufferAllocator a, VectorSchemaRoot root,
      int maxRowsPerFile) {
    return writeFragments(uri, a, root, maxRowsPerFile, null);
  }

  /** Writes fragments with lance-core (uncommitted, id 0), converted to ours. */
  static List<FragmentMetadata> writeFragments(String uri, BufferAllocator a, VectorSchemaRoot root,
      int maxRowsPerFile, String version) {
    List<FragmentMetadata> out = new ArrayList<>();
    for (org.lance.FragmentMetadata f
        : org.lance.Fragment.create(uri, a, root, params(maxRowsPerFile, version))) {
      out.add(toOurs(f));
    }
    return out;
  }

  /** {@link #create(Path, BufferAllocator, VectorSchemaRoot, int, String)} at the default. */
  static void create(Path dir, BufferAllocator a, VectorSchemaRoot root, int maxRowsPerFile) {
    create(dir, a, root, maxRowsPerFile, null);
  }

  /** Creates a dataset (version 1) with lance-core: Fragment.create + Overwrite commit. */
  static void create(Path dir, BufferAllocator a, VectorSchemaRoot root, int maxRowsPerFile,
      String version) {
    String uri = dir.toString();
    List<org.lance.FragmentMetadata> frags =
        org.lance.Fragment.create(uri, a, root, params(maxRowsPerFile, version));
    try (org.lance.Dataset ds = new org.lance.FragmentOperation.Overwrite(frags,
        root.getSchema()).commit(a, uri, Optional.empty(), Map.of())) {
      if (ds.version() != 1) {
        throw new AssertionError("lance-core created version " + ds.version());
      }
    }
  }

  static FragmentMetadata toOurs(org.lance.FragmentMetadata f) {
    List<DataFile> files = new ArrayList<>();
    for (org.lance.fragment.DataFile df : f.getFiles()) {
      files.add(new DataFile(df.getPath(), boxed(df.getFields()), boxed(df.getColumnIndices()),
          df.getFileMajorVersion(), df.getFileMinorVersion(),
          df.getFileSizeBytes() == null ? 0 : df.getFileSizeBytes(),
          df.getBaseId().orElse(null)));
    }
    DeletionFile del = null;
    org.lance.fragment.DeletionFile d = f.getDeletionFile();
    if (d != null) {
      del = new DeletionFile(d.getFileType().name().contains("BITMAP") ? DeletionFile.Type.BITMAP
          : DeletionFile.Type.ARROW_ARRAY, d.getReadVersion(), d.getId(),
          d.getNumDeletedRows() == null ? 0 : d.getNumDeletedRows(), d.getBaseId().orElse(null));
    }
    return new FragmentMetadata(f.getId(), files, f.getPhysicalRows(), del);
  }

  static org.lance.FragmentMetadata toTheirs(FragmentMetadata f) {
    List<org.lance.fragment.DataFile> files = new ArrayList<>();
    for (DataFile df : f.files()) {
      files.add(new org.lance.fragment.DataFile(df.path(),
          df.fields().stream().mapToInt(Integer::intValue).toArray(),
          df.columnIndices().stream().mapToInt(Integer::intValue).toArray(),
          df.fileMajorVersion(), df.fileMinorVersion(), df.fileSizeBytes(), df.baseId()));
    }
    return new org.lance.FragmentMetadata((int) f.id(), files, f.physicalRows(), null,
        null);
  }

  private static List<Integer> boxed(int[] a) {
    return Arrays.stream(a).boxed().toList();
  }
}
