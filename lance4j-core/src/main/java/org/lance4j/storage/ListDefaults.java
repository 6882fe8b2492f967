package org.lance4j.storage;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Guards the defaults of {@link ObjectStore#list} and {@link ObjectStore#listWithInfo}, each
 * written in terms of the other: the stores whose default {@code listWithInfo} is running on this
 * thread, so that the default {@code list} of a store that overrides neither fails at once.
 */
final class ListDefaults {
  private static final ThreadLocal<Set<ObjectStore>> IN_LIST_WITH_INFO =
      ThreadLocal.withInitial(() -> Collections.newSetFromMap(new IdentityHashMap<>()));

  private ListDefaults() {}

  static void enter(ObjectStore store) {
    IN_LIST_WITH_INFO.get().add(store);
  }

  static void exit(ObjectStore store) {
    IN_LIST_WITH_INFO.get().remove(store);
  }

  static boolean inDefaultListWithInfo(ObjectStore store) {
    return IN_LIST_WITH_INFO.get().contains(store);
  }
}
