package org.lance4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A one-line progress display on stderr (rows, bytes, rate), redrawn at most five times a second.
 * It is shown only when stderr is a terminal (the launcher tells the JVM with
 * {@code -Dlance4j.stderr.tty=true}; without the launcher {@link System#console()} decides) or when
 * forced with {@code --progress}; in pipes and logs it prints nothing.
 */
final class Progress {
  private static Boolean forced;
  private final String label;
  private final PrintStream err;
  private final boolean on;
  private final long start = System.nanoTime();
  private long lastDraw;
  private long rows;
  private long bytes;
  private boolean drawn;

  private final long totalBytes;

  Progress(String label) {
    this(label, -1);
  }

  /** With the input's total size ({@code < 0} unknown) for percent done and time left. */
  Progress(String label, long totalBytes) {
    this.totalBytes = totalBytes;
    this.label = label;
    this.err = System.err;
    this.on = enabled();
  }

  /** --progress / --no-progress. */
  static void force(Boolean value) {
    forced = value;
  }

  static boolean enabled() {
    if (forced != null) {
      return forced;
    }
    String tty = System.getProperty("lance4j.stderr.tty");
    if (tty != null) {
      return Boolean.parseBoolean(tty);
    }
    return System.console() != null;
  }

  void update(long addRows, long totalBytes) {
    rows += addRows;
    bytes = totalBytes;
    if (!on) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    draw();
  }

  private void draw() {
    double secs = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
    String line = String.format(Locale.ROOT, "\r%s: %,d rows  %s  %s/s  %,.0f rows/s%s   ",
        label, rows, bytes(bytes), bytes((long) (bytes / secs)), rows / secs,
        eta(bytes, totalBytes, secs));
    err.print(line);
    err.flush();
    drawn = true;
  }

  /** "  42%  ETA 1m05s" when the total is known and some bytes are done, else "". */
  static String eta(long done, long total, double secs) {
    if (total <= 0 || done <= 0) {
      return "";
    }
    double share = Math.min(1.0, (double) done / total);
    long left = Math.round(secs * (1 - share) / share);
    String t = left >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", left / 3600, left % 3600 / 60)
        : left >= 60 ? String.format(Locale.ROOT, "%dm%02ds", left / 60, left % 60)
        : left + "s";
    return String.format(Locale.ROOT, "  %3.0f%%  ETA %s", share * 100, share >= 1.0 ? "0s" : t);
  }

  void finish() {
    if (on && (drawn || rows > 0)) {
      draw();
      err.println();
      err.flush();
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Wraps a reader so that each batch it yields advances this display. */
  ArrowReader track(ArrowReader in) {
    Progress p = this;
    return new ArrowReader(null) {
      @Override
      public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
        return in.getVectorSchemaRoot();
      }

      @Override
      public boolean loadNextBatch() throws IOException {
        boolean more = in.loadNextBatch();
        if (more) {
          p.update(in.getVectorSchemaRoot().getRowCount(), in.bytesRead());
        }
        return more;
      }

      @Override
      public long bytesRead() {
        return in.bytesRead();
      }

      @Override
      protected void closeReadSource() throws IOException {
        in.close();
      }

      @Override
      protected Schema readSchema() throws IOException {
        return in.getVectorSchemaRoot().getSchema();
      }
    };
  }

  long rows() {
    return rows;
  }
}
