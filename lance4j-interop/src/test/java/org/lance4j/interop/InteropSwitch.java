package org.lance4j.interop;

import java.util.List;

/**
 * The one place the interop tests read their switches.
 *
 * <p>{@link #V21}: system property {@code lance4j.interop.v21} (the module's pom passes its
 * property of the same name, on by default since the v21 reader landed); the cases that
 * make lance4j read 2.1 or 2.2 files (the type matrix at 2.1/2.2, the LanceDB tables) cannot pass
 * before the v21 reader (lance4j-core's internal package file.v21) lands. Switch this on when it
 * lands (the maintainer flips the pom default on merge); {@code ReaderSwitchGuardTest} fails with
 * the switch off as soon as lance4j reads a 2.1 file, so it cannot be forgotten.
 */
final class InteropSwitch {
  private InteropSwitch() {}

  /** Whether lance4j is expected to read file formats 2.1 and 2.2. */
  static final boolean V21 = Boolean.getBoolean("lance4j.interop.v21");

  /** -Dlance4j.interop.skipNpm=true: LanceDB was not installed from npm; skip its test. */
  static final boolean SKIP_NPM = Boolean.getBoolean("lance4j.interop.skipNpm");

  /** Where the build installed the LanceDB writer script (target/node). */
  static final String NODE_DIR = System.getProperty("lance4j.interop.nodeDir", "target/node");

  /** The file versions lance-core 7.0.0 writes that the tests cover. */
  static final List<String> ALL_VERSIONS = List.of("2.0", "2.1", "2.2");

  /** Whether lance4j is expected to read data files of this version now. */
  static boolean lance4jReads(String version) {
    return version.equals("2.0") || V21;
  }

  /** Why a case is not run, for the skip message. */
  static String skipReason(String what) {
    return what + ": lance4j reads file format 2.1/2.2 only with the v21 reader;"
        + " run with -Dlance4j.interop.v21=true once it has landed";
  }
}
