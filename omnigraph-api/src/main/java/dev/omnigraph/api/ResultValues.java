package dev.omnigraph.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a read query's result values as upstream writes them in a {@link ReadOutput} row: strings
 * and booleans as they are; integers as exact JSON numbers (64-bit values beyond 2^53 included,
 * unsigned ones read as unsigned); floats widened to double and spelled as upstream spells them
 * ({@code 1.0}, {@code 10000000000.0}, {@code 1e16}, {@code 1.5e-7}), with {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"} as strings; a date as {@code "YYYY-MM-DD"}; a date-time as
 * {@code "YYYY-MM-DDTHH:MM:SS.mmmZ"} in UTC with exactly three fractional digits; lists and vectors
 * as arrays and structs as objects, their elements encoded the same way.
 */
public final class ResultValues {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  // Upstream spells a double with its shortest round-trip digits, positionally while the decimal
  // exponent stays within these bounds and in scientific notation beyond them.
  private static final int MAX_POSITIONAL_DIGITS = 16;
  private static final int MIN_POSITIONAL_EXPONENT = -5;

  private ResultValues() {}

  /**
   * {@code value} as a wire value: {@code null}, a String, Boolean, Integer, Long, BigInteger,
   * {@link JsonNumber}, List or Map, which {@link WireJson} writes as upstream does.
   *
   * @param value a result value: {@code null}, String, Boolean, Byte, Short, Integer, Long,
   *     BigInteger, Float, Double, {@link LocalDate}, {@link Instant}, or a List or Map of such
   * @param unsigned whether Longs are unsigned 64-bit values held in a Long's bits (a {@code U64}
   *     column), applied to list elements too
   * @throws IllegalArgumentException for any other kind of value
   */
  public static Object encode(Object value, boolean unsigned) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Byte b -> b.intValue();
      case Short s -> s.intValue();
      case Integer i -> i;
      case Long l -> unsigned && l < 0 ? new BigInteger(Long.toUnsignedString(l)) : l;
      case BigInteger b -> b;
      // Upstream widens a 32-bit float to a double first: 0.1f is written 0.10000000149011612.
      case Float f -> floating(f.doubleValue());
      case Double d -> floating(d);
      case LocalDate d -> d.toString();
      case Instant t -> DATE_TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
      case List<?> items -> {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
          out.add(encode(item, unsigned));
        }
        yield Collections.unmodifiableList(out);
      }
      case Map<?, ?> struct -> {
        Map<String, Object> out = new LinkedHashMap<>();
        struct.forEach((k, v) -> out.put(String.valueOf(k), encode(v, unsigned)));
        yield Collections.unmodifiableMap(out);
      }
      default ->
          throw new IllegalArgumentException(
              "no wire encoding for a result value of type " + value.getClass().getName());
    };
  }

  /** A double as upstream writes it: a JSON number, or a string when it is not finite. */
  static Object floating(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return new JsonNumber(spell(d));
  }

  /**
   * The text of finite {@code d}: its shortest round-trip digits ({@link Double#toString} yields
   * exactly those since JDK 19), laid out positionally with at least one fractional digit when the
   * number has at most 16 integer digits and fewer than 5 leading fractional zeros, else as {@code
   * d[.ddd]e[-]x}.
   */
  static String spell(double d) {
    String sign = (Double.doubleToRawLongBits(d) < 0) ? "-" : "";
    double magnitude = Math.abs(d);
    if (magnitude == 0) {
      return sign + "0.0";
    }
    BigDecimal shortest = shortest(magnitude);
    String digits = shortest.unscaledValue().toString();
    int length = digits.length();
    int exponent = -shortest.scale(); // value = digits * 10^exponent
    int point = length + exponent; // 10^(point-1) <= value < 10^point
    StringBuilder out = new StringBuilder(sign);
    if (exponent >= 0 && point <= MAX_POSITIONAL_DIGITS) {
      out.append(digits).append("0".repeat(exponent)).append(".0");
    } else if (point > 0 && point <= MAX_POSITIONAL_DIGITS) {
      out.append(digits, 0, point).append('.').append(digits, point, length);
    } else if (point > MIN_POSITIONAL_EXPONENT && point <= 0) {
      out.append("0.").append("0".repeat(-point)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (length > 1) {
        out.append('.').append(digits, 1, length);
      }
      out.append('e').append(point - 1);
    }
    return out.toString();
  }

  /**
   * The shortest decimal that reads back as positive finite {@code magnitude}, the one nearest to
   * it among those. {@link Double#toString} gives that, except that it never writes a single digit:
   * when one digit would do, it gives the nearest two-digit decimal ({@code 4.9E-324} for {@code
   * 5e-324}), so a one-digit decimal that also reads back is preferred here.
   */
  private static BigDecimal shortest(double magnitude) {
    BigDecimal java = new BigDecimal(Double.toString(magnitude)).stripTrailingZeros();
    if (java.precision() != 2) {
      return java;
    }
    BigDecimal down = java.setScale(java.scale() - 1, RoundingMode.FLOOR);
    BigDecimal up = java.setScale(java.scale() - 1, RoundingMode.CEILING);
    boolean downReads = Double.parseDouble(down.toString()) == magnitude;
    boolean upReads = Double.parseDouble(up.toString()) == magnitude;
    if (!downReads && !upReads) {
      return java;
    }
    if (downReads && upReads) {
      BigDecimal exact = new BigDecimal(magnitude);
      return exact.subtract(down).compareTo(up.subtract(exact)) < 0
          ? down.stripTrailingZeros()
          : up.stripTrailingZeros();
    }
    return (downReads ? down : up).stripTrailingZeros();
  }
}
