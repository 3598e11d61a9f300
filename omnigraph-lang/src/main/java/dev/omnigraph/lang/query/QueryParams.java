package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.Literal.BoolLiteral;
import dev.omnigraph.lang.query.Literal.DateLiteral;
import dev.omnigraph.lang.query.Literal.DateTimeLiteral;
import dev.omnigraph.lang.query.Literal.FloatLiteral;
import dev.omnigraph.lang.query.Literal.IntegerLiteral;
import dev.omnigraph.lang.query.Literal.ListLiteral;
import dev.omnigraph.lang.query.Literal.NullLiteral;
import dev.omnigraph.lang.query.Literal.StringLiteral;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.ScalarType;
import dev.omnigraph.lang.schema.VectorType;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the run-time values of a request to a query's declared parameters: the wire contract that
 * turns a JSON params object into a {@code name → Literal} map, or fails with a {@link ParamError}
 * that names the parameter, the expected type and what was given.
 *
 * <p>The rules follow upstream's {@code json_params_to_param_map} with these deliberate
 * differences:
 *
 * <ul>
 *   <li>A declared non-nullable parameter that is absent is an error ("param 'x' is required: …").
 *       This is stricter than upstream on purpose: upstream silently drops a prop-match that uses
 *       it (returning every row) and fails other uses late, so the outcome depended on where the
 *       parameter appears.
 *   <li>{@code Date} and {@code DateTime} text is validated here rather than when first compared:
 *       {@code Date} is {@code yyyy-MM-dd}; {@code DateTime} is RFC 3339 with seconds and an
 *       explicit offset, uppercase {@code T} and {@code Z} (fraction of 1 to 9 digits, no leap
 *       second).
 *   <li>{@code null} inside a {@code [T]} array is rejected: list columns hold no null items.
 *   <li>{@code F32} values and vector elements must fit a 32-bit float; any float must be finite.
 *   <li>An undeclared key whose integer does not fit 64 bits is rejected instead of silently
 *       becoming a float, and the key {@code __nanograph_now} is refused because the engine binds
 *       it for {@code now()}.
 *   <li>Both modes word errors alike; {@link Mode#JAVASCRIPT} differs only in how it treats
 *       numbers.
 * </ul>
 *
 * <p>Declared integer types take a JSON integer or a decimal string ({@code [+-]?[0-9]+}); float
 * types take any JSON number, integers included; list parameters convert element-wise.
 */
public final class QueryParams {
  /** How far JSON numbers are trusted: exactly, or only as far as a JavaScript number is. */
  public enum Mode {
    /** Integers are exact at any size; a number with a fraction or exponent is never an integer. */
    STANDARD,
    /**
     * The client is JavaScript, whose numbers are doubles: an integer outside ±(2^53−1) may already
     * have been rounded, so it is refused with advice to send a decimal string; a number such as
     * {@code 5.0} counts as the integer 5 because JavaScript cannot tell the two apart.
     */
    JAVASCRIPT
  }

  /** The parameter the engine binds for {@code now()}; a client must not supply it. */
  static final String RESERVED_NOW = "__nanograph_now";

  private static final BigInteger JS_MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);
  private static final BigInteger I32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger I32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger I64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

  private static final Pattern VECTOR = Pattern.compile("Vector\\(([0-9]{1,10})\\)");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

  /** Echoed client text is cut here so a huge value cannot bloat messages and logs. */
  private static final int MAX_ECHO = 64;

  private QueryParams() {}

  /**
   * The type {@code p} declares: a base type ({@code String Blob Bool I32 I64 U32 U64 F32 F64
   * DateTime Date}), a list of one ({@code [I32]}, not of {@code Blob}), or {@code Vector(d)} with
   * {@code 1 <= d <= 2^31-1}, nullable when {@code p} is.
   *
   * @throws CompileError of kind {@link ErrorKind#TYPE} and no span for any other type text; the
   *     typechecker adds the parameter's span with {@link CompileError#withSpan}
   */
  public static PropType declaredType(QueryDecl.Param p) {
    String text = p.typeName();
    boolean list = text.length() >= 2 && text.startsWith("[") && text.endsWith("]");
    String element = list ? text.substring(1, text.length() - 1) : text;
    Optional<ScalarType> scalar = BaseType.named(element).map(ScalarType.class::cast);
    if (scalar.isEmpty() && !list) {
      scalar = vectorType(element);
    }
    if (scalar.isEmpty() || (list && scalar.get() == BaseType.BLOB)) {
      throw new CompileError(
          ErrorKind.TYPE, "unknown parameter type `" + text + "` for `$" + p.name() + "`");
    }
    return list
        ? PropType.listOf(scalar.get(), p.nullable())
        : PropType.of(scalar.get(), p.nullable());
  }

  private static Optional<ScalarType> vectorType(String text) {
    Matcher m = VECTOR.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long dimension = Long.parseLong(m.group(1));
    return dimension >= 1 && dimension <= Integer.MAX_VALUE
        ? Optional.of(new VectorType((int) dimension))
        : Optional.empty();
  }

  /**
   * {@link #fromJson} of the JSON text {@code jsonText}; {@code null} means no params object.
   *
   * @throws ParamError also when the text is not valid JSON
   */
  public static Map<String, Literal> fromJsonText(
      String jsonText, List<QueryDecl.Param> declared, Mode mode) {
    Object json;
    try {
      json = jsonText == null ? null : Json.parse(jsonText);
    } catch (IllegalArgumentException e) {
      throw new ParamError("params are not valid JSON: " + e.getMessage(), e);
    }
    return fromJson(json, declared, mode);
  }

  /**
   * The parameter values in the parsed JSON value {@code json}, keyed by name without {@code $}:
   * the object's keys in their order, then the omitted nullable declared parameters bound to {@link
   * NullLiteral}. {@code json} is {@code null} when the request has no params object, else a value
   * shaped as {@link JsonText#parse} returns (any {@link Number} is accepted as a JSON number;
   * {@code BigDecimal}, {@code Double} and {@code Float} count as non-integers). Keys that are not
   * declared keep their JSON shape as a literal.
   *
   * @throws ParamError when the values do not fit the declarations
   * @throws CompileError when a declared type is unknown (see {@link #declaredType})
   * @throws IllegalArgumentException when {@code json} holds a value no JSON text can produce, such
   *     as a key that is not a string
   */
  public static Map<String, Literal> fromJson(
      Object json, List<QueryDecl.Param> declared, Mode mode) {
    Objects.requireNonNull(declared, "declared");
    Objects.requireNonNull(mode, "mode");
    Map<String, QueryDecl.Param> byName = new LinkedHashMap<>();
    Map<String, PropType> types = new LinkedHashMap<>();
    for (QueryDecl.Param p : declared) {
      if (byName.putIfAbsent(p.name(), p) == null) {
        types.put(p.name(), declaredType(p));
      }
    }
    Map<?, ?> object =
        switch (json) {
          case null -> Map.of();
          case Map<?, ?> m -> m;
          default -> throw new ParamError("params must be a JSON object");
        };
    Map<String, Literal> bound = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException("JSON object keys must be strings: " + entry.getKey());
      }
      String where = "param '" + key + "'";
      PropType type = types.get(key);
      Object value = entry.getValue();
      Literal literal;
      if (type != null) {
        literal = declared(where, value, type, mode);
      } else if (key.equals(RESERVED_NOW)) {
        throw new ParamError(where + " is reserved for the engine's now() value");
      } else {
        literal = inferred(where, value, mode);
      }
      bound.put(key, literal);
    }
    for (QueryDecl.Param p : byName.values()) {
      if (bound.containsKey(p.name())) {
        continue;
      }
      if (!p.nullable()) {
        throw new ParamError(
            "param '"
                + p.name()
                + "' is required: declare it nullable (`$"
                + p.name()
                + ": "
                + p.typeName()
                + "?`) or pass a value");
      }
      bound.put(p.name(), new NullLiteral());
    }
    return Collections.unmodifiableMap(bound);
  }

  // --- declared parameters ----------------------------------------------------------------------

  private static Literal declared(String where, Object value, PropType type, Mode mode) {
    if (value == null) {
      if (type.nullable()) {
        return new NullLiteral();
      }
      throw new ParamError(where + ": null is not accepted for non-nullable parameter");
    }
    String shown = type.withNullable(false).displayName();
    if (type.scalar() instanceof VectorType vector) {
      return vector(where, value, vector);
    }
    BaseType base = (BaseType) type.scalar();
    if (!type.list()) {
      return scalar(where, value, base, mode);
    }
    if (!(value instanceof List<?> items)) {
      throw mismatch(where, shown + " as a JSON array", value);
    }
    List<Literal> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String at = where + ": element " + i;
      Object item = items.get(i);
      if (item == null) {
        throw new ParamError(at + ": null is not accepted inside " + shown);
      }
      out.add(scalar(at, item, base, mode));
    }
    return new ListLiteral(out);
  }

  private static Literal scalar(String where, Object value, BaseType type, Mode mode) {
    return switch (type) {
      case STRING -> new StringLiteral(string(where, value, "String as a JSON string"));
      // The payload is decoded, and a URI checked against policy, where the blob is stored.
      case BLOB -> new StringLiteral(string(where, value, "Blob as a URI or base64: string"));
      case BOOL -> {
        if (!(value instanceof Boolean b)) {
          throw mismatch(where, "Bool as a JSON boolean", value);
        }
        yield new BoolLiteral(b);
      }
      case I32, I64, U32, U64 -> new IntegerLiteral(integer(where, value, type, mode));
      case F32, F64 -> new FloatLiteral(floating(where, value, type, ""));
      case DATE -> {
        String text = string(where, value, "Date as a JSON string (yyyy-MM-dd)");
        if (!isDate(text)) {
          throw new ParamError(
              where + ": invalid Date '" + echo(text) + "'; expected yyyy-MM-dd, e.g. 2026-04-01");
        }
        yield new DateLiteral(text);
      }
      case DATE_TIME -> {
        String text = string(where, value, "DateTime as a JSON string (RFC 3339)");
        if (!isDateTime(text)) {
          throw new ParamError(
              where
                  + ": invalid DateTime '"
                  + echo(text)
                  + "'; expected RFC 3339 with seconds and an offset, e.g. 2026-04-01T08:30:00Z"
                  + " or 2026-04-01T08:30:00.123+02:00");
        }
        yield new DateTimeLiteral(text);
      }
    };
  }

  private static String string(String where, Object value, String expected) {
    if (!(value instanceof String s)) {
      throw mismatch(where, expected, value);
    }
    return s;
  }

  private static long integer(String where, Object value, BaseType type, Mode mode) {
    String expected = type + " as a JSON integer or decimal string";
    BigInteger n;
    switch (value) {
      case String s -> {
        if (!DECIMAL.matcher(s).matches()) {
          throw new ParamError(
              where + ": expected " + type + " as a decimal integer string, got '" + echo(s) + "'");
        }
        n = new BigInteger(s);
      }
      case Number number -> {
        n =
            integral(number, mode)
                .orElseThrow(() ->
                    new ParamError(
                        where
                            + ": expected "
                            + expected
                            + ", got non-integer number "
                            + echo(number.toString())));
        if (mode == Mode.JAVASCRIPT && n.abs().compareTo(JS_MAX_SAFE) > 0) {
          throw new ParamError(
              where
                  + ": integer "
                  + echo(n.toString())
                  + " exceeds JS safe integer range; pass a decimal string for exact values");
        }
      }
      default -> throw mismatch(where, expected, value);
    }
    String exceeds = where + ": value " + echo(n.toString()) + " exceeds ";
    switch (type) {
      case I32 -> {
        if (n.compareTo(I32_MIN) < 0 || n.compareTo(I32_MAX) > 0) {
          throw new ParamError(exceeds + "I32");
        }
      }
      case I64 -> {
        if (n.compareTo(I64_MIN) < 0 || n.compareTo(I64_MAX) > 0) {
          throw new ParamError(exceeds + "I64");
        }
      }
      default -> {
        if (n.signum() < 0) {
          throw new ParamError(
              where
                  + ": value "
                  + echo(n.toString())
                  + " is negative, but "
                  + type
                  + " is unsigned");
        }
        if (type == BaseType.U32 && n.compareTo(U32_MAX) > 0) {
          throw new ParamError(exceeds + "U32");
        }
        // U64 values travel as signed 64-bit integers, so the top half of the range is refused.
        if (n.compareTo(I64_MAX) > 0) {
          throw new ParamError(
              exceeds + "current engine range for U64 (max " + Long.MAX_VALUE + ")");
        }
      }
    }
    return n.longValueExact();
  }

  /**
   * {@code number} as an exact integer, or empty when it is not one. Only integer-typed numbers
   * count, except in JavaScript mode, where a whole {@code 5.0} or {@code 1e21} is an integer too.
   */
  private static Optional<BigInteger> integral(Number number, Mode mode) {
    return switch (number) {
      case BigInteger b -> Optional.of(b);
      case Long l -> Optional.of(BigInteger.valueOf(l));
      case Integer i -> Optional.of(BigInteger.valueOf(i));
      case Short s -> Optional.of(BigInteger.valueOf(s));
      case Byte b -> Optional.of(BigInteger.valueOf(b));
      default -> {
        if (mode != Mode.JAVASCRIPT) {
          yield Optional.empty();
        }
        BigDecimal exact;
        if (number instanceof BigDecimal d) {
          exact = d;
        } else {
          double d = number.doubleValue();
          if (!Double.isFinite(d)) {
            yield Optional.empty();
          }
          exact = new BigDecimal(d);
        }
        try {
          yield Optional.of(exact.toBigIntegerExact());
        } catch (ArithmeticException fractional) {
          yield Optional.empty();
        }
      }
    };
  }

  /** {@code suffix} names the vector an element belongs to, or is empty. */
  private static double floating(String where, Object value, BaseType type, String suffix) {
    if (!(value instanceof Number number)) {
      throw mismatch(where, type + " as a JSON number", value);
    }
    double d = number.doubleValue();
    if (Double.isNaN(d)) {
      throw mismatch(where, type + " as a JSON number", value);
    }
    if (Double.isInfinite(d) || (type == BaseType.F32 && Float.isInfinite((float) d))) {
      throw new ParamError(
          where + ": value " + echo(number.toString()) + " exceeds " + type + suffix);
    }
    return d;
  }

  private static Literal vector(String where, Object value, VectorType type) {
    int dimension = type.dimension();
    if (!(value instanceof List<?> items)) {
      throw mismatch(where, type + " as a JSON array of " + dimension + " numbers", value);
    }
    if (items.size() != dimension) {
      throw new ParamError(
          where + ": expected " + dimension + " values for " + type + ", got " + items.size());
    }
    List<Literal> out = new ArrayList<>(dimension);
    for (int i = 0; i < dimension; i++) {
      String at = where + ": element " + i;
      Object item = items.get(i);
      if (!(item instanceof Number)) {
        throw mismatch(at, "a number for " + type, item);
      }
      out.add(new FloatLiteral(floating(at, item, BaseType.F32, " in " + type)));
    }
    return new ListLiteral(out);
  }

  private static boolean isDate(String text) {
    if (!DATE.matcher(text).matches()) {
      return false;
    }
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException invalidCalendarDate) {
      return false;
    }
  }

  private static boolean isDateTime(String text) {
    if (!DATE_TIME.matcher(text).matches()) {
      return false;
    }
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException invalidCalendarValue) {
      return false;
    }
  }

  // --- undeclared keys --------------------------------------------------------------------------

  private static Literal inferred(String where, Object value, Mode mode) {
    return switch (value) {
      case null -> new NullLiteral();
      case String s -> new StringLiteral(s);
      case Boolean b -> new BoolLiteral(b);
      case Number number -> {
        Optional<BigInteger> exact = integral(number, Mode.STANDARD);
        if (exact.isEmpty()) {
          yield new FloatLiteral(floating(where, number, BaseType.F64, ""));
        }
        BigInteger n = exact.get();
        if (mode == Mode.JAVASCRIPT && n.abs().compareTo(JS_MAX_SAFE) > 0) {
          // A decimal string alone would be bound as a string; only a typed declaration reads it
          // as a number.
          throw new ParamError(
              where
                  + ": integer "
                  + echo(n.toString())
                  + " exceeds JS safe integer range; use a decimal string and a typed query"
                  + " parameter for exact values");
        }
        if (n.bitLength() >= Long.SIZE) {
          throw new ParamError(where + ": integer " + echo(n.toString()) + " exceeds I64");
        }
        yield new IntegerLiteral(n.longValue());
      }
      case List<?> items -> {
        List<Literal> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          out.add(inferred(where + ": element " + i, items.get(i), mode));
        }
        yield new ListLiteral(out);
      }
      case Map<?, ?> _ ->
          throw new ParamError(where + ": JSON objects are not supported as parameter values");
      default -> throw notJson(value);
    };
  }

  // --- messages ---------------------------------------------------------------------------------

  private static ParamError mismatch(String where, String expected, Object value) {
    return new ParamError(where + ": expected " + expected + ", got " + jsonType(value));
  }

  private static String jsonType(Object value) {
    return switch (value) {
      case null -> "null";
      case Boolean _ -> "boolean";
      case Number _ -> "number";
      case String _ -> "string";
      case List<?> _ -> "array";
      case Map<?, ?> _ -> "object";
      default -> throw notJson(value);
    };
  }

  private static IllegalArgumentException notJson(Object value) {
    return new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  private static String echo(String text) {
    return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
  }
}
