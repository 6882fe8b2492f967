package org.lance4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collected results: printed as a table of medians and ratios and saved as JSON. */
final class Report {
  /** Throughput rows compare work per second (higher is better), latency rows seconds per op. */
  enum Kind { THROUGHPUT, LATENCY }

  /**
   * One workload row. {@code work} is the amount done per timed run ({@code unit}s, e.g. rows or
   * MB; for latency rows, operations). {@code ratio} is lance4j / lance-core of throughput for
   * THROUGHPUT rows and of latency for LATENCY rows.
   */
  record Row(String workload, Kind kind, double work, String unit, List<Double> ours,
      List<Double> theirs, String target) {
    double ratio() {
      double a = Harness.median(ours);
      double b = Harness.median(theirs);
      return kind == Kind.THROUGHPUT ? b / a : (a / work) / (b / work);
    }

    /** Per-side figure: unit/s for throughput, ms per op for latency. */
    double figure(List<Double> s) {
      double m = Harness.median(s);
      return kind == Kind.THROUGHPUT ? work / m : m / work * 1e3;
    }

    String figureUnit() {
      return kind == Kind.THROUGHPUT ? unit + "/s" : "ms/" + unit;
    }
  }

  final List<Row> rows = new ArrayList<>();
  final Map<String, Object> info = new LinkedHashMap<>();
  final Map<String, Object> extra = new LinkedHashMap<>();

  void add(Row r) {
    rows.add(r);
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("| %-44s | %14s | %14s | %-10s | %7s | %6s | %-25s |%n", "workload",
        "lance4j", "lance-core", "unit", "ratio", "target", "spread l4j / lc (s)"));
    sb.append("|").append("-".repeat(46)).append("|").append("-".repeat(16)).append("|")
        .append("-".repeat(16)).append("|").append("-".repeat(12)).append("|")
        .append("-".repeat(9)).append("|").append("-".repeat(8)).append("|")
        .append("-".repeat(27)).append("|\n");
    for (Row r : rows) {
      sb.append(String.format("| %-44s | %14s | %14s | %-10s | %6.2fx | %6s | %-25s |%n",
          r.workload(), fmt(r.figure(r.ours())), fmt(r.figure(r.theirs())), r.figureUnit(),
          r.ratio(), r.target() == null ? "" : r.target(),
          String.format("%.3g-%.3g / %.3g-%.3g", Harness.min(r.ours()), Harness.max(r.ours()),
              Harness.min(r.theirs()), Harness.max(r.theirs()))));
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    if (v >= 1000) {
      return String.format("%,.0f", v);
    }
    return String.format("%.3g", v);
  }

  void writeJson(File f) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("info", info);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workload", r.workload());
      m.put("kind", r.kind().name());
      m.put("work_per_run", r.work());
      m.put("unit", r.unit());
      m.put("lance4j_seconds", r.ours());
      m.put("lance_core_seconds", r.theirs());
      m.put("lance4j_median_seconds", Harness.median(r.ours()));
      m.put("lance_core_median_seconds", Harness.median(r.theirs()));
      m.put("lance4j_figure", r.figure(r.ours()));
      m.put("lance_core_figure", r.figure(r.theirs()));
      m.put("figure_unit", r.figureUnit());
      m.put("ratio_lance4j_over_lance_core", r.ratio());
      m.put("target", r.target());
      out.add(m);
    }
    root.put("results", out);
    root.put("extra", extra);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(f, root);
  }
}
