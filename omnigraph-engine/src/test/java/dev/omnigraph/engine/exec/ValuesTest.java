package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.lang.query.CompOp;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
  @Test
  void aNullOperandNeverMatchesAnyOperator() {
    for (CompOp op : CompOp.values()) {
      assertThat(Values.test(op, null, 1L)).as(op.name()).isFalse();
      assertThat(Values.test(op, "a", null)).as(op.name()).isFalse();
    }
  }

  @Test
  void numbersCompareByExactValueAcrossTypes() {
    assertThat(Values.test(CompOp.EQ, 2, 2.7)).isFalse();
    assertThat(Values.test(CompOp.LT, 2, 2.7)).isTrue();
    assertThat(Values.test(CompOp.EQ, 3, 3.0)).isTrue();
    assertThat(Values.test(CompOp.EQ, 0.25f, 0.25)).isTrue();
    // 0.1f is 0.100000001490116..., above the double 0.1.
    assertThat(Values.test(CompOp.GT, 0.1f, 0.1)).isTrue();
    // 2^53 + 1 is no double: exact comparison, not a rounded one.
    long odd = (1L << 53) + 1;
    assertThat(Values.test(CompOp.GT, odd, (double) (1L << 53))).isTrue();
    assertThat(Values.test(CompOp.EQ, Long.MAX_VALUE, Math.pow(2, 63))).isFalse();
    assertThat(Values.test(CompOp.LT, Long.MAX_VALUE, Double.POSITIVE_INFINITY)).isTrue();
  }

  @Test
  void floatsFollowTotalOrderAsStorageFiltersDo() {
    assertThat(Values.compare(Double.NaN, Double.POSITIVE_INFINITY)).isPositive();
    assertThat(Values.test(CompOp.EQ, Double.NaN, Double.NaN)).isTrue();
    assertThat(Values.compare(-0.0, 0.0)).isNegative();
    assertThat(Values.compare(-0.0, 0L)).isNegative();
    assertThat(Values.compare(Double.NaN, Long.MAX_VALUE)).isPositive();
  }

  @Test
  void stringsCompareByCodePointLikeUtf8Bytes() {
    // By UTF-16 unit U+FF5A would sort above the surrogate pair of U+1F600; by code point below.
    assertThat(Values.compare("\uFF5A", "😀")).isNegative();
    assertThat(Values.compare("a", "ab")).isNegative();
    assertThat(Values.compare("B", "a")).isNegative();
    assertThat(Values.compare("é", "z")).isPositive();
  }

  @Test
  void stringPredicatesAreExactAndPositional() {
    assertThat(Values.test(CompOp.STRING_CONTAINS, "the alps are tall", "alps")).isTrue();
    assertThat(Values.test(CompOp.STRING_CONTAINS, "alps", "the alps are tall")).isFalse();
    assertThat(Values.test(CompOp.STRING_CONTAINS, "50%", "%")).isTrue();
    assertThat(Values.test(CompOp.STARTS_WITH, "Alpha", "al")).isFalse();
    assertThat(Values.test(CompOp.STARTS_WITH, "x", "")).isTrue();
  }

  @Test
  void membershipLooksForAnEqualElement() {
    assertThat(Values.test(CompOp.CONTAINS, List.of("red", "blue"), "red")).isTrue();
    assertThat(Values.test(CompOp.CONTAINS, List.of(1, 2), 2L)).isTrue();
    assertThat(Values.test(CompOp.CONTAINS, Arrays.asList(null, "x"), "y")).isFalse();
    assertThat(Values.test(CompOp.CONTAINS, List.of(), "y")).isFalse();
  }

  @Test
  void incomparableValuesAreATypedError() {
    assertThatThrownBy(() -> Values.compare("a", 1L))
        .isInstanceOfSatisfying(
            QueryExecutionException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(QueryExecutionException.Reason.UNSUPPORTED_EXPRESSION))
        .hasMessageContaining("String")
        .hasMessageContaining("Long");
  }

  @Test
  void nullsAreSmallestInOrdering() {
    assertThat(Values.compareNullsFirst(null, Long.MIN_VALUE)).isNegative();
    assertThat(Values.compareNullsFirst(null, null)).isZero();
    assertThat(Values.compareNullsFirst("a", null)).isPositive();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-04-01T08:30:00Z|2026-04-01T08:30:00Z",
        "2026-04-01T08:30:00.123456789Z|2026-04-01T08:30:00.123456789Z",
        "2026-04-01T10:30:00+02:00|2026-04-01T08:30:00Z",
        "2026-04-01T10:30:00+0200|2026-04-01T08:30:00Z",
        "2026-04-01 08:30:00|2026-04-01T08:30:00Z",
        "2026-04-01T08:30|2026-04-01T08:30:00Z",
        "2026-04-01|2026-04-01T00:00:00Z",
        "2026-04-01t08:30:00z|2026-04-01T08:30:00Z"
      })
  void dateTimesTakeRfc3339AndTheLooserUpstreamForms(String text, String instant) {
    assertThat(Values.parseDateTime(text)).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-02-30T00:00:00Z", "yesterday", "2026-04-01T25:00:00Z", "2026-4-1", ""})
  void badDateTimesAreRefusedWithAnExample(String text) {
    assertThatThrownBy(() -> Values.parseDateTime(text))
        .isInstanceOfSatisfying(
            QueryExecutionException.class,
            e -> assertThat(e.reason()).isEqualTo(QueryExecutionException.Reason.INVALID_VALUE))
        .hasMessageContaining("invalid datetime '" + text + "'")
        .hasMessageContaining("2026-04-01T08:30:00Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30", "2026-4-01", "2026-04-01T00:00:00Z", "01/04/2026"})
  void badDatesAreRefusedWithAnExample(String text) {
    assertThatThrownBy(() -> Values.parseDate(text))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("invalid date '" + text + "'")
        .hasMessageContaining("yyyy-MM-dd");
  }

  @Test
  void parametersTakeTheirDeclaredJavaType() {
    assertThat(Values.ofParam("a", new Literal.IntegerLiteral(7), PropType.of(BaseType.I32, false)))
        .isEqualTo(7);
    assertThat(Values.ofParam("a", new Literal.IntegerLiteral(7), PropType.of(BaseType.I64, false)))
        .isEqualTo(7L);
    assertThat(Values.ofParam("a", new Literal.FloatLiteral(0.5), PropType.of(BaseType.F32, false)))
        .isEqualTo(0.5f);
    assertThat(Values.ofParam("a", new Literal.IntegerLiteral(2), PropType.of(BaseType.F64, false)))
        .isEqualTo(2.0);
    assertThat(
            Values.ofParam(
                "d", new Literal.DateLiteral("2026-01-31"), PropType.of(BaseType.DATE, true)))
        .isEqualTo(LocalDate.of(2026, 1, 31));
    assertThat(Values.ofParam("d", new Literal.NullLiteral(), PropType.of(BaseType.DATE, true)))
        .isNull();
    assertThat(
            Values.ofParam(
                "v",
                new Literal.ListLiteral(
                    List.of(new Literal.FloatLiteral(1), new Literal.FloatLiteral(2))),
                PropType.of(new VectorType(2), false)))
        .isEqualTo(List.of(1.0f, 2.0f));
    assertThat(
            Values.ofParam(
                "t",
                new Literal.ListLiteral(List.of(new Literal.StringLiteral("x"))),
                PropType.listOf(BaseType.STRING, false)))
        .isEqualTo(List.of("x"));
  }

  @Test
  void aParameterOfTheWrongKindIsATypedError() {
    assertThatThrownBy(() ->
            Values.ofParam(
                "age", new Literal.StringLiteral("30"), PropType.of(BaseType.I32, false)))
        .isInstanceOfSatisfying(
            QueryExecutionException.class,
            e -> assertThat(e.reason()).isEqualTo(QueryExecutionException.Reason.INVALID_VALUE))
        .hasMessageContaining("parameter 'age' is declared I32")
        .hasMessageContaining("QueryParams");
  }
}
