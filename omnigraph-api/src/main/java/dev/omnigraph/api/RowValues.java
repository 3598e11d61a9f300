package dev.omnigraph.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query result values (the plain Java values the engine returns) as upstream's row JSON: dates as
 * {@code YYYY-MM-DD}, date-times as UTC with exactly three fraction digits, 32-bit floats widened
 * to doubles, non-finite floats as the strings {@code NaN}, {@code Infinity} and {@code -Infinity},
 * lists element by element, and everything else as is.
 */
public final class RowValues {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RowValues() {}

  /** One row as an object keyed by column name, in column order. */
  public static Map<String, Object> row(List<String> columns, List<?> values) {
    if (columns.size() != values.size()) {
      throw new IllegalArgumentException(
          "a row has " + values.size() + " values for " + columns.size() + " columns");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      row.put(columns.get(i), value(values.get(i)));
    }
    return row;
  }

  /** {@code value} as its row-JSON value. */
  public static Object value(Object value) {
    return switch (value) {
      case null -> null;
      case LocalDate d -> d.toString();
      case Instant t -> DATE_TIME.format(t);
      case Float f -> floating(f.doubleValue());
      case Double d -> floating(d);
      case List<?> items -> {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
          out.add(value(item));
        }
        yield out;
      }
      default -> value;
    };
  }

  private static Object floating(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return d;
  }
}
