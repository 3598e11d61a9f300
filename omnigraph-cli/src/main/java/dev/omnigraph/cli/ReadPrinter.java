package dev.omnigraph.cli;

import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Prints a read query's output in each {@link ReadFormat}, as upstream does: cells are strings as
 * they are, {@code null} for null, and compact JSON for everything else; columns are the output's
 * columns, or the sorted union of the rows' keys when it names none. Every line ends with a
 * newline.
 */
final class ReadPrinter {
  private static final String ELLIPSIS = "…";

  private ReadPrinter() {}

  /** {@code output} in {@code format}; {@code style} is used by the table format only. */
  static String print(ReadOutput output, ReadFormat format, TableStyle style) {
    return switch (format) {
      case TABLE -> table(output, style);
      case KV -> kv(output);
      case CSV -> csv(output);
      case JSONL -> jsonl(output);
      case JSON -> WireJson.pretty(output) + "\n";
    };
  }

  /** The line above a table or key-value listing: how many rows, from where, by which query. */
  static String header(ReadOutput output) {
    String from =
        output.target().snapshot() != null
            ? "snapshot " + output.target().snapshot()
            : "branch " + output.target().branch();
    return output.rowCount() + " rows from " + from + " via " + output.queryName();
  }

  static List<String> columns(ReadOutput output) {
    if (!output.columns().isEmpty()) {
      return output.columns();
    }
    TreeSet<String> keys = new TreeSet<>();
    output.rows().forEach(r -> keys.addAll(r.keySet()));
    return List.copyOf(keys);
  }

  /** A cell as text: strings as they are, {@code null}, or compact JSON. */
  static String cell(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return s;
    }
    return WireJson.compact(value);
  }

  private static String table(ReadOutput output, TableStyle style) {
    StringBuilder out = new StringBuilder(header(output)).append('\n');
    List<String> columns = columns(output);
    if (columns.isEmpty()) {
      return out.append("(no rows)\n").toString();
    }
    List<List<String>> cells = new ArrayList<>();
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = length(columns.get(c));
    }
    for (Map<String, Object> row : output.rows()) {
      List<String> line = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        // A newline inside a cell would break the table's lines, so it is shown escaped.
        String text = cell(row.get(columns.get(c))).replace("\r", "\\r").replace("\n", "\\n");
        line.add(text);
        widths[c] = Math.max(widths[c], length(text));
      }
      cells.add(line);
    }
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.min(widths[c], style.maxColumnWidth());
    }
    appendLine(out, fit(columns, widths, CellLayout.TRUNCATE), widths);
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    out.append(String.join("-+-", rule)).append('\n');
    for (List<String> line : cells) {
      appendLine(out, fit(line, widths, style.layout()), widths);
    }
    return out.toString();
  }

  // Each cell cut to its column's width: one line (truncated with an ellipsis) or several
  // (wrapped).
  private static List<List<String>> fit(List<String> line, int[] widths, CellLayout layout) {
    List<List<String>> pieces = new ArrayList<>();
    for (int c = 0; c < line.size(); c++) {
      String text = line.get(c);
      int w = widths[c];
      List<String> parts = new ArrayList<>();
      if (length(text) <= w) {
        parts.add(text);
      } else if (layout == CellLayout.TRUNCATE) {
        parts.add(prefix(text, w - 1) + ELLIPSIS);
      } else {
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i += w) {
          parts.add(new String(cps, i, Math.min(w, cps.length - i)));
        }
      }
      pieces.add(parts);
    }
    return pieces;
  }

  private static void appendLine(StringBuilder out, List<List<String>> pieces, int[] widths) {
    int height = 0;
    for (List<String> p : pieces) {
      height = Math.max(height, p.size());
    }
    for (int i = 0; i < height; i++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < pieces.size(); c++) {
        String part = i < pieces.get(c).size() ? pieces.get(c).get(i) : "";
        if (c > 0) {
          line.append(" | ");
        }
        line.append(part).append(" ".repeat(widths[c] - length(part)));
      }
      // Padding stops at the last visible character: lines carry no trailing blanks.
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String prefix(String s, int codePoints) {
    return s.substring(0, s.offsetByCodePoints(0, codePoints));
  }

  private static String kv(ReadOutput output) {
    StringBuilder out = new StringBuilder(header(output)).append('\n');
    if (output.rows().isEmpty()) {
      return out.append("(no rows)\n").toString();
    }
    List<String> columns = columns(output);
    for (int r = 0; r < output.rows().size(); r++) {
      if (r > 0) {
        out.append('\n');
      }
      out.append("row ").append(r + 1).append('\n');
      Map<String, Object> row = output.rows().get(r);
      for (String column : columns) {
        out.append(column).append(": ").append(cell(row.get(column))).append('\n');
      }
    }
    return out.toString();
  }

  private static String csv(ReadOutput output) {
    StringBuilder out = new StringBuilder();
    List<String> columns = columns(output);
    List<String> header = new ArrayList<>();
    columns.forEach(c -> header.add(csvField(c)));
    out.append(String.join(",", header)).append('\n');
    for (Map<String, Object> row : output.rows()) {
      List<String> fields = new ArrayList<>();
      for (String column : columns) {
        fields.add(csvField(cell(row.get(column))));
      }
      out.append(String.join(",", fields)).append('\n');
    }
    return out.toString();
  }

  private static String csvField(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static String jsonl(ReadOutput output) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("kind", "metadata");
    metadata.put("query_name", output.queryName());
    metadata.put("target", output.target());
    metadata.put("row_count", output.rowCount());
    StringBuilder out = new StringBuilder(WireJson.compact(metadata)).append('\n');
    for (Map<String, Object> row : output.rows()) {
      out.append(WireJson.compact(row)).append('\n');
    }
    return out.toString();
  }
}
