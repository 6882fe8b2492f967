package org.lance4j.internal.table;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Child process of {@link CrashDuringWritesTest}: works on the dataset at args[0] forever, until
 * killed, printing "committed {version} {rows}" after each commit. Mode args[1] "write": writes
 * {@link #BATCH} rows with Fragments.write (so most kills land mid-write) and commits an Append.
 * Mode "ops": cycles (from step args[2]) through a partial delete, addColumns, compaction and a
 * delete of old rows (keeping the dataset small). Every added column is {@code id * 3}.
 */
public final class WriteCrashChild {
  static final int BATCH = 50_000;
  /** Ids of rows the parent commits start here; the child's deletes never touch them. */
  static final long PARENT_IDS = 1_000_000_000_000L;
  static final int MAX_ADDED_COLUMNS = 4;

  private WriteCrashChild() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    boolean write = args[1].equals("write");
    int step = Integer.parseInt(args[2]);
    try (BufferAllocator a = new RootAllocator()) {
      for (; ; step++) {
        Dataset ds = Dataset.open(uri);
        long v = ds.version();
        Dataset done;
        if (write) {
          List<FragmentMetadata> frags;
          try (VectorSchemaRoot root = StormRows.rows(ds.schema(), a, (v + 1) * 100_000L, BATCH,
              c -> 3)) {
            frags = Fragments.write(uri, root,
                WriteOptions.builder().mode(WriteOptions.Mode.APPEND).build());
          }
          done = Dataset.commit(uri, new Operation.Append(frags), v);
        } else {
          int kind = (step + 3) % 4; // the first run starts by deleting old rows
          if (kind == 1 && ds.schema().getFields().size() >= 3 + MAX_ADDED_COLUMNS) {
            kind = 3;
          }
          done = switch (kind) {
            case 0 -> ds.delete("id < " + PARENT_IDS + " AND id % 5 = " + (v % 5));
            case 1 -> ds.addColumns(Map.of("c" + v, "id * 3"));
            case 2 -> ds.compact(new CompactionOptions(120_000, true, 0.1));
            default -> ds.delete("id < " + Math.max(100, (v - 4) * 100_000L));
          };
          if (done.version() == v) {
            continue; // nothing to compact
          }
        }
        System.out.println("committed " + done.version() + " " + done.countRows());
        System.out.flush();
      }
    }
  }
}
