package org.lance4j.internal.file;

import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;

/** How errors name a Lance data file ("Lance file F column C (field 'x')"), and their types. */
public final class FileErrors {
  private FileErrors() {}

  /** "Lance file F". */
  public static String name(String file) {
    return "Lance file " + file;
  }

  /** "Lance file F column C". */
  public static String column(String file, int column) {
    return name(file) + " column " + column;
  }

  /** "Lance file F column C (field 'x')". */
  public static String field(String file, int column, String field) {
    return column(file, column) + " (field '" + field + "')";
  }

  /** A corrupt-file error whose message is {@code where} followed by {@code rest}. */
  public static CorruptFileException corrupt(String where, String rest) {
    return new CorruptFileException(where + rest);
  }

  /** An unsupported-format error whose message is {@code where} followed by {@code rest}. */
  public static UnsupportedFormatException unsupported(String where, String rest) {
    return new UnsupportedFormatException(where + rest);
  }
}
