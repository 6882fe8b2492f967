package org.lance4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.FieldReference;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.SupportsRuntimeV2Filtering;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;

/**
 * The scan of a copy-on-write row-level operation (MERGE / UPDATE / DELETE): every row of the
 * fragments it reads, without filter push-down (rows the statement does not change must be
 * written back). Spark's runtime group filtering narrows it to the fragments holding matching
 * rows ({@code _fragid IN (...)}); the fragments finally read are the ones the commit replaces.
 */
final class LanceGroupScan extends LanceScan implements SupportsRuntimeV2Filtering {
  private final LanceCopyOnWrite operation;
  private Set<Long> only; // null: every fragment

  LanceGroupScan(Dataset dataset, ReadSpec spec, LanceOptions options,
      LanceCopyOnWrite operation) {
    super(dataset, spec, options);
    this.operation = operation;
    operation.scanned(ids(super.fragmentsToRead()));
  }

  @Override
  public NamedReference[] filterAttributes() {
    return new NamedReference[] {FieldReference.apply(LanceTable.FRAG_ID)};
  }

  @Override
  public void filter(Predicate[] predicates) {
    Set<Long> keep = null;
    for (Predicate p : predicates) {
      Set<Long> ids = fragmentIds(p);
      if (ids == null) {
        continue; // not a fragment-id predicate: read more than needed, never less
      }
      if (keep == null) {
        keep = ids;
      } else {
        keep.retainAll(ids);
      }
    }
    if (keep != null) {
      only = keep;
      operation.scanned(ids(fragmentsToRead()));
    }
  }

  /** The ids an {@code _fragid IN (...)} / {@code _fragid = x} predicate allows, or null. */
  private static Set<Long> fragmentIds(Predicate p) {
    Expression[] ch = p.children();
    if ((!p.name().equals("IN") && !p.name().equals("=")) || ch.length < 1
        || !(ch[0] instanceof NamedReference ref)
        || !String.join(".", ref.fieldNames()).equals(LanceTable.FRAG_ID)) {
      return null;
    }
    Set<Long> out = new LinkedHashSet<>();
    for (int i = 1; i < ch.length; i++) {
      if (!(ch[i] instanceof Literal<?> lit) || !(lit.value() instanceof Number n)) {
        return null;
      }
      out.add(n.longValue());
    }
    return out;
  }

  @Override
  List<FragmentMetadata> fragmentsToRead() {
    List<FragmentMetadata> all = allFragments();
    if (only == null) {
      return all;
    }
    List<FragmentMetadata> out = new ArrayList<>();
    for (FragmentMetadata f : all) {
      if (only.contains(f.id())) {
        out.add(f);
      }
    }
    return out;
  }

  private static List<Long> ids(List<FragmentMetadata> fragments) {
    return fragments.stream().map(FragmentMetadata::id).toList();
  }

  @Override
  public String description() {
    return "LanceGroupScan[" + super.description() + (only == null ? "" : ", fragments=" + only)
        + "]";
  }
}
