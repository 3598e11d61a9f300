package dev.omnigraph.engine.write;

import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts values into cells (see {@link Cells}) and back: JSON values of the strict load format,
 * query literals of mutations, and cells into the JSON of the export format. Every refusal is an
 * {@link IllegalArgumentException} whose message names the property and the expected form.
 */
final class WriteValues {
  /** The prefix of a Blob value given as bytes. */
  static final String BASE64_PREFIX = "base64:";

  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /**
   * RFC 3339 and the looser forms upstream's Arrow parser takes: a space instead of {@code T},
   * optional seconds and fraction, an optional offset (UTC when absent), or a date alone.
   */
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,9}))?)?"
              + "(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?");

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final int MAX_ECHO = 64;

  private WriteValues() {}

  // --- JSON (load) ------------------------------------------------------------------------------

  /**
   * The cell for JSON value {@code json} (as {@link dev.omnigraph.lang.schema.Json#parse} gives it)
   * of property {@code property} with type {@code type}; null for JSON null.
   */
  static Object fromJson(String property, PropType type, Object json) {
    if (json == null) {
      return null;
    }
    if (type.scalar() instanceof VectorType v) {
      return vector(property, v, json);
    }
    BaseType base = (BaseType) type.scalar();
    if (type.list()) {
      if (!(json instanceof List<?> items)) {
        throw new IllegalArgumentException(
            "list property '" + property + "' expects a JSON array, got " + jsonType(json));
      }
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) {
        if (item == null) {
          throw new IllegalArgumentException(
              "list property '" + property + "' cannot hold null items");
        }
        out.add(scalarFromJson(property, base, item));
      }
      return Collections.unmodifiableList(out);
    }
    return scalarFromJson(property, base, json);
  }

  private static Object scalarFromJson(String property, BaseType type, Object json) {
    return switch (type) {
      case STRING -> {
        if (json instanceof String s) {
          yield s;
        }
        throw expects(property, "Utf8 (a JSON string)", json);
      }
      case BLOB -> {
        if (json instanceof String s) {
          yield blob(property, s);
        }
        throw new IllegalArgumentException(
            "blob property '"
                + property
                + "' must be a URI string or base64: prefixed data, got "
                + jsonType(json));
      }
      case BOOL -> {
        if (json instanceof Boolean b) {
          yield b;
        }
        throw expects(property, "Boolean (true or false)", json);
      }
      case I32, I64, U32, U64 -> integer(property, type, jsonInteger(property, type, json));
      case F32, F64 -> {
        if (!(json instanceof Number n)) {
          throw expects(property, arrowName(type) + " (a JSON number)", json);
        }
        yield floating(property, type, n.doubleValue());
      }
      case DATE ->
          switch (json) {
            case String s -> parseDate(s);
            case Long days -> epochDay(property, days);
            case BigInteger big -> throw outOfRange(property, big.toString(), "Date32");
            default ->
                throw expects(
                    property, "Date32 (days since 1970-01-01 or a yyyy-MM-dd string)", json);
          };
      case DATE_TIME ->
          switch (json) {
            case String s -> parseDateTime(s);
            case Long ms -> Instant.ofEpochMilli(ms);
            case BigInteger big -> throw outOfRange(property, big.toString(), "Date64");
            default ->
                throw expects(property, "Date64 (epoch milliseconds or an RFC 3339 string)", json);
          };
    };
  }

  private static BigInteger jsonInteger(String property, BaseType type, Object json) {
    return switch (json) {
      case Long l -> BigInteger.valueOf(l);
      case BigInteger b -> b;
      default -> throw expects(property, arrowName(type) + " (a JSON integer)", json);
    };
  }

  private static Object vector(String property, VectorType type, Object json) {
    if (!(json instanceof List<?> items)) {
      throw new IllegalArgumentException(
          "vector property '"
              + property
              + "' expects a JSON array of "
              + type.dimension()
              + " numbers, got "
              + jsonType(json));
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof Number n)) {
        throw new IllegalArgumentException(
            "vector property '" + property + "' elements must be numeric, got " + jsonType(item));
      }
      out.add((Float) floating(property, BaseType.F32, n.doubleValue()));
    }
    if (out.size() != type.dimension()) {
      throw new IllegalArgumentException(
          "vector property '"
              + property
              + "' expects "
              + type.dimension()
              + " dimensions, got "
              + out.size());
    }
    return Collections.unmodifiableList(out);
  }

  // --- literals (mutations) ---------------------------------------------------------------------

  /** The cell for {@code literal} assigned to property {@code property} of type {@code type}. */
  static Object fromLiteral(String property, PropType type, Literal literal) {
    if (literal instanceof Literal.NullLiteral) {
      return null;
    }
    if (type.scalar() instanceof VectorType v) {
      if (!(literal instanceof Literal.ListLiteral list)) {
        throw cannotConvert(property, type, literal);
      }
      if (list.items().size() != v.dimension()) {
        throw new IllegalArgumentException(
            "vector property '"
                + property
                + "' expects "
                + v.dimension()
                + " dimensions, got "
                + list.items().size());
      }
      List<Object> out = new ArrayList<>(list.items().size());
      for (Literal item : list.items()) {
        double d =
            switch (item) {
              case Literal.FloatLiteral f -> f.value();
              case Literal.IntegerLiteral i -> i.value();
              default ->
                  throw new IllegalArgumentException(
                      "vector property '" + property + "' elements must be numeric");
            };
        out.add((Float) floating(property, BaseType.F32, d));
      }
      return Collections.unmodifiableList(out);
    }
    BaseType base = (BaseType) type.scalar();
    if (type.list()) {
      if (!(literal instanceof Literal.ListLiteral list)) {
        throw cannotConvert(property, type, literal);
      }
      List<Object> out = new ArrayList<>(list.items().size());
      for (Literal item : list.items()) {
        if (item instanceof Literal.NullLiteral) {
          throw new IllegalArgumentException(
              "list property '" + property + "' cannot hold null items");
        }
        out.add(scalarFromLiteral(property, type, base, item));
      }
      return Collections.unmodifiableList(out);
    }
    return scalarFromLiteral(property, type, base, literal);
  }

  private static Object scalarFromLiteral(
      String property, PropType type, BaseType base, Literal literal) {
    return switch (base) {
      case STRING -> {
        if (literal instanceof Literal.StringLiteral s) {
          yield s.value();
        }
        throw cannotConvert(property, type, literal);
      }
      case BLOB -> {
        if (literal instanceof Literal.StringLiteral s) {
          yield blob(property, s.value());
        }
        throw cannotConvert(property, type, literal);
      }
      case BOOL -> {
        if (literal instanceof Literal.BoolLiteral b) {
          yield b.value();
        }
        throw cannotConvert(property, type, literal);
      }
      case I32, I64, U32, U64 -> {
        if (literal instanceof Literal.IntegerLiteral i) {
          yield integer(property, base, BigInteger.valueOf(i.value()));
        }
        throw cannotConvert(property, type, literal);
      }
      case F32, F64 ->
          switch (literal) {
            case Literal.FloatLiteral f -> floating(property, base, f.value());
            case Literal.IntegerLiteral i -> floating(property, base, (double) i.value());
            default -> throw cannotConvert(property, type, literal);
          };
      case DATE ->
          switch (literal) {
            case Literal.DateLiteral d -> parseDate(d.text());
            case Literal.StringLiteral s -> parseDate(s.value());
            default -> throw cannotConvert(property, type, literal);
          };
      case DATE_TIME ->
          switch (literal) {
            case Literal.DateTimeLiteral d -> parseDateTime(d.text());
            case Literal.StringLiteral s -> parseDateTime(s.value());
            default -> throw cannotConvert(property, type, literal);
          };
    };
  }

  /**
   * The value {@code literal} is compared as in a predicate on a property of type {@code type}:
   * integers as Long, floats as Double (compared exactly, never narrowed), dates and date-times
   * parsed (exact, not rounded to milliseconds).
   */
  static Object comparable(PropType type, Literal literal) {
    return switch (literal) {
      case Literal.NullLiteral n -> null;
      case Literal.StringLiteral s ->
          type.scalar() == BaseType.DATE && !type.list()
              ? parseDate(s.value())
              : type.scalar() == BaseType.DATE_TIME && !type.list()
                  ? exactDateTime(s.value())
                  : s.value();
      case Literal.IntegerLiteral i -> i.value();
      case Literal.FloatLiteral f -> f.value();
      case Literal.BoolLiteral b -> b.value();
      case Literal.DateLiteral d -> parseDate(d.text());
      case Literal.DateTimeLiteral d -> exactDateTime(d.text());
      case Literal.ListLiteral l -> {
        PropType element = PropType.of(type.scalar(), true);
        List<Object> items = new ArrayList<>(l.items().size());
        l.items().forEach(item -> items.add(comparable(element, item)));
        yield Collections.unmodifiableList(items);
      }
    };
  }

  // --- export -----------------------------------------------------------------------------------

  /**
   * The JSON value of a cell in the export format: Date as days since epoch, DateTime as epoch
   * milliseconds, Blob bytes as {@code "base64:<standard base64>"}.
   */
  static Object toJson(Object cell) {
    return switch (cell) {
      case null -> null;
      case LocalDate d -> d.toEpochDay();
      case Instant t -> t.toEpochMilli();
      case byte[] bytes -> BASE64_PREFIX + Base64.getEncoder().encodeToString(bytes);
      case List<?> items -> {
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(toJson(i)));
        yield out;
      }
      default -> cell;
    };
  }

  // --- shared -----------------------------------------------------------------------------------

  private static Object integer(String property, BaseType type, BigInteger n) {
    String arrow = arrowName(type);
    return switch (type) {
      case I32 -> {
        if (n.bitLength() >= Integer.SIZE) {
          throw outOfRange(property, n.toString(), arrow);
        }
        yield n.intValue();
      }
      case I64 -> {
        if (n.compareTo(LONG_MIN) < 0 || n.compareTo(LONG_MAX) > 0) {
          throw outOfRange(property, n.toString(), arrow);
        }
        yield n.longValue();
      }
      case U32 -> {
        if (n.signum() < 0 || n.bitLength() > Integer.SIZE) {
          throw outOfRange(property, n.toString(), arrow);
        }
        yield n.longValue();
      }
      case U64 -> {
        if (n.signum() < 0) {
          throw outOfRange(property, n.toString(), arrow);
        }
        // Cells hold U64 as a signed long; the top half of the range is refused, as for
        // parameters ("current engine range").
        if (n.compareTo(LONG_MAX) > 0) {
          throw new IllegalArgumentException(
              "property '"
                  + property
                  + "' value "
                  + echo(n.toString())
                  + " exceeds current engine range for U64 (max "
                  + Long.MAX_VALUE
                  + ")");
        }
        yield n.longValue();
      }
      default -> throw new IllegalStateException(type + " is not an integer type");
    };
  }

  private static Object floating(String property, BaseType type, double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "property '" + property + "' value " + d + " is not a finite number");
    }
    if (type == BaseType.F32) {
      float f = (float) d;
      if (Float.isInfinite(f)) {
        throw outOfRange(property, Double.toString(d), "Float32");
      }
      return f;
    }
    return d;
  }

  private static LocalDate epochDay(String property, long days) {
    if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
      throw outOfRange(property, Long.toString(days), "Date32");
    }
    return LocalDate.ofEpochDay(days);
  }

  private static byte[] blob(String property, String text) {
    if (text.startsWith(BASE64_PREFIX)) {
      try {
        return Base64.getDecoder().decode(text.substring(BASE64_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "blob property '" + property + "' has invalid base64 data: " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(
        "blob property '"
            + property
            + "' holds the external URI '"
            + echo(text)
            + "', but external blobs are not allowed in this graph; pass the bytes as"
            + " \"base64:<data>\"");
  }

  /** {@code yyyy-MM-dd}. */
  static LocalDate parseDate(String text) {
    if (DATE.matcher(text).matches()) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeException invalid) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "invalid Date literal '" + echo(text) + "'; write a calendar date as yyyy-MM-dd");
  }

  /** An RFC 3339 date-time (or a looser form of {@link #DATE_TIME}), floored to milliseconds. */
  static Instant parseDateTime(String text) {
    return exactDateTime(text).truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant exactDateTime(String text) {
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
        return LocalDateTime.of(date, time).toInstant(offset(m.group(6)));
      } catch (DateTimeException invalid) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "invalid DateTime literal '"
            + echo(text)
            + "'; write RFC 3339, e.g. 2026-04-01T08:30:00Z or 2026-04-01T08:30:00.123+02:00");
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

  /** The Arrow name of a type, as load errors spell it ({@code Int32}, {@code Float64}, ...). */
  static String arrowName(BaseType type) {
    return switch (type) {
      case STRING -> "Utf8";
      case BLOB -> "LargeBinary";
      case BOOL -> "Boolean";
      case I32 -> "Int32";
      case I64 -> "Int64";
      case U32 -> "UInt32";
      case U64 -> "UInt64";
      case F32 -> "Float32";
      case F64 -> "Float64";
      case DATE -> "Date32";
      case DATE_TIME -> "Date64";
    };
  }

  private static IllegalArgumentException expects(String property, String what, Object json) {
    return new IllegalArgumentException(
        "strict property '" + property + "' expects " + what + ", got " + describe(json));
  }

  private static IllegalArgumentException outOfRange(String property, String value, String type) {
    return new IllegalArgumentException(
        "property '" + property + "' value " + echo(value) + " exceeds " + type + " range");
  }

  private static IllegalArgumentException cannotConvert(
      String property, PropType type, Literal literal) {
    return new IllegalArgumentException(
        "cannot convert a "
            + literalKind(literal)
            + " value to "
            + type.displayName()
            + " for property '"
            + property
            + "'");
  }

  private static String literalKind(Literal literal) {
    return switch (literal) {
      case Literal.NullLiteral n -> "null";
      case Literal.StringLiteral s -> "String";
      case Literal.IntegerLiteral i -> "integer";
      case Literal.FloatLiteral f -> "float";
      case Literal.BoolLiteral b -> "Bool";
      case Literal.DateLiteral d -> "Date";
      case Literal.DateTimeLiteral d -> "DateTime";
      case Literal.ListLiteral l -> "list";
    };
  }

  static String jsonType(Object value) {
    return switch (value) {
      case null -> "null";
      case Boolean b -> "boolean";
      case Number n -> "number";
      case String s -> "string";
      case List<?> l -> "array";
      case Map<?, ?> m -> "object";
      default -> value.getClass().getSimpleName();
    };
  }

  private static String describe(Object json) {
    return switch (json) {
      case String s -> "string \"" + echo(s) + "\"";
      case Number n -> "number " + echo(n.toString());
      default -> jsonType(json);
    };
  }

  static String echo(String text) {
    return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
  }
}
