package org.lance4j.cli;

/** The exit codes of the {@code lance4j} tool (documented in {@code --help} and the README). */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** Bad command line: unknown option, missing argument. */
  public static final int USAGE = 1;
  /** Invalid input: malformed CSV/JSON, schema mismatch, bad expression, bad value. */
  public static final int INVALID_INPUT = 2;
  /** Dataset, version, fragment or input file not found. */
  public static final int NOT_FOUND = 3;
  /** A concurrent commit collided; re-read the latest version, redo the work, commit again. */
  public static final int RETRYABLE_CONFLICT = 4;
  /** A concurrent commit made this one impossible (or the dataset already exists). */
  public static final int INCOMPATIBLE_CONFLICT = 5;
  /** Not supported (yet) by lance4j: a format version, a storage scheme, an operation. */
  public static final int UNSUPPORTED = 6;
  /** A file of the dataset is corrupt or truncated. */
  public static final int CORRUPT = 7;
  /** I/O error (disk full, permission denied, ...). */
  public static final int IO_ERROR = 8;
  /** Anything else (a bug: please report it with the --verbose output). */
  public static final int OTHER = 10;

  /** The text shown at the end of {@code --help}. */
  public static final String HELP =
      "Exit codes:" + "%n"
      + "  0  success" + "%n"
      + "  1  usage error (unknown option, missing argument)" + "%n"
      + "  2  invalid input (malformed CSV/JSON line, schema mismatch, bad expression)" + "%n"
      + "  3  not found (dataset, version, fragment or input file)" + "%n"
      + "  4  retryable commit conflict (redo the work on the latest version, retry)" + "%n"
      + "  5  incompatible commit conflict (or the dataset already exists)" + "%n"
      + "  6  unsupported by lance4j (yet)" + "%n"
      + "  7  corrupt dataset file" + "%n"
      + "  8  I/O error" + "%n"
      + "  10 other error (a bug: rerun with --verbose and report it)";

  private ExitCodes() {}
}
