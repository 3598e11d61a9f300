package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.lang.query.CompOp;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query values as plain Java objects (see {@link QueryResult} for the mapping) and the one
 * comparison every filter, ordering and aggregate uses: numbers compare by exact value across types
 * (two floats by IEEE total order, as Arrow does), strings by code point (UTF-8 byte order), {@code
 * false < true}, dates and date-times chronologically, lists element by element.
 */
final class Values {
  private static final Pattern DATE = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");

  /**
   * RFC 3339 and the looser forms upstream's Arrow parser takes: a space instead of {@code T},
   * optional seconds and fraction, an optional offset (UTC when absent), or a date alone.
   */
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,9}))?)?"
              + "(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?");

  private Values() {}

  /** The value of a literal written in a query: integers as Long, floats as Double. */
  static Object ofLiteral(Literal literal) {
    return switch (literal) {
      case Literal.NullLiteral n -> null;
      case Literal.StringLiteral s -> s.value();
      case Literal.IntegerLiteral i -> i.value();
      case Literal.FloatLiteral f -> f.value();
      case Literal.BoolLiteral b -> b.value();
      case Literal.DateLiteral d -> parseDate(d.text());
      case Literal.DateTimeLiteral d -> parseDateTime(d.text());
      case Literal.ListLiteral l -> {
        List<Object> items = new ArrayList<>(l.items().size());
        l.items().forEach(item -> items.add(ofLiteral(item)));
        yield Collections.unmodifiableList(items);
      }
    };
  }

  /**
   * The value of parameter {@code name} bound to {@code literal}, as its declared type holds it.
   */
  static Object ofParam(String name, Literal literal, PropType type) {
    if (literal instanceof Literal.NullLiteral) {
      return null;
    }
    if (type.list() || type.scalar() instanceof VectorType) {
      if (!(literal instanceof Literal.ListLiteral l)) {
        throw mismatch(name, literal, type);
      }
      PropType element =
          type.scalar() instanceof VectorType
              ? PropType.of(BaseType.F32, false)
              : PropType.of(type.scalar(), false);
      List<Object> items = new ArrayList<>(l.items().size());
      l.items().forEach(item -> items.add(ofParam(name, item, element)));
      return Collections.unmodifiableList(items);
    }
    BaseType base = (BaseType) type.scalar();
    Object value =
        switch (base) {
          case STRING, BLOB -> literal instanceof Literal.StringLiteral s ? s.value() : null;
          case BOOL -> literal instanceof Literal.BoolLiteral b ? b.value() : null;
          case I32 ->
              literal instanceof Literal.IntegerLiteral i
                      && i.value() >= Integer.MIN_VALUE
                      && i.value() <= Integer.MAX_VALUE
                  ? (Object) (int) i.value()
                  : null;
          case I64, U32, U64 -> literal instanceof Literal.IntegerLiteral i ? i.value() : null;
          case F32 ->
              switch (literal) {
                case Literal.FloatLiteral f -> (float) f.value();
                case Literal.IntegerLiteral i -> (float) i.value();
                default -> null;
              };
          case F64 ->
              switch (literal) {
                case Literal.FloatLiteral f -> f.value();
                case Literal.IntegerLiteral i -> (double) i.value();
                default -> null;
              };
          case DATE -> literal instanceof Literal.DateLiteral d ? parseDate(d.text()) : null;
          case DATE_TIME ->
              literal instanceof Literal.DateTimeLiteral d ? parseDateTime(d.text()) : null;
        };
    if (value == null) {
      throw mismatch(name, literal, type);
    }
    return value;
  }

  private static QueryExecutionException mismatch(String name, Literal literal, PropType type) {
    return new QueryExecutionException(
        Reason.INVALID_VALUE,
        "parameter '"
            + name
            + "' is declared "
            + type.displayName()
            + " but is bound to a "
            + literal.getClass().getSimpleName()
            + "; bind parameters with QueryParams");
  }

  /** {@code yyyy-MM-dd}. */
  static LocalDate parseDate(String text) {
    Matcher m = DATE.matcher(text);
    if (m.matches()) {
      try {
        return LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      } catch (DateTimeException invalid) {
        // reported below
      }
    }
    throw new QueryExecutionException(
        Reason.INVALID_VALUE,
        "invalid date '"
            + text
            + "'; write a calendar date as yyyy-MM-dd, e.g. date(\"2026-04-01\")");
  }

  /** An RFC 3339 date-time, or one of the looser forms of {@link #DATE_TIME}. */
  static Instant parseDateTime(String text) {
    Matcher m = DATE_TIME.matcher(text);
    if (m.matches()) {
      try {
        LocalDate date = LocalDate.parse(m.group(1));
        LocalTime time = LocalTime.MIDNIGHT;
        if (m.group(2) != null) {
          int nanos = 0;
          if (m.group(5) != null) {
            nanos = Integer.parseInt((m.group(5) + "00000000").substring(0, 9));
          }
          time =
              LocalTime.of(
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)),
                  m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                  nanos);
        }
        ZoneOffset offset = offset(m.group(6));
        return LocalDateTime.of(date, time).toInstant(offset);
      } catch (DateTimeException invalid) {
        // reported below
      }
    }
    throw new QueryExecutionException(
        Reason.INVALID_VALUE,
        "invalid datetime '"
            + text
            + "'; write RFC 3339, e.g. datetime(\"2026-04-01T08:30:00Z\") or with an offset"
            + " such as +02:00");
  }

  private static ZoneOffset offset(String text) {
    if (text == null || text.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = text.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = text.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  /**
   * Whether {@code left op right} holds under SQL three-valued logic collapsed to a row filter: a
   * null operand never matches, for every operator.
   */
  static boolean test(CompOp op, Object left, Object right) {
    if (left == null || right == null) {
      return false;
    }
    return switch (op) {
      case EQ -> compare(left, right) == 0;
      case NE -> compare(left, right) != 0;
      case LT -> compare(left, right) < 0;
      case LE -> compare(left, right) <= 0;
      case GT -> compare(left, right) > 0;
      case GE -> compare(left, right) >= 0;
      case CONTAINS -> {
        if (!(left instanceof List<?> items)) {
          throw incomparable("contains (list membership)", left, right);
        }
        for (Object item : items) {
          if (item != null && compare(item, right) == 0) {
            yield true;
          }
        }
        yield false;
      }
      case STRING_CONTAINS -> string(op, left, right).contains((String) right);
      case STARTS_WITH -> string(op, left, right).startsWith((String) right);
    };
  }

  private static String string(CompOp op, Object left, Object right) {
    if (!(left instanceof String s) || !(right instanceof String)) {
      throw incomparable(op.symbol(), left, right);
    }
    return s;
  }

  /** The order of two non-null values of comparable kinds. */
  static int compare(Object a, Object b) {
    return switch (a) {
      case Number x when b instanceof Number y -> ValueOrder.compareNumbers(x, y);
      case String x when b instanceof String y -> ValueOrder.compareStrings(x, y);
      case Boolean x when b instanceof Boolean y -> Boolean.compare(x, y);
      case LocalDate x when b instanceof LocalDate y -> x.compareTo(y);
      case Instant x when b instanceof Instant y -> x.compareTo(y);
      case List<?> x when b instanceof List<?> y -> compareLists(x, y);
      default -> throw incomparable("compare", a, b);
    };
  }

  /** The order of two values where null is the smallest. */
  static int compareNullsFirst(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return compare(a, b);
  }

  private static int compareLists(List<?> a, List<?> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compareNullsFirst(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static QueryExecutionException incomparable(String what, Object a, Object b) {
    return new QueryExecutionException(
        Reason.UNSUPPORTED_EXPRESSION,
        "cannot "
            + what
            + " a "
            + a.getClass().getSimpleName()
            + " value with a "
            + b.getClass().getSimpleName()
            + " value");
  }
}
