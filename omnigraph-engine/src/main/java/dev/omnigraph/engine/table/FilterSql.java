package dev.omnigraph.engine.table;

import dev.omnigraph.engine.table.ScanFilter.Value;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a {@link ScanFilter} as a Lance (DataFusion) SQL predicate. Lance's dialect reads a
 * double-quoted word as a string, so identifiers are quoted with backticks; strings are single
 * quoted with quotes doubled (a backslash is an ordinary character there); dates and date-times are
 * integer casts, which compare exactly without any text parsing.
 */
final class FilterSql {
  // Schema identifiers are ASCII words, so backtick quoting never needs escaping.
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FilterSql() {}

  static boolean isColumnName(String name) {
    return COLUMN.matcher(name).matches();
  }

  static String render(ScanFilter filter) {
    return switch (filter) {
      case ScanFilter.Compare c -> column(c.column()) + " " + op(c.op()) + " " + value(c.value());
      case ScanFilter.StartsWith s ->
          "starts_with(" + column(s.column()) + ", " + value(s.prefix()) + ")";
      case ScanFilter.Contains c -> "contains(" + column(c.column()) + ", " + value(c.text()) + ")";
      case ScanFilter.ListHas l ->
          "array_has(" + column(l.column()) + ", " + value(l.element()) + ")";
      case ScanFilter.OneOf o ->
          column(o.column())
              + " IN ("
              + o.values().stream().map(FilterSql::value).collect(Collectors.joining(", "))
              + ")";
      case ScanFilter.All a ->
          a.filters().isEmpty()
              ? "true"
              : a.filters().stream()
                  .map(f -> "(" + render(f) + ")")
                  .collect(Collectors.joining(" AND "));
    };
  }

  private static String column(String name) {
    return "`" + name + "`";
  }

  private static String op(ScanFilter.Comparison op) {
    return switch (op) {
      case EQ -> "=";
      case NE -> "<>";
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
    };
  }

  private static String value(Value v) {
    return switch (v) {
      case ScanFilter.Text t -> "'" + t.value().replace("'", "''") + "'";
      case ScanFilter.Int i -> integer(i.value());
      // Double.toString is the shortest text that reads back as the same double.
      case ScanFilter.Real r -> r.value() < 0 ? "(" + r.value() + ")" : Double.toString(r.value());
      case ScanFilter.Bool b -> Boolean.toString(b.value());
      case ScanFilter.Day d -> "arrow_cast(" + integer(d.value().toEpochDay()) + ", 'Date32')";
      case ScanFilter.Millis m -> "arrow_cast(" + integer(m.value().toEpochMilli()) + ", 'Date64')";
    };
  }

  // A negative literal is a unary minus applied to a positive one, and 2^63 is no Int64.
  private static String integer(long n) {
    if (n == Long.MIN_VALUE) {
      return "(-9223372036854775807 - 1)";
    }
    return n < 0 ? "(" + n + ")" : Long.toString(n);
  }
}
