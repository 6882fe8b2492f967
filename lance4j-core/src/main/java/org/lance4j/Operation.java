package org.lance4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a commit does to a dataset. Operations are plain values: build one, then hand it to
 * {@link Dataset#commit(String, Operation, long)} with the version it was built on. Concurrent
 * commits are checked against the conflict rules of the Lance format: compatible ones are rebased
 * over, others raise {@link CommitConflictException}.
 */
public sealed interface Operation permits Operation.Overwrite, Operation.Append, Operation.Merge,
    Operation.Delete, Operation.Update, Operation.Project, Operation.Restore, Operation.Rewrite,
    Operation.UpdateConfig, Operation.ReserveFragments, Operation.DataReplacement {

  /** The fragments this operation adds or replaces (empty for metadata-only operations). */
  List<FragmentMetadata> fragments();

  /**
   * Replace the dataset's schema and content (or create the dataset). The fragments' data files
   * must hold the schema's fields under the schema's field ids.
   */
  record Overwrite(LanceSchema schema, List<FragmentMetadata> fragments) implements Operation {
    public Overwrite {
      Objects.requireNonNull(schema, "schema");
      fragments = List.copyOf(Objects.requireNonNull(fragments, "fragments"));
    }

    /**
     * An Overwrite with this Arrow schema, its fields numbered depth-first from 0: what
     * {@link Fragments#write} assigns to a new dataset (or with mode OVERWRITE).
     */
    public Overwrite(Schema schema, List<FragmentMetadata> fragments) {
      this(LanceSchema.fromArrow(Objects.requireNonNull(schema, "schema")), fragments);
    }
  }

  /** Add fragments to the dataset (creating it when it does not exist yet). */
  record Append(List<FragmentMetadata> fragments) implements Operation {
    public Append {
      fragments = List.copyOf(Objects.requireNonNull(fragments, "fragments"));
    }
  }

  /**
   * Add columns: {@code fragments} must list every fragment of the read version, each with its
   * unchanged physical rows and one or more new data files ({@link Fragment#mergeColumns}), and
   * {@code schema} is the new schema (old fields keep their ids).
   */
  record Merge(List<FragmentMetadata> fragments, LanceSchema schema) implements Operation {
    public Merge {
      fragments = List.copyOf(Objects.requireNonNull(fragments, "fragments"));
      Objects.requireNonNull(schema, "schema");
    }

    /**
     * A Merge with this Arrow schema, its fields numbered depth-first from 0 (as pylance does
     * for a {@code pa.Schema}). That matches the ids of a dataset whose columns were never
     * dropped; otherwise take the {@link LanceSchema} form ({@link MergeResult#schema()}): a
     * commit whose existing fields would change ids is refused, naming the field.
     */
    public Merge(List<FragmentMetadata> fragments, Schema schema) {
      this(fragments, LanceSchema.fromArrow(Objects.requireNonNull(schema, "schema")));
    }
  }

  /**
   * Delete rows: fragments whose deletion vector grew ({@code updatedFragments}, from
   * {@link Fragment#delete(String)}) and fragments removed entirely. {@code predicate} is recorded
   * for humans and conflict messages.
   */
  record Delete(List<FragmentMetadata> updatedFragments, List<Long> deletedFragmentIds,
      String predicate) implements Operation {
    public Delete {
      updatedFragments = List.copyOf(Objects.requireNonNull(updatedFragments, "updatedFragments"));
      deletedFragmentIds = List.copyOf(Objects.requireNonNull(deletedFragmentIds,
          "deletedFragmentIds"));
      predicate = predicate == null ? "" : predicate;
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return updatedFragments;
    }
  }

  /**
   * Rewrite rows (Lance's Update): the rows' old copies are deleted from their fragments
   * ({@code updatedFragments} carry the grown deletion vectors, {@code removedFragmentIds} the
   * fragments with no row left) and their new values are added as {@code newFragments}, all in one
   * commit. {@code fieldsModified} lists the ids of the fields whose values changed. What
   * {@link Dataset#update(java.util.Map, String)} commits.
   */
  record Update(List<Long> removedFragmentIds, List<FragmentMetadata> updatedFragments,
      List<FragmentMetadata> newFragments, List<Integer> fieldsModified) implements Operation {
    public Update {
      removedFragmentIds = List.copyOf(Objects.requireNonNull(removedFragmentIds,
          "removedFragmentIds"));
      updatedFragments = List.copyOf(Objects.requireNonNull(updatedFragments,
          "updatedFragments"));
      newFragments = List.copyOf(Objects.requireNonNull(newFragments, "newFragments"));
      fieldsModified = List.copyOf(Objects.requireNonNull(fieldsModified, "fieldsModified"));
    }

    @Override
    public List<FragmentMetadata> fragments() {
      List<FragmentMetadata> all = new java.util.ArrayList<>(updatedFragments);
      all.addAll(newFragments);
      return List.copyOf(all);
    }
  }

  /**
   * Replace the schema without touching data (drop columns): metadata only. Takes a
   * {@link LanceSchema} because the ids say which data each kept field reads (e.g.
   * {@code dataset.lanceSchema()} minus the dropped fields).
   */
  record Project(LanceSchema schema) implements Operation {
    public Project {
      Objects.requireNonNull(schema, "schema");
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return List.of();
    }
  }

  /** Make an older version the latest again (as a new version). */
  record Restore(long version) implements Operation {
    public Restore {
      if (version < 1) {
        throw new InvalidInputException("restore needs a version >= 1, got " + version);
      }
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return List.of();
    }
  }

  /** Compaction: each group's old fragments are replaced by its new fragments (same rows). */
  record Rewrite(List<RewriteGroup> groups) implements Operation {
    public Rewrite {
      groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return groups.stream().flatMap(g -> g.newFragments().stream()).toList();
    }
  }

  /** One unit of a {@link Rewrite}: the fragments replaced and their replacements. */
  record RewriteGroup(List<FragmentMetadata> oldFragments, List<FragmentMetadata> newFragments) {
    public RewriteGroup {
      oldFragments = List.copyOf(Objects.requireNonNull(oldFragments, "oldFragments"));
      newFragments = List.copyOf(Objects.requireNonNull(newFragments, "newFragments"));
    }
  }

  /** Change the dataset's key/value config: upsert some keys, delete others. */
  record UpdateConfig(Map<String, String> upserts, List<String> deleteKeys) implements Operation {
    public UpdateConfig {
      upserts = Map.copyOf(Objects.requireNonNull(upserts, "upserts"));
      deleteKeys = List.copyOf(Objects.requireNonNull(deleteKeys, "deleteKeys"));
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return List.of();
    }
  }

  /** Reserve fragment ids (raises max_fragment_id) so writers can number fragments themselves. */
  record ReserveFragments(int numFragments) implements Operation {
    public ReserveFragments {
      if (numFragments < 1) {
        throw new InvalidInputException("reserve at least one fragment id, got " + numFragments);
      }
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return List.of();
    }
  }

  /**
   * Replace the data files of some columns of existing fragments (Lance's DataReplacement, e.g.
   * a column recomputed in place): in each group's fragment, the data file storing exactly the
   * new file's fields (and file version) gets the new file's path and size; when the fragment has
   * no file for those fields (an all-null column added later), the new file is added. Every new
   * file must store the same fields, and have the fragment's physical row count.
   */
  record DataReplacement(List<DataReplacementGroup> replacements) implements Operation {
    public DataReplacement {
      replacements = List.copyOf(Objects.requireNonNull(replacements, "replacements"));
      if (replacements.isEmpty()) {
        throw new InvalidInputException("a DataReplacement needs at least one replacement");
      }
    }

    @Override
    public List<FragmentMetadata> fragments() {
      return List.of();
    }
  }

  /** One unit of a {@link DataReplacement}: the fragment and its new data file. */
  record DataReplacementGroup(long fragmentId, DataFile newFile) {
    public DataReplacementGroup {
      Objects.requireNonNull(newFile, "newFile");
    }
  }
}
