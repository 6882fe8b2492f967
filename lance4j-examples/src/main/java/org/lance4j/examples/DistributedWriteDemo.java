package org.lance4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * The Lance "Distributed Write" guide, in Java, with real worker processes.
 *
 * <pre>
 *   DistributedWriteDemo [DIR]                         run the whole scenario (coordinator)
 *   DistributedWriteDemo worker URI OUT.json FIRST N   one worker: write rows FIRST..FIRST+N-1
 * </pre>
 *
 * The coordinator starts two worker JVMs in parallel; each writes its share of the rows as
 * fragments of the (not yet existing) dataset and saves their metadata as JSON. The coordinator
 * reads the JSON, commits one Overwrite (version 1), then repeats with an Append (version 2), and
 * prints the table and its versions.
 */
public final class DistributedWriteDemo {
  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("a", new ArrowType.Int(32, true)),
      Field.nullable("b", ArrowType.Utf8.INSTANCE)));
  private static final String LETTERS = "xyzuvwabcdefghijklmnopqrst";

  private DistributedWriteDemo() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("worker")) {
      worker(args[1], Paths.get(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      return;
    }
    Path dir = args.length > 0 && !args[0].isBlank()
        ? Paths.get(args[0]) : Files.createTempDirectory("lance4j-demo");
    coordinator(dir.toAbsolutePath());
  }

  /** A worker: writes rows [first, first+n) as fragments, saves their metadata as JSON. */
  static void worker(String uri, Path out, int first, int n) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = rows(allocator, first, n)) {
      List<FragmentMetadata> fragments = Fragments.write(uri, root,
          WriteOptions.builder().mode(WriteOptions.Mode.APPEND).build());
      Files.writeString(out, FragmentMetadata.toJsonArray(fragments));
      System.out.println("  worker " + ProcessHandle.current().pid() + ": rows " + first + ".."
          + (first + n - 1) + " -> " + fragments.size() + " fragment(s)");
    }
  }

  static VectorSchemaRoot rows(BufferAllocator allocator, int first, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    IntVector a = (IntVector) root.getVector("a");
    VarCharVector b = (VarCharVector) root.getVector("b");
    for (int i = 0; i < n; i++) {
      int v = first + i;
      a.setSafe(i, v);
      b.setSafe(i, String.valueOf(LETTERS.charAt((v - 1) % LETTERS.length()))
          .getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
    return root;
  }

  static void coordinator(Path dir) throws Exception {
    String uri = dir.resolve("dist_write").toString();
    Path work = Files.createDirectories(dir.resolve("fragments-json"));
    System.out.println("lance4j distributed-write demo, dataset at " + uri);

    System.out.println("1. two worker processes write fragments in parallel");
    List<FragmentMetadata> all = runWorkers(uri, work, "v1", new int[][] {{1, 3}, {4, 3}});
    try (Dataset ds = Dataset.commit(uri, new Operation.Overwrite(SCHEMA, all), 0)) {
      System.out.println("2. coordinator committed Overwrite(read_version=0) -> version "
          + ds.version() + " with " + ds.fragments().size() + " fragments");
      print(ds);
    }

    System.out.println("3. two more workers write, the coordinator appends");
    long readVersion;
    try (Dataset ds = Dataset.open(uri)) {
      readVersion = ds.version();
    }
    List<FragmentMetadata> more = runWorkers(uri, work, "v2", new int[][] {{7, 2}, {9, 2}});
    try (Dataset ds = Dataset.commit(uri, new Operation.Append(more), readVersion)) {
      System.out.println("4. coordinator committed Append(read_version=" + readVersion
          + ") -> version " + ds.version());
      print(ds);
      System.out.println("versions: 1.." + ds.latestVersion() + "; rows: " + ds.countRows()
          + "; fragments: " + ds.fragments().size());
    }
    System.out.println("dataset: " + uri);
  }

  /** Starts one JVM per share, waits for all, gathers their JSON. */
  static List<FragmentMetadata> runWorkers(String uri, Path work, String tag, int[][] shares)
      throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> procs = new ArrayList<>();
    List<Path> outs = new ArrayList<>();
    for (int w = 0; w < shares.length; w++) {
      Path out = work.resolve(tag + "-worker" + (w + 1) + ".json");
      outs.add(out);
      ProcessBuilder pb = new ProcessBuilder(java,
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"),
          DistributedWriteDemo.class.getName(), "worker", uri, out.toString(),
          String.valueOf(shares[w][0]), String.valueOf(shares[w][1]));
      pb.inheritIO();
      procs.add(pb.start());
    }
    for (int w = 0; w < procs.size(); w++) {
      Process p = procs.get(w);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("worker " + (w + 1) + " failed");
      }
    }
    List<FragmentMetadata> all = new ArrayList<>();
    for (Path out : outs) {
      all.addAll(FragmentMetadata.fromJsonArray(Files.readString(out)));
    }
    return all;
  }

  /** Prints the table like pandas does in the guide. */
  static void print(Dataset ds) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = ds.scan(allocator)) {
      System.out.println("     a  b");
      int row = 0;
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        IntVector a = (IntVector) root.getVector("a");
        VarCharVector b = (VarCharVector) root.getVector("b");
        for (int i = 0; i < root.getRowCount(); i++) {
          System.out.printf("%d  %3d  %s%n", row++, a.get(i), b.getObject(i));
        }
      }
    }
  }
}
