package dev.omnigraph.lang.query;

import java.util.List;

/**
 * A constant value: written in a query, or bound to a parameter at run time ({@link NullLiteral}
 * has no surface syntax and only comes from parameters). Dates and date-times keep their text; they
 * are parsed when compared or stored.
 */
public sealed interface Literal {
  /** The absent value. */
  record NullLiteral() implements Literal {}

  /** A string. */
  record StringLiteral(String value) implements Literal {}

  /** A signed 64-bit integer. */
  record IntegerLiteral(long value) implements Literal {}

  /** A 64-bit float. */
  record FloatLiteral(double value) implements Literal {}

  /** {@code true} or {@code false}. */
  record BoolLiteral(boolean value) implements Literal {}

  /** {@code date("2026-01-31")}. */
  record DateLiteral(String text) implements Literal {}

  /** {@code datetime("2026-01-31T10:00:00Z")}. */
  record DateTimeLiteral(String text) implements Literal {}

  /** {@code [a, b, ...]} of scalar literals. */
  record ListLiteral(List<Literal> items) implements Literal {
    public ListLiteral {
      items = List.copyOf(items);
    }
  }
}
