package org.lance4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;
import org.lance4j.cli.input.TemporalText;

/**
 * Prints Arrow batches as an aligned table (widths from the first 1000 rows), CSV or JSON Lines.
 */
final class RowPrinter {
  enum Format { TABLE, CSV, JSONL }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintStream out;
  private final Format format;
  private List<String> names;
  private int[] widths;
  private final List<String[]> pending = new ArrayList<>();
  private long row;

  RowPrinter(PrintStream out, Format format) {
    this.out = out;
    this.format = format;
  }

  /** Sets the column names (prints the CSV header) even when no row follows. */
  void start(List<String> columns) {
    if (names == null) {
      names = columns;
      if (format == Format.CSV) {
        out.println(String.join(",", names.stream().map(RowPrinter::csv).toList()));
      }
    }
  }

  void batch(VectorSchemaRoot root) throws JsonProcessingException {
    List<FieldVector> vs = root.getFieldVectors();
    start(vs.stream().map(FieldVector::getName).toList());
    for (int i = 0; i < root.getRowCount(); i++) {
      switch (format) {
        case JSONL -> {
          Map<String, Object> obj = new LinkedHashMap<>();
          for (FieldVector v : vs) {
            obj.put(v.getName(), value(v, i));
          }
          out.println(JSON.writeValueAsString(obj));
        }
        case CSV -> {
          List<String> cells = new ArrayList<>();
          for (FieldVector v : vs) {
            Object o = value(v, i);
            cells.add(o == null ? "" : csv(text(o)));
          }
          out.println(String.join(",", cells));
        }
        case TABLE -> {
          String[] cells = new String[vs.size() + 1];
          cells[0] = String.valueOf(row);
          for (int c = 0; c < vs.size(); c++) {
            Object o = value(vs.get(c), i);
            cells[c + 1] = o == null ? "null" : text(o);
          }
          pending.add(cells);
          if (widths == null && pending.size() >= 1000) {
            flushTable();
          } else if (widths != null) {
            flushTable();
          }
        }
      }
      row++;
    }
  }

  void finish() {
    if (format == Format.TABLE) {
      if (names == null) {
        names = List.of();
      }
      flushTable();
    }
    out.flush();
  }

  private void flushTable() {
    if (widths == null) {
      widths = new int[names.size() + 1];
      widths[0] = String.valueOf(Math.max(row - 1, 0)).length();
      for (int c = 0; c < names.size(); c++) {
        widths[c + 1] = names.get(c).length();
      }
      for (String[] cells : pending) {
        for (int c = 0; c < cells.length; c++) {
          widths[c] = Math.max(widths[c], Math.min(cells[c].length(), 60));
        }
      }
      String[] header = new String[names.size() + 1];
      header[0] = "";
      for (int c = 0; c < names.size(); c++) {
        header[c + 1] = names.get(c);
      }
      printCells(header);
    }
    for (String[] cells : pending) {
      printCells(cells);
    }
    pending.clear();
  }

  private void printCells(String[] cells) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        b.append("  ");
      }
      String s = cells[c].length() > 60 ? cells[c].substring(0, 57) + "..." : cells[c];
      b.append(" ".repeat(Math.max(0, widths[c] - s.length()))).append(s);
    }
    out.println(b);
  }

  private static String text(Object o) {
    Object p = plain(o);
    if (p instanceof Map || p instanceof List) {
      try {
        return JSON.writeValueAsString(p);
      } catch (JsonProcessingException e) {
        return String.valueOf(p);
      }
    }
    return String.valueOf(p);
  }

  /**
   * One value as printed: dates and timestamps as ISO 8601 text (what the text inputs read back,
   * so that a CSV export round-trips), everything else as {@link #plain}.
   */
  static Object value(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof DateDayVector d) {
      return TemporalText.date(d.get(i));
    }
    if (v instanceof DateMilliVector d) {
      return TemporalText.dateMillis(d.get(i));
    }
    if (v instanceof TimeStampVector t) {
      ArrowType.Timestamp ts = (ArrowType.Timestamp) t.getField().getType();
      return TemporalText.timestamp(t.get(i), ts.getUnit(), ts.getTimezone());
    }
    return plain(v.getObject(i));
  }

  /** Arrow's getObject values as plain JSON-friendly Java values. */
  static Object plain(Object o) {
    if (o == null || o instanceof Number || o instanceof Boolean || o instanceof String) {
      return o;
    }
    if (o instanceof Text t) {
      return t.toString();
    }
    if (o instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (o instanceof TemporalAccessor || o instanceof java.time.Duration) {
      return o.toString();
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(plain(k)), plain(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    return o.toString();
  }

  private static String csv(String s) {
    if (s.isEmpty()) {
      return "\"\""; // an empty field reads back as null: quote the empty string
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
