package org.lance4j.cli.input;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.InvalidInputException;

/**
 * A streaming RFC 4180 CSV tokenizer: quoted fields may hold the delimiter, doubled quotes and line
 * breaks; records end at LF or CRLF. An empty unquoted field is null, an empty quoted field ("") is
 * the empty string. Reports malformed input with the file name and line number.
 */
final class CsvParser {
  private final Reader in;
  private final String file;
  private final char delimiter;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private final StringBuilder field = new StringBuilder();

  CsvParser(Reader in, String file, char delimiter) {
    this.in = in;
    this.file = file;
    this.delimiter = delimiter;
  }

  /** The 1-based line on which the last record returned by {@link #next()} starts. */
  long recordLine() {
    return recordLine;
  }

  String file() {
    return file;
  }

  private int read() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private int peek() throws IOException {
    int c = read();
    if (c >= 0) {
      pos--;
    }
    return c;
  }

  /** The next record's fields, or null at end of input. Blank lines are skipped. */
  List<String> next() throws IOException {
    int c = read();
    while (c == '\n' || c == '\r') {
      if (c == '\n') {
        line++;
      }
      c = read();
    }
    if (c < 0) {
      return null;
    }
    recordLine = line;
    List<String> out = new ArrayList<>();
    while (true) {
      field.setLength(0);
      boolean quoted = false;
      if (c == '"') {
        quoted = true;
        while (true) {
          c = read();
          if (c < 0) {
            throw error(recordLine, "unterminated quoted field (a '\"' is never closed)");
          }
          if (c == '"') {
            if (peek() == '"') {
              read();
              field.append('"');
              continue;
            }
            break;
          }
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
        c = read();
        if (c != delimiter && c != '\n' && c != '\r' && c >= 0) {
          throw error(line, "unexpected character '" + (char) c
              + "' after a closing quote (quotes inside a field must be doubled)");
        }
      } else {
        while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
          if (c == '"') {
            throw error(line, "a '\"' inside an unquoted field (quote the whole field and double "
                + "the quote)");
          }
          field.append((char) c);
          c = read();
        }
      }
      out.add(!quoted && field.length() == 0 ? null : field.toString());
      if (c == delimiter) {
        c = read();
        continue;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          read();
        }
        line++;
      } else if (c == '\n') {
        line++;
      }
      return out;
    }
  }

  InvalidInputException error(long atLine, String what) {
    return new InvalidInputException(file + ":" + atLine + ": " + what);
  }
}
