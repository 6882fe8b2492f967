package org.lance4j.internal.table;

import java.util.HashMap;
import java.util.Map;
import org.lance4j.Operation;

/**
 * The kind of an {@link Operation}, so that every rule about operations (transaction encoding,
 * manifest building, validation, conflict checking) is a {@code switch} expression over this enum
 * without {@code default}: adding a constant fails compilation wherever a rule is missing.
 *
 * <p>{@link #of} is the only place that maps the records of the sealed {@link Operation} to
 * kinds; {@code OpKindTest} checks that every permitted subclass has exactly one kind.
 */
enum OpKind {
  OVERWRITE(Operation.Overwrite.class),
  APPEND(Operation.Append.class),
  MERGE(Operation.Merge.class),
  DELETE(Operation.Delete.class),
  UPDATE(Operation.Update.class),
  PROJECT(Operation.Project.class),
  RESTORE(Operation.Restore.class),
  REWRITE(Operation.Rewrite.class),
  UPDATE_CONFIG(Operation.UpdateConfig.class),
  RESERVE_FRAGMENTS(Operation.ReserveFragments.class),
  DATA_REPLACEMENT(Operation.DataReplacement.class);

  private static final Map<Class<?>, OpKind> BY_TYPE = new HashMap<>();

  static {
    for (OpKind k : values()) {
      BY_TYPE.put(k.type, k);
    }
  }

  private final Class<? extends Operation> type;

  OpKind(Class<? extends Operation> type) {
    this.type = type;
  }

  /** The record class of this kind. */
  Class<? extends Operation> type() {
    return type;
  }

  /** The kind of an operation (the records are final: its class is exactly one kind's type). */
  static OpKind of(Operation op) {
    OpKind k = BY_TYPE.get(op.getClass());
    if (k == null) {
      throw new IllegalStateException("no OpKind for operation " + op.getClass().getName());
    }
    return k;
  }
}
