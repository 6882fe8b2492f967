package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.List;
import org.lance4j.CompactionOptions;
import org.lance4j.FragmentMetadata;

/**
 * Decides which fragments a compaction rewrites, the way Lance plans it. Walking fragments in id
 * order, a fragment is a candidate when its deleted share exceeds the threshold (it is worth
 * rewriting on its own) or when it has fewer physical rows than the target (worth merging with
 * neighbours). Runs of consecutive candidates form groups; a group of one small fragment without
 * enough deletions changes nothing and is dropped; a long run is split into groups of at least
 * the target row count (the remainder joins the last group).
 */
final class CompactionPlanner {
  private CompactionPlanner() {}

  static List<List<FragmentMetadata>> plan(List<FragmentMetadata> fragments,
      CompactionOptions options) {
    // Groups must be runs of the manifest order (the scan order): the Rewrite puts a group's new
    // fragments where its old ones were, so row order is kept.
    List<FragmentMetadata> sorted = fragments;
    List<List<FragmentMetadata>> runs = new ArrayList<>();
    List<Boolean> selfWorthy = new ArrayList<>();
    List<FragmentMetadata> run = new ArrayList<>();
    boolean runSelfWorthy = false;
    for (FragmentMetadata f : sorted) {
      boolean itself = options.materializeDeletions() && deletedShare(f)
          > options.materializeDeletionsThreshold();
      boolean small = f.physicalRows() < options.targetRowsPerFragment();
      if (itself || small) {
        if (run.isEmpty()) {
          runSelfWorthy = false;
        }
        run.add(f);
        runSelfWorthy |= itself;
      } else if (!run.isEmpty()) {
        runs.add(run);
        selfWorthy.add(runSelfWorthy);
        run = new ArrayList<>();
      }
    }
    if (!run.isEmpty()) {
      runs.add(run);
      selfWorthy.add(runSelfWorthy);
    }
    List<List<FragmentMetadata>> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      List<FragmentMetadata> r = runs.get(i);
      if (r.size() == 1 && !selfWorthy.get(i)) {
        continue; // one small fragment alone: rewriting it gains nothing
      }
      out.addAll(splitForSize(r, options.targetRowsPerFragment()));
    }
    return out;
  }

  /** Deleted rows / physical rows (0 for an empty fragment). */
  static double deletedShare(FragmentMetadata f) {
    if (f.physicalRows() == 0 || f.deletionFile() == null) {
      return 0;
    }
    return (double) f.deletionFile().numDeletedRows() / f.physicalRows();
  }

  /** Consecutive bins of at least {@code minRows} live rows; the remainder joins the last bin. */
  private static List<List<FragmentMetadata>> splitForSize(List<FragmentMetadata> run,
      long minRows) {
    List<List<FragmentMetadata>> bins = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = start;
      long rows = 0;
      while (rows < minRows && end < run.size()) {
        rows += run.get(end).numRows();
        end++;
      }
      long rest = 0;
      for (int k = end; k < run.size(); k++) {
        rest += run.get(k).numRows();
      }
      if (end < run.size() && rest >= minRows) {
        bins.add(new ArrayList<>(run.subList(start, end)));
        start = end;
      } else {
        bins.add(new ArrayList<>(run.subList(start, run.size())));
        return bins;
      }
    }
  }
}
