package org.lance4j.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
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
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof UnsupportedOperationException) {
      message = "this operation is not implemented in this lance4j build yet"
          + (t.getMessage() == null || t.getMessage().equals("TODO") ? "" : ": " + t.getMessage());
    } else if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
      message = "file not found: " + message;
    } else if (code == ExitCodes.OTHER || code == ExitCodes.IO_ERROR
        && !(t instanceof LanceIOException)) {
      message = t.getClass().getSimpleName() + ": " + message;
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
      case ExitCodes.NOT_FOUND -> "check the path / URI and the version (`lance4j versions URI`)";
      case ExitCodes.UNSUPPORTED -> "see lance4j-cli/README.md for what lance4j supports";
      case ExitCodes.CORRUPT -> "the file was truncated or is not a Lance file; restore it from a "
          + "backup or `lance4j restore` an older version";
      case ExitCodes.INVALID_INPUT -> "fix the input named above";
      case ExitCodes.IO_ERROR -> "check disk space and permissions";
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
