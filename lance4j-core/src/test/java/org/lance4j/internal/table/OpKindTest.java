package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;

/**
 * The one mapping from operation records to {@link OpKind}: a new record in Operation's
 * {@code permits} list fails here until it has its kind (and then every rule table fails to
 * compile until it has its case).
 */
class OpKindTest {
  @Test
  void everyPermittedOperationHasExactlyOneKind() {
    Set<Class<?>> permitted = Set.of(Operation.class.getPermittedSubclasses());
    List<Class<?>> types = Arrays.stream(OpKind.values()).map(OpKind::type)
        .collect(Collectors.toList());
    assertThat(types).doesNotHaveDuplicates();
    assertThat(Set.copyOf(types)).isEqualTo(permitted);
  }

  @Test
  void ofMapsEachOperationToItsKind() {
    LanceSchema schema = LanceSchema.fromArrow(new Schema(List.of()));
    Map<Operation, OpKind> samples = Map.ofEntries(
        Map.entry(new Operation.Overwrite(new Schema(List.of()), List.of()), OpKind.OVERWRITE),
        Map.entry(new Operation.Append(List.of()), OpKind.APPEND),
        Map.entry(new Operation.Merge(List.of(), schema), OpKind.MERGE),
        Map.entry(new Operation.Delete(List.of(), List.of(0L), "x"), OpKind.DELETE),
        Map.entry(new Operation.Update(List.of(0L), List.of(), List.of(), List.of()),
            OpKind.UPDATE),
        Map.entry(new Operation.Project(schema), OpKind.PROJECT),
        Map.entry(new Operation.Restore(1), OpKind.RESTORE),
        Map.entry(new Operation.Rewrite(List.of()), OpKind.REWRITE),
        Map.entry(new Operation.UpdateConfig(Map.of("a", "1"), List.of()), OpKind.UPDATE_CONFIG),
        Map.entry(new Operation.ReserveFragments(1), OpKind.RESERVE_FRAGMENTS),
        Map.entry(new Operation.DataReplacement(List.of(new Operation.DataReplacementGroup(0,
            new org.lance4j.DataFile("a.lance", List.of(1), List.of(0), 2, 0, 10, null)))),
            OpKind.DATA_REPLACEMENT));
    assertThat(samples.values()).containsExactlyInAnyOrder(OpKind.values());
    samples.forEach((op, kind) -> {
      assertThat(OpKind.of(op)).isEqualTo(kind);
      assertThat(kind.type()).isEqualTo(op.getClass());
    });
  }
}
