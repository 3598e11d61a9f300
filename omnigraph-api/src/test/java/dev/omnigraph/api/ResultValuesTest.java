package dev.omnigraph.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Result values encoded as upstream writes them in read output rows. */
class ResultValuesTest {
  static String json(Object value, boolean unsigned) {
    return WireJson.compact(ResultValues.encode(value, unsigned));
  }

  static String json(Object value) {
    return json(value, false);
  }

  @Test
  void doublesAreSpelledAsUpstreamSpellsThem() {
    String[][] cases = {
      {"1.0", "1.0"},
      {"0.1", "0.1"},
      {"-2.5", "-2.5"},
      {"123.0", "123.0"},
      {"123456.789", "123456.789"},
      {"1e10", "10000000000.0"},
      {"1e15", "1000000000000000.0"},
      {"9007199254740993", "9007199254740992.0"},
      {"1e16", "1e16"},
      {"1.2345678901234567e19", "1.2345678901234567e19"},
      {"1.7976931348623157e308", "1.7976931348623157e308"},
      {"0.0001", "0.0001"},
      {"0.000025", "0.000025"},
      {"0.00001", "0.00001"},
      {"0.000001", "1e-6"},
      {"1.5e-7", "1.5e-7"},
      {"-1.5e-7", "-1.5e-7"},
      {"4.9e-324", "5e-324"},
      {"0.0", "0.0"},
      {"-0.0", "-0.0"}
    };
    for (String[] c : cases) {
      assertThat(json(Double.parseDouble(c[0]))).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void floatsAreWidenedToDoubleFirst() {
    assertThat(json(0.1f)).isEqualTo("0.10000000149011612");
    assertThat(json(1.5f)).isEqualTo("1.5");
    assertThat(json(List.of(0.25f, 1e20f))).isEqualTo("[0.25,1.0000000200408773e20]");
  }

  @Test
  void nonFiniteFloatsAreStrings() {
    assertThat(json(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(json(Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
    assertThat(json(Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
  }

  /** Every spelling reads back as the same double, over random bit patterns and magnitudes. */
  @Test
  void everySpellingRoundTripsToTheSameDouble() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      String text = ResultValues.spell(d);
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(d);
      assertThat(new JsonNumber(text).text()).isEqualTo(text);
    }
  }

  @Test
  void integersAreExactAndUnsignedColumnsReadUnsigned() {
    assertThat(json(30)).isEqualTo("30");
    assertThat(json(9007199254740993L)).isEqualTo("9007199254740993");
    assertThat(json(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(json(-1L, true)).isEqualTo("18446744073709551615");
    assertThat(json(7L, true)).isEqualTo("7");
    assertThat(json(List.of(-2L, 3L), true)).isEqualTo("[18446744073709551614,3]");
    assertThat(json(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
    assertThat(json((short) 3)).isEqualTo("3");
  }

  @Test
  void datesAndDateTimesAreIsoTextInUtcWithMilliseconds() {
    assertThat(json(LocalDate.of(2026, 3, 30))).isEqualTo("\"2026-03-30\"");
    assertThat(json(Instant.parse("2026-04-01T08:30:00Z")))
        .isEqualTo("\"2026-04-01T08:30:00.000Z\"");
    assertThat(json(Instant.parse("1969-12-31T23:59:59.5Z")))
        .isEqualTo("\"1969-12-31T23:59:59.500Z\"");
    assertThat(json(Instant.ofEpochMilli(-1))).isEqualTo("\"1969-12-31T23:59:59.999Z\"");
    assertThat(json(List.of(LocalDate.of(2026, 3, 30), LocalDate.of(2026, 3, 31))))
        .isEqualTo("[\"2026-03-30\",\"2026-03-31\"]");
  }

  @Test
  void listsStructsAndNullsNest() {
    List<Object> withNull = new ArrayList<>(Arrays.asList(1.0f, null, 2.5f));
    assertThat(json(withNull)).isEqualTo("[1.0,null,2.5]");
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("id", "alice");
    struct.put("age", null);
    struct.put("seen", Instant.EPOCH);
    assertThat(json(struct))
        .isEqualTo("{\"id\":\"alice\",\"age\":null,\"seen\":\"1970-01-01T00:00:00.000Z\"}");
    assertThat(json(null)).isEqualTo("null");
    assertThat(json(true)).isEqualTo("true");
    assertThat(json("x\"y")).isEqualTo("\"x\\\"y\"");
  }

  @Test
  void otherValuesAreRefused() {
    assertThatThrownBy(() -> ResultValues.encode(new Object(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no wire encoding");
    assertThatThrownBy(() -> new JsonNumber("1.")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JsonNumber("NaN")).isInstanceOf(IllegalArgumentException.class);
  }
}
