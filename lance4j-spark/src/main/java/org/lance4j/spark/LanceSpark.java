package org.lance4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.lance4j.ColumnTransform;
import org.lance4j.DataFile;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.OpenOptions;
import org.lance4j.StorageOptions;
import org.lance4j.Fragment;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.MergeResult;
import org.lance4j.Operation;

/** Distributed dataset operations that go beyond reading and writing rows. */
public final class LanceSpark {
  private LanceSpark() {}

  /**
   * Adds columns computed by SQL expressions ({@code "name_len" -> "length(name)"}): one Spark task
   * per fragment writes the new column file of that fragment ({@link Fragment#mergeColumns}); the
   * driver commits all of them as one Merge on top of the version read at the start. If the job or
   * the commit fails, the new files are deleted and the dataset is unchanged.
   *
   * @return the new version
   */
  public static long addColumns(SparkSession spark, String uri,
      Map<String, String> sqlExpressions) {
    HashMap<String, String> exprs = new HashMap<>(sqlExpressions);
    StorageOptions storage = SparkStorage.of(Map.of());
    return addColumns(spark, uri, storage, (u, v, id, allocator) -> {
      try (Dataset ds = open(u, v, storage)) {
        return ds.fragment(id).mergeColumns(exprs, allocator);
      }
    });
  }

  /**
   * Like {@link #addColumns(SparkSession, String, Map)} with a Java function over Arrow batches:
   * {@code transform} (which must be serializable, e.g. a lambda cast to
   * {@code ColumnTransform & Serializable}) runs in the tasks on {@code readColumns} (null = all).
   */
  public static long addColumns(SparkSession spark, String uri, ColumnTransform transform,
      List<String> readColumns) {
    if (!(transform instanceof Serializable)) {
      throw new org.lance4j.InvalidInputException("the ColumnTransform must be Serializable to"
          + " run in Spark tasks");
    }
    List<String> cols = readColumns == null ? null : new ArrayList<>(readColumns);
    StorageOptions storage = SparkStorage.of(Map.of());
    return addColumns(spark, uri, storage, (u, v, id, allocator) -> {
      try (Dataset ds = open(u, v, storage)) {
        return ds.fragment(id).mergeColumns(transform, cols, allocator);
      }
    });
  }

  private static Dataset open(String uri, long version, StorageOptions storage) {
    return Dataset.open(uri, OpenOptions.builder().version(version).storageOptions(storage)
        .build());
  }

  /** What a task runs for one fragment. */
  private interface FragmentMerge extends Serializable {
    MergeResult merge(String uri, long version, long fragmentId, RootAllocator allocator);
  }

  private static long addColumns(SparkSession spark, String uri, StorageOptions storage,
      FragmentMerge work) {
    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(storage).build())) {
      return addColumns(spark, uri, storage, work, ds);
    }
  }

  private static long addColumns(SparkSession spark, String uri, StorageOptions storage,
      FragmentMerge work, Dataset ds) {
    long version = ds.version();
    List<Long> ids = new ArrayList<>();
    for (Fragment f : ds.fragments()) {
      ids.add(f.id());
    }
    if (ids.isEmpty()) {
      throw new org.lance4j.InvalidInputException("dataset " + uri + " has no fragments: add"
          + " columns with Dataset.addColumns");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Merged> results = jsc.parallelize(ids, ids.size())
        .map(id -> merge(uri, version, id, work))
        .collect();
    List<FragmentMetadata> fragments = new ArrayList<>();
    LanceSchema schema = null;
    for (Merged m : results) {
      fragments.add(m.fragment());
      schema = m.schema();
    }
    try {
      try (Dataset after = Dataset.commit(uri, new Operation.Merge(fragments, schema), version,
          CommitOptions.builder().storageOptions(storage).build())) {
        return after.version();
      }
    } catch (RuntimeException e) {
      deleteNewFiles(ds, fragments, storage);
      throw e;
    }
  }

  private static Merged merge(String uri, long version, long fragmentId, FragmentMerge work) {
    try (RootAllocator allocator = new RootAllocator()) {
      MergeResult r = work.merge(uri, version, fragmentId, allocator);
      return new Merged(r.fragment(), r.schema());
    }
  }

  private static void deleteNewFiles(Dataset before, List<FragmentMetadata> merged,
      StorageOptions storage) {
    Set<String> old = new HashSet<>();
    for (Fragment f : before.fragments()) {
      for (DataFile d : f.metadata().files()) {
        old.add(d.path());
      }
    }
    List<FragmentMetadata> added = new ArrayList<>();
    for (FragmentMetadata f : merged) {
      List<DataFile> fresh = f.files().stream().filter(d -> !old.contains(d.path())).toList();
      added.add(new FragmentMetadata(f.id(), fresh, f.physicalRows(), null));
    }
    DataFiles.delete(before.uri(), added, storage);
  }

  /** A task's result, shipped back to the driver. */
  private record Merged(FragmentMetadata fragment, LanceSchema schema) implements Serializable {}
}
