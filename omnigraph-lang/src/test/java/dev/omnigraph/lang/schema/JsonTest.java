package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> nested() {
    return map(
        "zeta",
        1,
        "alpha",
        map("y", true, "x", Arrays.asList(1L, null, "s", List.of()), "empty", Map.of()),
        "mid",
        Optional.of(2.5),
        "none",
        Optional.empty());
  }

  @Test
  void compactOutputPreservesMapOrder() {
    assertThat(Json.write(nested()))
        .isEqualTo(
            "{\"zeta\":1,\"alpha\":{\"y\":true,\"x\":[1,null,\"s\",[]],\"empty\":{}},"
                + "\"mid\":2.5,\"none\":null}");
  }

  @Test
  void prettyOutputIsExact() {
    assertThat(Json.writePretty(nested()))
        .isEqualTo(
            """
            {
              "zeta": 1,
              "alpha": {
                "y": true,
                "x": [
                  1,
                  null,
                  "s",
                  []
                ],
                "empty": {}
              },
              "mid": 2.5,
              "none": null
            }\
            """);
  }

  @Test
  void prettyScalarsAndEmptyContainersStayOnOneLine() {
    assertThat(Json.writePretty(42)).isEqualTo("42");
    assertThat(Json.writePretty(List.of())).isEqualTo("[]");
    assertThat(Json.writePretty(Map.of())).isEqualTo("{}");
    assertThat(Json.writePretty(List.of(List.of()))).isEqualTo("[\n  []\n]");
  }

  @Test
  void roundTripsThroughBothWriters() {
    Object parsed = Json.parse(Json.write(nested()));
    Map<String, Object> expected =
        map(
            "zeta",
            1L,
            "alpha",
            map("y", true, "x", Arrays.asList(1L, null, "s", List.of()), "empty", Map.of()),
            "mid",
            2.5,
            "none",
            null);
    assertThat(parsed).isEqualTo(expected);
    assertThat(Json.parse(Json.writePretty(nested()))).isEqualTo(expected);
    assertThat(Json.write(parsed)).isEqualTo(Json.write(nested()));
    assertThat(new ArrayList<Object>(((Map<?, ?>) parsed).keySet()))
        .containsExactly("zeta", "alpha", "mid", "none");
  }

  @Test
  void parsedContainersKeepOrderAndAllowNull() {
    Object parsed = Json.parse(" { \"b\" : null , \"a\" : [ null ] } ");
    assertThat(parsed).isInstanceOf(LinkedHashMap.class);
    Map<?, ?> m = (Map<?, ?>) parsed;
    assertThat(new ArrayList<Object>(m.keySet())).containsExactly("b", "a");
    assertThat(m.containsKey("b")).isTrue();
    assertThat(m.get("b")).isNull();
    assertThat(new ArrayList<Object>((List<?>) m.get("a"))).containsExactly((Object) null);
  }

  @Test
  void escapesQuotesBackslashAndControlCharacters() {
    assertThat(Json.write("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
    assertThat(Json.write("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
    assertThat(Json.write("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
    assertThat(Json.write("\u001b")).isEqualTo("\"\\u001b\"");
  }

  @Test
  void emitsDelAndNonAsciiRaw() {
    String s = "\u007fé漢字\uD83D\uDE00";
    assertThat(Json.write(s)).isEqualTo("\"" + s + "\"");
    assertThat(Json.parse(Json.write(s))).isEqualTo(s);
  }

  @Test
  void escapesLoneSurrogates() {
    assertThat(Json.write("a\uD800b")).isEqualTo("\"a\\ud800b\"");
    assertThat(Json.write("\uDC00")).isEqualTo("\"\\udc00\"");
    assertThat(Json.write("\uDE00\uD83D")).isEqualTo("\"\\ude00\\ud83d\"");
    assertThat(Json.write("x\uD83D")).isEqualTo("\"x\\ud83d\"");
    assertThat(Json.parse("\"a\\ud800b\"")).isEqualTo("a\uD800b");
  }

  @Test
  void parsesAllEscapes() {
    assertThat(Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u00E9\""))
        .isEqualTo("\"\\/\b\f\n\r\tAéé");
    assertThat(Json.parse("\"\\uD83D\\uDE00\"")).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void writesIntegers() {
    assertThat(Json.write(0)).isEqualTo("0");
    assertThat(Json.write(-7)).isEqualTo("-7");
    assertThat(Json.write(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    BigInteger big = BigInteger.TWO.pow(100).negate();
    assertThat(Json.write(big)).isEqualTo("-1267650600228229401496703205376");
  }

  @Test
  void parsesIntegersAsLongOrBigInteger() {
    assertThat(Json.parse("0")).isEqualTo(0L);
    assertThat(Json.parse("-0")).isEqualTo(0L);
    assertThat(Json.parse("123")).isEqualTo(123L);
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(Json.parse("9223372036854775808"))
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
    assertThat(Json.parse("-9223372036854775809"))
        .isEqualTo(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE));
    BigInteger huge = BigInteger.TEN.pow(40);
    assertThat(Json.parse(Json.write(huge))).isEqualTo(huge);
  }

  @Test
  void writesDoublesInShortestRoundTripForm() {
    assertThat(Json.write(100.0)).isEqualTo("100.0");
    assertThat(Json.write(0.1)).isEqualTo("0.1");
    assertThat(Json.write(1e20)).isEqualTo("1.0E20");
    assertThat(Json.write(-0.0)).isEqualTo("-0.0");
    assertThat(Json.write(2e-7)).isEqualTo("2.0E-7");
    assertThat(Json.write(0.1f)).isEqualTo("0.1");
    for (double d :
        new double[] {100.0, 0.1, 1e20, -0.0, 2e-7, Double.MIN_VALUE, Double.MAX_VALUE}) {
      assertThat(Json.parse(Json.write(d))).isEqualTo(d);
    }
  }

  @Test
  void parsesFractionsAndExponentsAsDouble() {
    assertThat(Json.parse("1.5")).isEqualTo(1.5);
    assertThat(Json.parse("1e2")).isEqualTo(100.0);
    assertThat(Json.parse("1E+2")).isEqualTo(100.0);
    assertThat(Json.parse("-2.5e-3")).isEqualTo(-0.0025);
    assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
  }

  @ParameterizedTest
  @MethodSource("nonFinite")
  void rejectsNonFiniteNumbers(Object value) {
    assertThatThrownBy(() -> Json.write(value)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.write(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Object> nonFinite() {
    return Stream.of(
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Float.NaN,
        Float.POSITIVE_INFINITY);
  }

  @Test
  void rejectsUnsupportedValues() {
    assertThatThrownBy(() -> Json.write(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> Json.write(List.of((short) 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Short");
    Map<Object, Object> intKeys = new TreeMap<>();
    intKeys.put(1, "x");
    assertThatThrownBy(() -> Json.write(intKeys))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Integer");
  }

  @Test
  void rejectsCyclesInsteadOfOverflowingTheStack() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertThatThrownBy(() -> Json.write(cyclic)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void depthLimitIsSharedByWriterAndParser() {
    Object deepest = List.of();
    for (int i = 1; i < Json.MAX_DEPTH; i++) {
      deepest = List.of(deepest);
    }
    String text = Json.write(deepest);
    assertThat(Json.parse(text)).isEqualTo(deepest);
    Object tooDeep = List.of(deepest);
    assertThatThrownBy(() -> Json.write(tooDeep)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("[" + text + "]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid JSON at offset 512: expected nesting depth of at most 512");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[1,]",
        "{\"a\":1,}",
        "[,1]",
        "01",
        "-01",
        "[01]",
        "1.",
        "1.e5",
        ".5",
        "+1",
        "-",
        "1e",
        "1e+",
        "0x10",
        "\"unterminated",
        "\"unterminated\\",
        "\"raw\ncontrol\"",
        "\"raw\u0000nul\"",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\u١٢٣٤\"",
        "\"raw lone \uD800 surrogate\"",
        "\"\uDC00\"",
        "{\"a\":1,\"a\":2}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "{'a':1}",
        "[1]x",
        "1 2",
        "nul",
        "True",
        "nullx",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        "\u00a01",
        "\ufeff1",
        "[",
        "{",
        "{\"a\"",
        "{\"a\":",
        "]",
        "}",
      })
  void rejectsMalformedInput(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON at offset ")
        .hasMessageContaining("expected");
  }

  @Test
  void rejectsDeepNestingWithoutStackOverflow() {
    assertThatThrownBy(() -> Json.parse("[".repeat(10000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> Json.parse("{\"a\":".repeat(10000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
  }

  static Stream<Arguments> errorMessages() {
    return Stream.of(
        Arguments.of("{\"key\": 1, \"other\" 2}", 19, "expected ':' after object key"),
        Arguments.of("{\"a\":1,\"a\":2}", 7, "expected a unique object key, but \"a\" repeats"),
        Arguments.of("01", 0, "expected no leading zeros in a number"),
        Arguments.of("1.", 2, "expected a digit after the decimal point"),
        Arguments.of("[1,]", 3, "expected a JSON value"),
        Arguments.of("[1]x", 3, "expected end of input after the JSON value"),
        Arguments.of("\"ab", 0, "expected a closing '\"' before end of input"),
        Arguments.of(
            "\"a\\x\"",
            2,
            "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX as an escape"),
        Arguments.of("\"a\tb\"", 2, "expected control character U+0009 to be escaped"));
  }

  @ParameterizedTest
  @MethodSource("errorMessages")
  void errorMessagesNameOffsetAndExpectation(String text, int offset, String expected) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid JSON at offset " + offset + ": " + expected);
  }

  @Test
  void acceptsSurroundingWhitespace() {
    assertThat(Json.parse(" \t\r\n[ 1 , \"x\" ]\n ")).isEqualTo(List.of(1L, "x"));
    assertThat(Json.parse("true")).isEqualTo(true);
    assertThat(Json.parse("false")).isEqualTo(false);
    assertThat(Json.parse(" null ")).isNull();
  }

  private static final String ALPHABET = "{}[],:\"\\/-+.eE0123456789 \t\nabfnrtuxlsAF\u0000\u001f";

  /** A string of random bytes/chars, biased towards JSON punctuation so parsing gets deep. */
  private static String randomText(SplittableRandom random) {
    int length = random.nextInt(40);
    StringBuilder sb = new StringBuilder(length);
    int mode = random.nextInt(3);
    for (int i = 0; i < length; i++) {
      switch (mode) {
        case 0 -> sb.append((char) random.nextInt(256));
        case 1 -> sb.append((char) random.nextInt(Character.MAX_VALUE + 1));
        default -> sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return sb.toString();
  }

  /** A valid document with a few chars overwritten, to probe errors deep inside structures. */
  private static String mutatedDocument(SplittableRandom random) {
    char[] chars = Json.write(nested()).toCharArray();
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }

  @Test
  void randomInputEitherParsesOrFailsWithIllegalArgument() {
    SplittableRandom random = new SplittableRandom(0x0A11_6A7EL);
    int parsed = 0;
    for (int i = 0; i < 2000; i++) {
      String text = random.nextBoolean() ? randomText(random) : mutatedDocument(random);
      Object value;
      try {
        value = Json.parse(text);
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageContaining("offset");
        continue;
      }
      parsed++;
      // Whatever parses must be writable and read back to the same value.
      assertThat(Json.parse(Json.write(value))).as("input %s", text).isEqualTo(value);
    }
    assertThat(parsed).isPositive();
  }
}
