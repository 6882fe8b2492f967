package org.lance4j.fuzz;

import java.util.EnumSet;
import java.util.Set;

/**
 * Seeded corruption fuzzing (issue 14): one file of a small dataset is corrupted at a time (data
 * file, manifest, {@code .arrow} and {@code .bin} deletion files, transaction file) and the
 * dataset is opened, counted and scanned; fragment JSONs are mutated and committed. Outcome
 * classes:
 *
 * <ul>
 *   <li>{@code TYPED}: a {@link LanceException} naming the corrupted file (for commits of mutated
 *       JSON: any {@code LanceException}, the JSON has no file name);
 *   <li>{@code SAME}: the read (or the accepted commit) gives exactly the uncorrupted rows;
 *   <li>{@code UNDETECTED_PAYLOAD}: only for data files and deletion vectors, whose payload
 *       (page values, row offsets) the formats protect with no checksum: exactly the right number
 *       of rows, some with other values (for deletion files: other rows deleted, as many);
 *   <li>{@code UNDETECTED_MANIFEST}: a manifest mutated into another well-formed manifest that
 *       the read-time checks cannot tell from a real one (e.g. a field id in a fragment's file
 *       list changed, so that column reads as null there, or a deletion count that the scan
 *       never compares): counted and reported, not failed. Manifests carry no checksum;
 *       the read-time cross-checks (ManifestChecks: field ids and column indices unique per
 *       fragment, max_fragment_id, files per fragment, deletion counts, version = file name) and
 *       the scan's row count check narrow this class.
 * </ul>
 *
 * and never: another exception, a hang (10 s per case), an allocator left with memory, an
 * accepted commit that changes or loses rows or makes the latest version unreadable, a typed
 * error that does not name the file. Every failure prints the seed, the case and the mutation.
 *
 * <p>The default run (seeded, about a minute with {@code mvn verify}) does
 * {@value #ITERATIONS} cases per file kind ({@link V21CorruptionFuzzTest} and
 * {@link V22CorruptionFuzzTest} fuzz 2.1 and 2.2 data files, manifests and fragment JSON the same
 * way). The long run (10,000 per kind; opt-in, not in CI, hours on two cores):
 * {@code mvn -B -o -pl lance4j-core test -Dtest='*CorruptionFuzzTest'
 * -Dlance4j.fuzz.iterations=10000 -Dlance4j.fuzz.seed=7}.
 */
class CorruptionFuzzTest extends CorruptionFuzzBase {
  static final int ITERATIONS = 120;

  @Override
  String formatVersion() {
    return "2.0";
  }

  @Override
  Set<Kind> kinds() {
    return EnumSet.allOf(Kind.class);
  }

  @Override
  int defaultIterations() {
    return ITERATIONS;
  }
}
