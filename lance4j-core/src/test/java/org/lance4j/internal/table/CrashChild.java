package org.lance4j.internal.table;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.internal.storage.LocalObjectStore;

/**
 * Child process of {@link CrashSafetyTest}: commits appends and deletes to the dataset at
 * args[0] forever, printing "committed {version}" after each commit, until killed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    LocalObjectStore store = new LocalObjectStore(dir);
    try (BufferAllocator a = new RootAllocator()) {
      for (int i = 0; ; i++) {
        Snapshot s = Versions.loadLatest(store, dir.toString());
        Operation op;
        if (i % 3 == 2 && !s.fragments().isEmpty()) {
          FragmentMetadata f = s.fragments().get(i % s.fragments().size());
          final int r = i % 5;
          FragmentMetadata u = ProtocolFixtures.deleteWhere(s, f.id(), id -> id % 5 == r);
          op = u == null ? new Operation.Delete(List.of(), List.of(f.id()), "p")
              : new Operation.Delete(List.of(u), List.of(), "p");
        } else {
          long first = s.version() * 1000;
          op = new Operation.Append(ProtocolFixtures.fragments(dir, a, first, 50));
        }
        Snapshot done = Committer.commit(store, dir.toString(), op, s.version());
        System.out.println("committed " + done.version());
        System.out.flush();
      }
    }
  }
}
