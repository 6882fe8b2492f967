package org.lance4j.fuzz;

import java.util.EnumSet;
import java.util.Set;

/**
 * The corruption fuzz suite over a dataset of Lance 2.1 data files (structural encodings,
 * mini-block and full-zip pages): corrupt data files and manifests, mutated fragment JSON. The
 * deletion and transaction files do not depend on the file format: {@link CorruptionFuzzTest}
 * covers them. Fewer cases by default than the 2.0 suite, to keep {@code mvn verify} short.
 */
class V21CorruptionFuzzTest extends CorruptionFuzzBase {
  @Override
  String formatVersion() {
    return "2.1";
  }

  @Override
  Set<Kind> kinds() {
    return EnumSet.of(Kind.DATA_FILE, Kind.MANIFEST, Kind.FRAGMENT_JSON);
  }

  @Override
  int defaultIterations() {
    return 60;
  }
}
