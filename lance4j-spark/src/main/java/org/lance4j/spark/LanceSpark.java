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
import org.lance4j.DataFile;
import org.lance4j.Dataset;
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
    Dataset ds = Dataset.open(uri);
    long version = ds.version();
    List<Long> ids = new ArrayList<>();
    for (Fragment f : ds.fragments()) {
      ids.add(f.id());
    }
    if (ids.isEmpty()) {
      return ds.addColumns(sqlExpressions).version();
    }
    HashMap<String, String> exprs = new HashMap<>(sqlExpressions);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Merged> results = jsc.parallelize(ids, ids.size())
        .map(id -> merge(uri, version, id, exprs))
        .collect();
    List<FragmentMetadata> fragments = new ArrayList<>();
    LanceSchema schema = null;
    for (Merged m : results) {
      fragments.add(m.fragment());
      schema = m.schema();
    }
    try {
      return Dataset.commit(uri, new Operation.Merge(fragments, schema), version).version();
    } catch (RuntimeException e) {
      deleteNewFiles(ds, fragments);
      throw e;
    }
  }

  private static Merged merge(String uri, long version, long fragmentId,
      Map<String, String> exprs) {
    try (RootAllocator allocator = new RootAllocator()) {
      MergeResult r = Dataset.open(uri, version).fragment(fragmentId)
          .mergeColumns(exprs, allocator);
      return new Merged(r.fragment(), r.schema());
    }
  }

  private static void deleteNewFiles(Dataset before, List<FragmentMetadata> merged) {
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
    DataFiles.delete(before.uri(), added);
  }

  /** A task's result, shipped back to the driver. */
  private record Merged(FragmentMetadata fragment, LanceSchema schema) implements Serializable {}
}
