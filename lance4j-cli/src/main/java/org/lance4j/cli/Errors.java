package org.lance4j.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lance4j.CommitConflictException;
import org.lance4j.CorruptFileException;
import org.lance4j.DatasetAlreadyExistsException;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.UnsupportedFormatException;

/**
 * Turns an exception into one line on stderr (cause and hint) and an exit code. With
 * {@code --verbose} the stack trace follows.
 */
final class Errors {
  private Errors() {}

  /** A failure the CLI itself detects, with its exit code and a hint. */
  static final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;
    final String hint;

    CliException(int exitCode, String message, String hint) {
      super(message);
      this.exitCode = exitCode;
      this.hint = hint;
    }

    CliException(int exitCode, String message, String hint, Throwable cause) {
      super(message, cause);
      this.exitCode = exitCode;
      this.hint = hint;
    }
  }

  static CliException invalid(String message, String hint) {
    return new CliException(ExitCodes.INVALID_INPUT, message, hint);
  }

  static CliException notFound(String message, String hint) {
    return new CliException(ExitCodes.NOT_FOUND, message, hint);
  }

  /** Reports {@code e} and returns the exit code. */
  static int report(Throwable e, boolean verbose, PrintWriter err) {
    Throwable t = unwrap(e);
    int code = codeOf(t);
    String message = plain(t);
    if (t instanceof UnsupportedOperationException) {
      message = "this operation is not implemented in this lance4j build yet"
          + (t.getMessage() == null || t.getMessage().equals("TODO") ? "" : ": " + t.getMessage());
    } else if (code == ExitCodes.OTHER) {
      // a bug: the exception's name helps the report
      message = "internal error (" + t.getClass().getSimpleName() + ")" + (t.getMessage() == null
          ? "" : ": " + message);
    }
    String hint = hintOf(t, code);
    String detail = null;
    if (isCaretExcerpt(message)) {
      // an expression error: the cause on the error line, then the text with a caret under the
      // position (kept on their own lines so the caret lines up)
      int nl = message.indexOf('\n');
      detail = message.substring(nl + 1).replace("\r", "");
      message = message.substring(0, nl).replaceFirst(":\\s*$", "");
      hint = "fix the expression at the ^ below";
    }
    err.println("lance4j: error: " + oneLine(message) + (hint == null ? "" : " (hint: " + hint + ")"));
    if (detail != null) {
      err.println(detail);
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static final Pattern JAVA_EXCEPTION = Pattern.compile(
      "(?:\\b[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_]*\\$)?([A-Z][A-Za-z0-9_]*(?:Exception|Error))"
          + "(?::\\s*)?");
  private static final Pattern JACKSON_SOURCE = Pattern.compile(
      "\\s*at \\[Source: [^;\\]]*(?:;\\s*line: (\\d+), column: (\\d+))?\\]");

  /**
   * The message of {@code t} in plain words: file-system exceptions say what happened to which
   * path, Java class names (also inside messages that embed a cause) become words or go, and
   * Jackson's source-location notes become "(line L, column C)".
   */
  static String plain(Throwable t) {
    String m = t.getMessage();
    if (t instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile() + (a.getReason() == null ? ""
          : " (" + a.getReason() + ")");
    }
    if (t instanceof NoSuchFileException n) {
      return "file not found: " + n.getFile();
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException x) {
      return "already exists: " + x.getFile();
    }
    if (t instanceof java.nio.file.NotDirectoryException x) {
      return "not a directory: " + x.getFile();
    }
    if (t instanceof java.nio.file.FileSystemException f) {
      return (f.getReason() == null ? "file system error" : f.getReason().toLowerCase(
          java.util.Locale.ROOT)) + ": " + f.getFile();
    }
    if (t instanceof FileNotFoundException) {
      return m == null ? "file not found" : m.startsWith("object not found") ? m
          : "file not found: " + m;
    }
    if (m == null) {
      return t.getCause() != null && t.getCause() != t ? plain(t.getCause())
          : words(t.getClass().getSimpleName());
    }
    if (t.getCause() != null && t.getCause() != t && m.endsWith(": " + t.getCause())) {
      // LanceIOException and friends embed cause.toString(): replace it by the cause in words
      m = m.substring(0, m.length() - t.getCause().toString().length() - 2) + ": "
          + plain(t.getCause());
    }
    return sanitize(m);
  }

  /** Removes Java class names and Jackson source notes from a message. */
  static String sanitize(String message) {
    Matcher j = JACKSON_SOURCE.matcher(message);
    StringBuilder b = new StringBuilder();
    while (j.find()) {
      j.appendReplacement(b, j.group(1) == null ? ""
          : Matcher.quoteReplacement(" (line " + j.group(1) + ", column " + j.group(2) + ")"));
    }
    j.appendTail(b);
    Matcher c = JAVA_EXCEPTION.matcher(b.toString());
    StringBuilder out = new StringBuilder();
    while (c.find()) {
      String w = words(c.group(2));
      c.appendReplacement(out, Matcher.quoteReplacement(w.isEmpty() ? "" : w + ": "));
    }
    c.appendTail(out);
    return out.toString().replaceAll("\\(\\s*`?StreamReadFeature[^)]*\\)", "").trim();
  }

  /** A few exception names in words ("" = nothing worth saying). */
  private static String words(String simpleName) {
    return switch (simpleName) {
      case "AccessDeniedException" -> "permission denied";
      case "NoSuchFileException", "FileNotFoundException", "NotFoundException" -> "not found";
      case "FileAlreadyExistsException", "AlreadyExistsException" -> "already exists";
      case "DirectoryNotEmptyException" -> "directory not empty";
      case "NotDirectoryException" -> "not a directory";
      case "EOFException" -> "unexpected end of file";
      case "ClosedByInterruptException" -> "interrupted";
      case "OutOfMemoryError" -> "out of memory";
      default -> "";
    };
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof UncheckedIOException || t.getClass() == RuntimeException.class
        || t instanceof java.util.concurrent.ExecutionException
        || t instanceof picocli.CommandLine.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static int codeOf(Throwable t) {
    if (t instanceof CliException c) {
      return c.exitCode;
    }
    if (t instanceof CommitConflictException c) {
      return c.retryable() ? ExitCodes.RETRYABLE_CONFLICT : ExitCodes.INCOMPATIBLE_CONFLICT;
    }
    if (t instanceof DatasetNotFoundException || t instanceof NoSuchFileException
        || t instanceof FileNotFoundException) {
      return ExitCodes.NOT_FOUND;
    }
    if (t instanceof DatasetAlreadyExistsException) {
      return ExitCodes.INCOMPATIBLE_CONFLICT;
    }
    if (t instanceof InvalidInputException || t instanceof IllegalArgumentException) {
      return ExitCodes.INVALID_INPUT;
    }
    if (t instanceof UnsupportedFormatException || t instanceof UnsupportedOperationException) {
      return ExitCodes.UNSUPPORTED;
    }
    if (t instanceof CorruptFileException) {
      return ExitCodes.CORRUPT;
    }
    if (t instanceof LanceIOException || t instanceof IOException) {
      return ExitCodes.IO_ERROR;
    }
    return ExitCodes.OTHER;
  }

  private static String hintOf(Throwable t, int code) {
    if (t instanceof CliException c) {
      return c.hint;
    }
    return switch (code) {
      case ExitCodes.RETRYABLE_CONFLICT ->
          "another commit landed first; run `lance4j info URI` for the latest version, redo the "
              + "work on it and commit again with that --read-version";
      case ExitCodes.INCOMPATIBLE_CONFLICT ->
          "the dataset changed in a way this commit cannot be applied on; start over from the "
              + "latest version";
      case ExitCodes.NOT_FOUND -> t instanceof DatasetNotFoundException
          ? (t.getMessage() != null && t.getMessage().contains("version")
              && !t.getMessage().startsWith("no Lance dataset")
              ? "`lance4j versions URI` lists the versions there are"
              : "check the dataset path; a new dataset is created by write-fragments + commit")
          : t instanceof org.lance4j.storage.ObjectStore.NotFoundException
              || t.getCause() instanceof org.lance4j.storage.ObjectStore.NotFoundException
              ? "a file the dataset needs is missing (deleted by hand, or by cleanup while a "
                  + "writer was still working?); `lance4j versions URI` shows which versions read"
              : "check the file name (relative paths start at the current directory)";
      case ExitCodes.UNSUPPORTED -> "see lance4j-cli/README.md for what lance4j supports";
      case ExitCodes.CORRUPT -> "the file was truncated or is not a Lance file; restore it from a "
          + "backup or `lance4j restore` an older version";
      case ExitCodes.INVALID_INPUT -> null;
      case ExitCodes.IO_ERROR -> t instanceof AccessDeniedException
          || t.getCause() instanceof AccessDeniedException
          ? "check the permissions of that path (ls -ld), or run as a user who may write there"
          : "check disk space, permissions and that the storage is reachable";
      default -> "rerun with --verbose and report the stack trace";
    };
  }

  /** Whether a message ends with an excerpt line and a caret line (expression errors). */
  static boolean isCaretExcerpt(String message) {
    String[] lines = message.split("\r?\n");
    return lines.length == 3 && lines[2].trim().equals("^");
  }

  private static String oneLine(String s) {
    return s.replace("\r", "").replace("\n", " | ");
  }

  static boolean isAccessDenied(Throwable t) {
    return t instanceof AccessDeniedException;
  }
}
