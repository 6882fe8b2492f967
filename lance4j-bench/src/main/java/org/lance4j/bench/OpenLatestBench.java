package org.lance4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.Dataset;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Issue 12's workload: opening the latest version of a dataset with many versions must cost
 * about what it costs with few (the version hint, then a probe forward, instead of listing
 * {@code _versions/}). Grows one local lance4j dataset (1 data version, then config-only commits)
 * through the requested version counts (untimed), and at each times {@link Dataset#open(String)} (median
 * and p90 of {@code runs} opens, after warm-up). Its own main, apart from {@link BenchMain}:
 * {@code java -cp ... org.lance4j.bench.OpenLatestBench [dir] [versions,...] [runs]}.
 */
public final class OpenLatestBench {
  private OpenLatestBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("open-latest");
    long[] counts = Arrays.stream((args.length > 1 ? args[1] : "10,10000").split(","))
        .mapToLong(Long::parseLong).toArray();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    System.out.println("| versions | open latest median (ms) | p90 (ms) | build (s) |");
    System.out.println("|---:|---:|---:|---:|");
    // one dataset grown through the checkpoints (ascending), timed at each
    Arrays.sort(counts);
    String uri = dir.resolve("versions.lance").toString();
    long have = 0;
    for (long n : counts) {
      long t0 = System.nanoTime();
      have = build(uri, have, n);
      double buildS = (System.nanoTime() - t0) / 1e9;
      double[] ms = time(uri, n, runs);
      System.out.printf("| %d | %.3f | %.3f | %.1f |%n", n, ms[0], ms[1], buildS);
    }
  }

  /**
   * Grows the dataset from {@code have} versions (0: none) to {@code versions}: 100 rows at
   * version 1, then config commits.
   */
  static long build(String uri, long have, long versions) {
    if (have == 0) {
      create(uri);
      have = 1;
    }
    for (long v = have + 1; v <= versions; v++) {
      Dataset.commit(uri, new Operation.UpdateConfig(Map.of("bench.v", Long.toString(v)),
          List.of()), v - 1).close();
    }
    return versions;
  }

  private static void create(String uri) {
    Schema schema = new Schema(List.of(
        new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      root.allocateNew();
      for (int i = 0; i < 100; i++) {
        ((BigIntVector) root.getVector(0)).setSafe(i, i);
      }
      root.setRowCount(100);
      Dataset.commit(uri, new Operation.Overwrite(schema, Fragments.write(uri, root,
          WriteOptions.builder().mode(WriteOptions.Mode.CREATE).build())), 0).close();
    }
  }

  /** Median and p90 milliseconds of opening the latest version. */
  static double[] time(String uri, long expected, int runs) {
    for (int i = 0; i < 10; i++) {
      open(uri, expected);
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      open(uri, expected);
      ms.add((System.nanoTime() - t) / 1e6);
    }
    ms.sort(null);
    return new double[] {ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9))};
  }

  private static void open(String uri, long expected) {
    try (Dataset ds = Dataset.open(uri)) {
      if (ds.version() != expected || ds.countRows() != 100) {
        throw new IllegalStateException("opened version " + ds.version() + " of " + uri
            + ", expected " + expected);
      }
    }
  }
}
