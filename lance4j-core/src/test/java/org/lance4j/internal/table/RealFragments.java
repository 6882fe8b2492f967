package org.lance4j.internal.table;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.FileFormat;
import org.lance4j.internal.file.v20.V20FileWriter;

/**
 * Small real fragments of {@link ManifestReadInteropTest#simpleSchema()} for commit tests: commits
 * check that data files exist and store the schema's fields, so metadata-only stand-ins will not do.
 */
final class RealFragments {
  private RealFragments() {}

  /** Writes {@code root/data/{name}.lance} with {@code rows} rows; returns its fragment (id 0). */
  static FragmentMetadata write(Path root, String name, long rows) {
    String file = name + ".lance";
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot data = ManifestReadInteropTest.simpleRows(a, 0, (int) rows)) {
      Files.createDirectories(root.resolve("data"));
      OutputStream out = Files.newOutputStream(root.resolve("data").resolve(file));
      long size;
      try (V20FileWriter w = new V20FileWriter(out,
          LanceSchema.fromArrow(ManifestReadInteropTest.simpleSchema()),
          FileFormat.DEFAULT_PAGE_SIZE_BYTES)) {
        w.write(data);
        size = w.finish();
      }
      return new FragmentMetadata(0, List.of(new DataFile(file, List.of(0, 1, 2),
          List.of(0, 1, 2), 2, 0, size, null)), rows, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
