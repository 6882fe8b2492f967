package org.lance4j.fuzz;

/** {@link V21CorruptionFuzzTest} over Lance 2.2 data files. */
class V22CorruptionFuzzTest extends V21CorruptionFuzzTest {
  @Override
  String formatVersion() {
    return "2.2";
  }
}
