package dev.omnigraph.engine.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A row filter that a table scan evaluates in storage: comparisons of one column with a constant,
 * string prefix and substring tests, membership of a String column in a list of constants and of a
 * constant in a String list column, all AND-ed. A row whose tested column is null never matches.
 * The table layer renders it to Lance's SQL dialect with quoted identifiers and escaped literals,
 * so no caller ever writes SQL text.
 *
 * <p>Every constant is one that Lance compares exactly: constructors refuse the others (a string
 * with NUL or a character outside the Basic Multilingual Plane, a non-finite or negative-zero
 * float, a DateTime with sub-millisecond digits), and {@link #representable(String)} lets callers
 * check first.
 */
public sealed interface ScanFilter {
  /** A comparison operator of {@link Compare}. */
  enum Comparison {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  /** A constant of a filter. */
  sealed interface Value {}

  /** A String constant. */
  record Text(String value) implements Value {
    public Text {
      Objects.requireNonNull(value, "value");
      if (!representable(value)) {
        throw new IllegalArgumentException(
            "a scan filter string cannot hold NUL or characters outside the Basic Multilingual"
                + " Plane");
      }
    }
  }

  /** A 64-bit integer constant; the column's type must hold it. */
  record Int(long value) implements Value {}

  /** A finite 64-bit float constant other than {@code -0.0}. */
  record Real(double value) implements Value {
    public Real {
      if (!representable(value)) {
        throw new IllegalArgumentException(
            "a scan filter float must be finite and not -0.0, got " + value);
      }
    }

    /** Whether {@code value} can be a {@link Real}. */
    public static boolean representable(double value) {
      return Double.isFinite(value) && Double.doubleToRawLongBits(value) != Long.MIN_VALUE;
    }
  }

  /** A Boolean constant. */
  record Bool(boolean value) implements Value {}

  /** A Date constant, for Date (days since epoch) columns. */
  record Day(LocalDate value) implements Value {
    public Day {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A DateTime constant of whole milliseconds, for DateTime (ms since epoch) columns. */
  record Millis(Instant value) implements Value {
    public Millis {
      Objects.requireNonNull(value, "value");
      if (!value.truncatedTo(ChronoUnit.MILLIS).equals(value)) {
        throw new IllegalArgumentException(
            "a scan filter DateTime must be whole milliseconds, got " + value);
      }
    }
  }

  /** {@code column op value}. */
  record Compare(String column, Comparison op, Value value) implements ScanFilter {
    public Compare {
      checkColumn(column);
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }
  }

  /** The String column starts with {@code prefix} (exact, case-sensitive, no wildcards). */
  record StartsWith(String column, Text prefix) implements ScanFilter {
    public StartsWith {
      checkColumn(column);
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** The String column contains {@code text} (exact, case-sensitive, no wildcards). */
  record Contains(String column, Text text) implements ScanFilter {
    public Contains {
      checkColumn(column);
      Objects.requireNonNull(text, "text");
    }
  }

  /** The list-of-String column has an element equal to {@code element}. */
  record ListHas(String column, Text element) implements ScanFilter {
    public ListHas {
      checkColumn(column);
      Objects.requireNonNull(element, "element");
    }
  }

  /** The String column equals one of {@code values} (at least one). */
  record OneOf(String column, List<Text> values) implements ScanFilter {
    public OneOf {
      checkColumn(column);
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a one-of filter needs at least one value");
      }
    }
  }

  /** Every filter holds; none means every row. */
  record All(List<ScanFilter> filters) implements ScanFilter {
    public All {
      filters = List.copyOf(filters);
    }
  }

  /**
   * Whether Lance's SQL can carry {@code s} as a literal. The filter text crosses JNI as modified
   * UTF-8, which differs from UTF-8 exactly for NUL and for characters outside the Basic
   * Multilingual Plane (written as surrogate pairs); Lance rejects both as invalid UTF-8.
   */
  static boolean representable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0' || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void checkColumn(String column) {
    Objects.requireNonNull(column, "column");
    if (!FilterSql.isColumnName(column)) {
      throw new IllegalArgumentException("not a column name: " + column);
    }
  }
}
