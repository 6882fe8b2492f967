package org.lance4j;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a commit does to a dataset. Operations are plain values: build one, then hand it to
 * {@link Dataset#commit(String, Operation, long)}.
 */
public sealed interface Operation permits Operation.Overwrite, Operation.Append {

  /** The fragments this operation adds (with temporary id 0 until committed). */
  List<FragmentMetadata> fragments();

  /**
   * Replace the dataset's schema and content (or create the dataset). The fragments' data files
   * must hold the schema's fields with ids assigned depth-first from 0, as {@link Fragments#write}
   * produces.
   */
  record Overwrite(Schema schema, List<FragmentMetadata> fragments) implements Operation {
    public Overwrite {
      Objects.requireNonNull(schema, "schema");
      fragments = List.copyOf(Objects.requireNonNull(fragments, "fragments"));
    }
  }

  /** Add fragments to the dataset (creating it when it does not exist yet). */
  record Append(List<FragmentMetadata> fragments) implements Operation {
    public Append {
      fragments = List.copyOf(Objects.requireNonNull(fragments, "fragments"));
    }
  }
}
