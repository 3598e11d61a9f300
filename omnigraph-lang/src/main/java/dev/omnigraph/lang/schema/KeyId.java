package dev.omnigraph.lang.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns a keyed node's key values into its {@code id} string, exactly as upstream Omnigraph does
 * (schema-language spec §5.4), so that ids written by either implementation agree.
 */
public final class KeyId {
  private static final BigInteger I32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger I32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger I64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private KeyId() {}

  /**
   * The id of a keyed node whose key columns have declared {@code types} and values {@code values},
   * both given in ascending stable property id order (not declaration order).
   *
   * @throws IllegalArgumentException if the lists are empty or differ in length, or any value is
   *     not a valid key value for its type (see {@link #canonicalValue})
   */
  public static String of(List<PropType> types, List<?> values) {
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(
          "key has "
              + types.size()
              + " column type(s) but "
              + values.size()
              + " value(s); pass one value per @key property");
    }
    String[] canonical = new String[types.size()];
    for (int i = 0; i < canonical.length; i++) {
      canonical[i] = canonicalValue(types.get(i), values.get(i));
    }
    return fromCanonicalValues(List.of(canonical));
  }

  /**
   * The id built from already-canonical key values: a single value verbatim, several as a compact
   * JSON array of strings (e.g. {@code ["A","Z"]}).
   *
   * @throws IllegalArgumentException if {@code values} is empty or contains null
   */
  public static String fromCanonicalValues(List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "a key id needs at least one key value; the node type has no @key columns");
    }
    for (String v : values) {
      if (v == null) {
        throw new IllegalArgumentException(
            "canonical key values must not be null; render each value with canonicalValue first");
      }
    }
    if (values.size() == 1) {
      return values.getFirst();
    }
    return Json.write(values);
  }

  /**
   * The canonical text of one key value of the non-null, non-list scalar key type {@code type}.
   *
   * <p>Accepted values: {@code String} for String and enum types (enum values must be members);
   * {@code Boolean} for Bool; {@code Byte}/{@code Short}/{@code Integer}/{@code Long}/{@code
   * BigInteger} in range for I32, I64, U32, U64 (a negative {@code Long} is never read as
   * unsigned); {@code Float} for F32 and {@code Float}/{@code Double} for F64, finite only; {@code
   * LocalDate} or an {@code Integer}/{@code Long} epoch day within the Date32 range for Date;
   * {@code Instant} (floored to the millisecond, as {@link Instant#toEpochMilli} does) or an {@code
   * Integer}/{@code Long} epoch millisecond for DateTime.
   *
   * @throws IllegalArgumentException if the type cannot be a key type, or the value is null, of the
   *     wrong Java type, out of range, or not finite
   */
  public static String canonicalValue(PropType type, Object value) {
    if (type.list() || type.nullable() || type.isVector() || type.isBlob()) {
      throw new IllegalArgumentException(
          "type "
              + type.displayName()
              + " cannot be a key type; @key properties must be non-null, non-list scalars other"
              + " than Blob and Vector");
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "key value of type " + type.displayName() + " is null; supply a non-null value");
    }
    BaseType base = (BaseType) type.scalar();
    return switch (base) {
      case STRING -> string(type, value);
      case BOOL -> {
        if (value instanceof Boolean b) {
          yield b.toString();
        }
        throw wrongType(type, value, "a Boolean");
      }
      case I32 -> integer(type, value, I32_MIN, I32_MAX);
      case I64 -> integer(type, value, I64_MIN, I64_MAX);
      case U32 -> integer(type, value, BigInteger.ZERO, U32_MAX);
      case U64 -> integer(type, value, BigInteger.ZERO, U64_MAX);
      case F32 -> {
        if (value instanceof Float f) {
          yield plainFloat(type, f);
        }
        if (value instanceof Double) {
          // The widened double has different shortest digits (0.1f -> 0.10000000149011612).
          throw new IllegalArgumentException(
              "key value "
                  + value
                  + " (Double) given for type F32; pass a Float so the float's own shortest digits"
                  + " are used");
        }
        throw wrongType(type, value, "a Float");
      }
      case F64 -> {
        if (value instanceof Double d) {
          yield plainDouble(type, d);
        }
        if (value instanceof Float f) {
          // Float -> double widening is exact, so the double's shortest form is well defined.
          yield plainDouble(type, f.doubleValue());
        }
        throw wrongType(type, value, "a Double");
      }
      case DATE -> date(type, value);
      case DATE_TIME -> dateTime(type, value);
      case BLOB -> throw new AssertionError("Blob is rejected above");
    };
  }

  private static String string(PropType type, Object value) {
    if (!(value instanceof String s)) {
      throw wrongType(type, value, "a String");
    }
    if (type.isEnum() && !type.enumValues().contains(s)) {
      throw new IllegalArgumentException(
          "key value "
              + quote(s)
              + " is not a member of "
              + type.displayName()
              + "; pass one of the listed values");
    }
    return s;
  }

  private static String integer(PropType type, Object value, BigInteger min, BigInteger max) {
    BigInteger n =
        switch (value) {
          case Byte b -> BigInteger.valueOf(b);
          case Short s -> BigInteger.valueOf(s);
          case Integer i -> BigInteger.valueOf(i);
          case Long l -> BigInteger.valueOf(l);
          case BigInteger b -> b;
          default -> throw wrongType(type, value, "an Integer, Long, Short, Byte or BigInteger");
        };
    if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "key value "
              + n
              + " is out of range for type "
              + type.displayName()
              + "; pass an integer in "
              + min
              + ".."
              + max);
    }
    return n.toString();
  }

  private static String date(PropType type, Object value) {
    long epochDay =
        switch (value) {
          case LocalDate d -> d.toEpochDay();
          case Integer i -> i;
          case Long l -> l;
          default -> throw wrongType(type, value, "a LocalDate or an Integer/Long epoch day");
        };
    // Dates are stored as Arrow Date32, so anything outside int range can never be stored.
    if (epochDay < Integer.MIN_VALUE || epochDay > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "key value "
              + value
              + " is out of range for type Date; pass a date whose epoch day fits in 32 bits");
    }
    return Long.toString(epochDay);
  }

  private static String dateTime(PropType type, Object value) {
    return switch (value) {
      case Instant instant -> {
        try {
          yield Long.toString(instant.toEpochMilli());
        } catch (ArithmeticException | DateTimeException e) {
          throw new IllegalArgumentException(
              "key value "
                  + instant
                  + " is out of range for type DateTime; pass an instant whose epoch millisecond"
                  + " fits in a Long",
              e);
        }
      }
      case Integer i -> Integer.toString(i);
      case Long l -> Long.toString(l);
      default -> throw wrongType(type, value, "an Instant or a Long epoch millisecond");
    };
  }

  private static String plainDouble(PropType type, double d) {
    requireFinite(type, d);
    BigDecimal digits = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (digits.precision() == 2) {
      digits = preferOneDigit(digits, new BigDecimal(d), c -> Double.parseDouble(c) == d);
    }
    return digits.toPlainString();
  }

  private static String plainFloat(PropType type, float f) {
    requireFinite(type, f);
    BigDecimal digits = new BigDecimal(Float.toString(f)).stripTrailingZeros();
    if (digits.precision() == 2) {
      digits = preferOneDigit(digits, new BigDecimal(f), c -> Float.parseFloat(c) == f);
    }
    return digits.toPlainString();
  }

  /**
   * Java's toString picks the closest of all 1- and 2-digit decimals when a 1-digit one round-trips
   * (Double.MIN_VALUE -> 4.9E-324), whereas Rust's shortest Display prints the closest 1-digit one
   * (5e-324); this converts the former into the latter.
   */
  private static BigDecimal preferOneDigit(
      BigDecimal twoDigits, BigDecimal exact, Predicate<String> roundTrips) {
    int scale = twoDigits.scale() - 1;
    BigDecimal best = null;
    for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
      BigDecimal candidate = twoDigits.setScale(scale, mode);
      if (!roundTrips.test(candidate.toString())) {
        continue;
      }
      if (best == null) {
        best = candidate;
        continue;
      }
      int cmp = candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
      if (cmp < 0 || (cmp == 0 && !candidate.unscaledValue().testBit(0))) {
        best = candidate;
      }
    }
    return best == null ? twoDigits : best.stripTrailingZeros();
  }

  private static void requireFinite(PropType type, double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "key value "
              + d
              + " is not allowed for type "
              + type.displayName()
              + "; key values must be finite numbers (not NaN or infinity)");
    }
  }

  private static IllegalArgumentException wrongType(PropType type, Object value, String expected) {
    String shown = value instanceof String s ? quote(s) : String.valueOf(value);
    return new IllegalArgumentException(
        "key value "
            + shown
            + " ("
            + value.getClass().getSimpleName()
            + ") does not match type "
            + type.displayName()
            + "; pass "
            + expected);
  }

  private static String quote(String s) {
    return Json.write(s);
  }
}
