package org.lance4j.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * lance4j's commit latency alone, through the public API only, so the same class runs against
 * any lance4j-core build on the class path (to compare two versions of lance4j, e.g. before and
 * after a change to the commit path; see lance4j-bench/README.md, "Commit latency before and
 * after"): an Append of 10 fragments on a dataset of 1,000 fragments (format 2.0 files of 10
 * rows), 15 warm-up commits, then {@code rounds} measured; prints the medians of wall time and of
 * the committing thread's CPU time. Usage: {@code CommitLatencyProbe [rounds]} (default 60).
 */
public final class CommitLatencyProbe {
  private CommitLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Path dir = Files.createTempDirectory("lance4j-commit-probe");
    String uri = dir.resolve("ds").toString();
    Schema schema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      BigIntVector id = (BigIntVector) root.getVector("id");
      root.allocateNew();
      for (int i = 0; i < 100; i++) {
        id.setSafe(i, i);
      }
      root.setRowCount(100);
      WriteOptions create = WriteOptions.builder().maxRowsPerFile(10).dataStorageVersion("2.0")
          .build();
      List<FragmentMetadata> base = new ArrayList<>();
      for (int k = 0; k < 100; k++) {
        base.addAll(Fragments.write(uri, root, create));
      }
      Dataset.commit(uri, new Operation.Overwrite(schema, base), 0).close();
      WriteOptions append = WriteOptions.builder().maxRowsPerFile(10).dataStorageVersion("2.0")
          .mode(WriteOptions.Mode.APPEND).build();
      List<Double> wall = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      long version = 1;
      for (int r = 0; r < 15 + rounds; r++) {
        List<FragmentMetadata> frags = Fragments.write(uri, root, append); // untimed
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Dataset.commit(uri, new Operation.Append(frags), version++).close();
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        if (r >= 15) {
          wall.add((t1 - t0) / 1e6);
          cpu.add((c1 - c0) / 1e6);
        }
      }
      Collections.sort(wall);
      Collections.sort(cpu);
      System.out.printf("commit Append of 10 fragments on 1000: wall median %.2f ms"
          + " (min %.2f, max %.2f), committing thread CPU median %.2f ms, n=%d%n",
          wall.get(rounds / 2), wall.get(0), wall.get(rounds - 1), cpu.get(rounds / 2), rounds);
    } finally {
      try (java.util.stream.Stream<Path> all = Files.walk(dir)) { // no other bench class used
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
