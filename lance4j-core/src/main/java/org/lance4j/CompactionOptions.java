package org.lance4j;

/**
 * What {@link Dataset#compact(CompactionOptions)} does: fragments with fewer than
 * {@code targetRowsPerFragment} rows (or with many deleted rows) are rewritten together into
 * fragments of about {@code targetRowsPerFragment} rows, dropping deleted rows.
 *
 * @param targetRowsPerFragment rows a compacted fragment aims for (default 1,048,576)
 * @param materializeDeletions rewrite fragments whose deleted share reaches the threshold
 * @param materializeDeletionsThreshold deleted share (0..1) that triggers a rewrite (default 0.1)
 */
public record CompactionOptions(long targetRowsPerFragment, boolean materializeDeletions,
    double materializeDeletionsThreshold) {

  public CompactionOptions {
    if (targetRowsPerFragment < 1) {
      throw new InvalidInputException("targetRowsPerFragment must be >= 1, got "
          + targetRowsPerFragment);
    }
    if (materializeDeletionsThreshold < 0 || materializeDeletionsThreshold > 1) {
      throw new InvalidInputException("materializeDeletionsThreshold must be in [0, 1], got "
          + materializeDeletionsThreshold);
    }
  }

  public static CompactionOptions defaults() {
    return new CompactionOptions(1024 * 1024, true, 0.1);
  }
}
