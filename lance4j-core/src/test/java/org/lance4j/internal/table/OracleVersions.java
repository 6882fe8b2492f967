package org.lance4j.internal.table;

import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The data storage versions the interop tests write with the oracle, lance-core 7.0.0: its
 * default (2.1, named {@link #DEFAULT} so the test asks lance-core for no version at all) and
 * 2.2. {@link #LEGACY} ("2.0") is for the tests that check 2.0 compatibility both ways.
 */
public final class OracleVersions {
  private OracleVersions() {}

  /** lance-core's (or lance4j's) own default: no version passed to the writer. */
  public static final String DEFAULT = "default";
  /** Format 2.0 (legacy), still written by lance-core 7.0.0 when asked for. */
  public static final String LEGACY = "2.0";

  /** The versions of {@code @ValueSource(strings = ...)} for the default + 2.2 interop cases. */
  public static final String[] CURRENT = {DEFAULT, "2.2"};

  /** {@code version} as passed to a writer: null for {@link #DEFAULT} (or null). */
  public static String writerArg(String version) {
    return version == null || DEFAULT.equals(version) ? null : version;
  }

  /** The file version lance-core 7.0.0 writes for {@code version}: 2.1 for its default. */
  public static String expectedLanceCoreFiles(String version) {
    String v = writerArg(version);
    return v == null ? "2.1" : v;
  }

  /** The data file versions ("2.1", ...) of every fragment of the latest version, per lance-core. */
  public static TreeSet<String> fileVersions(BufferAllocator a, String uri) {
    TreeSet<String> out = new TreeSet<>();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      for (org.lance.Fragment f : ds.getFragments()) {
        for (org.lance.fragment.DataFile df : f.metadata().getFiles()) {
          out.add(df.getFileMajorVersion() + "." + df.getFileMinorVersion());
        }
      }
    }
    return out;
  }
}
