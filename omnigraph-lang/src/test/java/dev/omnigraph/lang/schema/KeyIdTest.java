package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyIdTest {
  private static final PropType STRING = PropType.of(BaseType.STRING, false);
  private static final PropType BOOL = PropType.of(BaseType.BOOL, false);
  private static final PropType I32 = PropType.of(BaseType.I32, false);
  private static final PropType I64 = PropType.of(BaseType.I64, false);
  private static final PropType U32 = PropType.of(BaseType.U32, false);
  private static final PropType U64 = PropType.of(BaseType.U64, false);
  private static final PropType F32 = PropType.of(BaseType.F32, false);
  private static final PropType F64 = PropType.of(BaseType.F64, false);
  private static final PropType DATE = PropType.of(BaseType.DATE, false);
  private static final PropType DATE_TIME = PropType.of(BaseType.DATE_TIME, false);

  private static String f64(double d) {
    return KeyId.canonicalValue(F64, d);
  }

  private static String f32(float f) {
    return KeyId.canonicalValue(F32, f);
  }

  private static String zeros(int n) {
    return "0".repeat(n);
  }

  @Test
  void stringsAreVerbatim() {
    assertThat(KeyId.canonicalValue(STRING, "Alice")).isEqualTo("Alice");
    assertThat(KeyId.canonicalValue(STRING, "")).isEqualTo("");
    assertThat(KeyId.canonicalValue(STRING, "a\"b\n")).isEqualTo("a\"b\n");
    assertThat(KeyId.of(List.of(STRING), List.of("Alice"))).isEqualTo("Alice");
  }

  @Test
  void enumValuesMustBeMembers() {
    PropType color = PropType.enumOf(List.of("red", "green"), false);
    assertThat(KeyId.canonicalValue(color, "red")).isEqualTo("red");
    assertThatThrownBy(() -> KeyId.canonicalValue(color, "blue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"blue\"")
        .hasMessageContaining("enum(green, red)");
  }

  @Test
  void compositeKeysAreCompactJsonArrays() {
    assertThat(KeyId.of(List.of(STRING, STRING), List.of("A", "Z"))).isEqualTo("[\"A\",\"Z\"]");
    assertThat(KeyId.of(List.of(STRING, I32, BOOL), List.of("x", 7, true)))
        .isEqualTo("[\"x\",\"7\",\"true\"]");
    assertThat(KeyId.fromCanonicalValues(List.of("A", "Z"))).isEqualTo("[\"A\",\"Z\"]");
  }

  @Test
  void singleCanonicalValueIsNotEscaped() {
    assertThat(KeyId.fromCanonicalValues(List.of("a\"b\\c\n"))).isEqualTo("a\"b\\c\n");
  }

  @Test
  void compositeKeysUseJsonStringEscaping() {
    assertThat(KeyId.fromCanonicalValues(List.of("say \"hi\"", "back\\slash")))
        .isEqualTo("[\"say \\\"hi\\\"\",\"back\\\\slash\"]");
    assertThat(KeyId.fromCanonicalValues(List.of("line\nbreak", "tab\tcr\rbs\bff\f")))
        .isEqualTo("[\"line\\nbreak\",\"tab\\tcr\\rbs\\bff\\f\"]");
    assertThat(KeyId.fromCanonicalValues(List.of("\u0000\u001f", "\u007f/")))
        .isEqualTo("[\"\\u0000\\u001f\",\"\u007f/\"]");
    assertThat(KeyId.fromCanonicalValues(List.of("Zoë", "日本", "\uD83D\uDE00")))
        .isEqualTo("[\"Zoë\",\"日本\",\"\uD83D\uDE00\"]");
  }

  @Test
  void emptyOrMismatchedKeysAreRejected() {
    assertThatThrownBy(() -> KeyId.fromCanonicalValues(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> KeyId.of(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.of(List.of(STRING, STRING), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 column type(s) but 1 value(s)");
    assertThatThrownBy(() -> KeyId.fromCanonicalValues(Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void booleans() {
    assertThat(KeyId.canonicalValue(BOOL, true)).isEqualTo("true");
    assertThat(KeyId.canonicalValue(BOOL, false)).isEqualTo("false");
  }

  @Test
  void integersAtTheEdges() {
    assertThat(KeyId.canonicalValue(I32, Integer.MIN_VALUE)).isEqualTo("-2147483648");
    assertThat(KeyId.canonicalValue(I32, Integer.MAX_VALUE)).isEqualTo("2147483647");
    assertThat(KeyId.canonicalValue(I32, 2147483647L)).isEqualTo("2147483647");
    assertThat(KeyId.canonicalValue(I32, (short) -5)).isEqualTo("-5");
    assertThat(KeyId.canonicalValue(I32, (byte) 9)).isEqualTo("9");
    assertThat(KeyId.canonicalValue(I64, Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(KeyId.canonicalValue(I64, Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    assertThat(KeyId.canonicalValue(U32, 4294967295L)).isEqualTo("4294967295");
    assertThat(KeyId.canonicalValue(U32, 0)).isEqualTo("0");
    assertThat(KeyId.canonicalValue(U64, new BigInteger("18446744073709551615")))
        .isEqualTo("18446744073709551615");
    assertThat(KeyId.canonicalValue(U64, Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    assertThat(KeyId.canonicalValue(U64, 0L)).isEqualTo("0");
  }

  @Test
  void integersOutOfRangeAreRejected() {
    assertThatThrownBy(() -> KeyId.canonicalValue(I32, 2147483648L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2147483648")
        .hasMessageContaining("I32")
        .hasMessageContaining("-2147483648..2147483647");
    assertThatThrownBy(() -> KeyId.canonicalValue(U32, 4294967296L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U32");
    assertThatThrownBy(() -> KeyId.canonicalValue(U32, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.canonicalValue(U64, -1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..18446744073709551615");
    assertThatThrownBy(() -> KeyId.canonicalValue(U64, BigInteger.ONE.shiftLeft(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> KeyId.canonicalValue(I64, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void f64PlainShortestDigits() {
    assertThat(f64(1.0)).isEqualTo("1");
    assertThat(f64(0.0)).isEqualTo("0");
    assertThat(f64(-0.0)).isEqualTo("0");
    assertThat(f64(-2.5)).isEqualTo("-2.5");
    assertThat(f64(1e20)).isEqualTo("100000000000000000000");
    assertThat(f64(1e-7)).isEqualTo("0.0000001");
    assertThat(f64(1.5e-7)).isEqualTo("0.00000015");
    assertThat(f64(123456.789)).isEqualTo("123456.789");
    assertThat(f64(0.1)).isEqualTo("0.1");
    assertThat(f64(100.0)).isEqualTo("100");
    assertThat(f64(Double.MAX_VALUE)).isEqualTo("17976931348623157" + zeros(292));
  }

  @Test
  void f64SubnormalsUseTheShortestDigitsLikeRust() {
    // Java's Double.toString gives 4.9E-324 and 9.9E-324 here; Rust prints 5e-324 and 1e-323.
    assertThat(f64(Double.MIN_VALUE)).isEqualTo("0." + zeros(323) + "5");
    assertThat(f64(-Double.MIN_VALUE)).isEqualTo("-0." + zeros(323) + "5");
    assertThat(f64(2 * Double.MIN_VALUE)).isEqualTo("0." + zeros(322) + "1");
    assertThat(f64(3 * Double.MIN_VALUE)).isEqualTo("0." + zeros(322) + "15");
  }

  @Test
  void f32UsesTheFloatsOwnShortestDigits() {
    assertThat(f32(0.1f)).isEqualTo("0.1");
    assertThat(f32(16777216f)).isEqualTo("16777216");
    assertThat(f32(1.0f)).isEqualTo("1");
    assertThat(f32(-0.0f)).isEqualTo("0");
    assertThat(f32(1e10f)).isEqualTo("10000000000");
    assertThat(f32(Float.MIN_VALUE)).isEqualTo("0." + zeros(44) + "1");
    assertThat(f32(Float.MAX_VALUE)).isEqualTo("34028235" + zeros(31));
  }

  @Test
  void f64AcceptsAFloatWideningExactly() {
    assertThat(KeyId.canonicalValue(F64, 0.1f)).isEqualTo("0.10000000149011612");
  }

  @Test
  void f32RejectsADouble() {
    assertThatThrownBy(() -> KeyId.canonicalValue(F32, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("F32")
        .hasMessageContaining("0.1")
        .hasMessageContaining("pass a Float");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void nonFiniteFloatsAreRejected(double d) {
    assertThatThrownBy(() -> f64(d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> f32((float) d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void dates() {
    assertThat(KeyId.canonicalValue(DATE, LocalDate.of(1970, 1, 1))).isEqualTo("0");
    assertThat(KeyId.canonicalValue(DATE, LocalDate.of(1969, 12, 31))).isEqualTo("-1");
    assertThat(KeyId.canonicalValue(DATE, LocalDate.of(2024, 2, 29))).isEqualTo("19782");
    assertThat(KeyId.canonicalValue(DATE, 5)).isEqualTo("5");
    assertThat(KeyId.canonicalValue(DATE, -5L)).isEqualTo("-5");
    assertThatThrownBy(() -> KeyId.canonicalValue(DATE, 1L << 40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Date");
  }

  @Test
  void dateTimes() {
    assertThat(KeyId.canonicalValue(DATE_TIME, Instant.ofEpochMilli(-1))).isEqualTo("-1");
    assertThat(KeyId.canonicalValue(DATE_TIME, Instant.EPOCH)).isEqualTo("0");
    assertThat(KeyId.canonicalValue(DATE_TIME, 1_700_000_000_123L)).isEqualTo("1700000000123");
    // Sub-millisecond precision floors toward negative infinity.
    assertThat(KeyId.canonicalValue(DATE_TIME, Instant.ofEpochSecond(0, 1_999_999))).isEqualTo("1");
    assertThat(KeyId.canonicalValue(DATE_TIME, Instant.ofEpochSecond(0, -1))).isEqualTo("-1");
    assertThatThrownBy(() -> KeyId.canonicalValue(DATE_TIME, Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DateTime");
  }

  @Test
  void wrongJavaTypesAreRejected() {
    assertThatThrownBy(() -> KeyId.canonicalValue(STRING, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 (Integer)")
        .hasMessageContaining("String")
        .hasMessageContaining("pass a String");
    assertThatThrownBy(() -> KeyId.canonicalValue(I32, "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"5\" (String)")
        .hasMessageContaining("I32");
    assertThatThrownBy(() -> KeyId.canonicalValue(I64, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.canonicalValue(BOOL, "true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bool");
    assertThatThrownBy(() -> KeyId.canonicalValue(F64, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("F64");
    assertThatThrownBy(() -> KeyId.canonicalValue(F32, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.canonicalValue(DATE, "2024-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LocalDate");
    assertThatThrownBy(() -> KeyId.canonicalValue(DATE_TIME, LocalDate.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Instant");
  }

  @Test
  void nullValuesAreRejected() {
    assertThatThrownBy(() -> KeyId.canonicalValue(STRING, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> KeyId.of(List.of(STRING), Arrays.asList((Object) null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }

  @Test
  void disallowedKeyTypesAreRejected() {
    for (PropType type :
        List.of(
            PropType.of(BaseType.STRING, true),
            PropType.listOf(BaseType.STRING, false),
            PropType.of(BaseType.BLOB, false),
            PropType.of(new VectorType(3), false))) {
      assertThatThrownBy(() -> KeyId.canonicalValue(type, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(type.displayName())
          .hasMessageContaining("cannot be a key type");
    }
  }

  @Test
  void f64RoundTripsForRandomFiniteDoubles() {
    qt().forAll(doubles().any()).assuming(Double::isFinite).check(KeyIdTest::f64RoundTrips);
    qt().withExamples(10_000)
        .forAll(longs().all().map(Double::longBitsToDouble))
        .assuming(Double::isFinite)
        .check(KeyIdTest::f64RoundTrips);
  }

  @Test
  void f32RoundTripsForRandomFiniteFloats() {
    qt().forAll(floats().any()).assuming(Float::isFinite).check(KeyIdTest::f32RoundTrips);
    qt().withExamples(10_000)
        .forAll(integers().all().map(Float::intBitsToFloat))
        .assuming(Float::isFinite)
        .check(KeyIdTest::f32RoundTrips);
  }

  private static boolean f64RoundTrips(double d) {
    String s = f64(d);
    double expected = d == 0.0 ? 0.0 : d;
    return Double.parseDouble(s) == expected
        && (d != 0.0 || s.equals("0"))
        && !s.contains("E")
        && !s.contains("e")
        && !s.endsWith(".0");
  }

  private static boolean f32RoundTrips(float f) {
    String s = f32(f);
    return Float.parseFloat(s) == f
        && (f != 0.0f || s.equals("0"))
        && !s.contains("E")
        && !s.contains("e")
        && !s.endsWith(".0");
  }
}
