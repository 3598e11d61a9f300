package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.table.ScanFilter.Comparison;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterSqlTest {
  @Test
  void identifiersAreBacktickQuotedAndStringsSingleQuotedWithQuotesDoubled() {
    assertThat(
            FilterSql.render(
                new ScanFilter.Compare(
                    "repoName", Comparison.EQ, new ScanFilter.Text("x' OR '1'='1 \\ \""))))
        .isEqualTo("`repoName` = 'x'' OR ''1''=''1 \\ \"'");
  }

  @Test
  void everyOperatorAndValueKind() {
    assertThat(FilterSql.render(new ScanFilter.Compare("n", Comparison.NE, new ScanFilter.Int(-5))))
        .isEqualTo("`n` <> (-5)");
    assertThat(
            FilterSql.render(
                new ScanFilter.Compare("n", Comparison.GE, new ScanFilter.Int(Long.MIN_VALUE))))
        .isEqualTo("`n` >= (-9223372036854775807 - 1)");
    assertThat(
            FilterSql.render(new ScanFilter.Compare("x", Comparison.LT, new ScanFilter.Real(1e-5))))
        .isEqualTo("`x` < 1.0E-5");
    assertThat(
            FilterSql.render(new ScanFilter.Compare("x", Comparison.LE, new ScanFilter.Real(-2.5))))
        .isEqualTo("`x` <= (-2.5)");
    assertThat(
            FilterSql.render(new ScanFilter.Compare("b", Comparison.GT, new ScanFilter.Bool(true))))
        .isEqualTo("`b` > true");
    assertThat(
            FilterSql.render(
                new ScanFilter.Compare(
                    "d", Comparison.EQ, new ScanFilter.Day(LocalDate.of(1970, 1, 2)))))
        .isEqualTo("`d` = arrow_cast(1, 'Date32')");
    assertThat(
            FilterSql.render(
                new ScanFilter.Compare(
                    "t", Comparison.EQ, new ScanFilter.Millis(Instant.ofEpochMilli(-1500)))))
        .isEqualTo("`t` = arrow_cast((-1500), 'Date64')");
    assertThat(FilterSql.render(new ScanFilter.StartsWith("s", new ScanFilter.Text("50%_"))))
        .isEqualTo("starts_with(`s`, '50%_')");
    assertThat(FilterSql.render(new ScanFilter.Contains("s", new ScanFilter.Text("it's"))))
        .isEqualTo("contains(`s`, 'it''s')");
    assertThat(FilterSql.render(new ScanFilter.ListHas("tags", new ScanFilter.Text("red"))))
        .isEqualTo("array_has(`tags`, 'red')");
    assertThat(
            FilterSql.render(
                new ScanFilter.OneOf(
                    "id", List.of(new ScanFilter.Text("a"), new ScanFilter.Text("b'c")))))
        .isEqualTo("`id` IN ('a', 'b''c')");
    assertThat(
            FilterSql.render(
                new ScanFilter.All(
                    List.of(
                        new ScanFilter.Compare("a", Comparison.EQ, new ScanFilter.Int(1)),
                        new ScanFilter.StartsWith("s", new ScanFilter.Text("x"))))))
        .isEqualTo("(`a` = 1) AND (starts_with(`s`, 'x'))");
    assertThat(FilterSql.render(new ScanFilter.All(List.of()))).isEqualTo("true");
  }

  @Test
  void valuesLanceCannotCompareExactlyAreRefused() {
    assertThat(ScanFilter.representable("Ünïcode ｚ tab\t")).isTrue();
    assertThat(ScanFilter.representable("nul\0")).isFalse();
    assertThat(ScanFilter.representable("😀")).isFalse();
    assertThat(ScanFilter.representable("\uD800")).isFalse();
    assertThatThrownBy(() -> new ScanFilter.Text("😀"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScanFilter.Real(-0.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScanFilter.Real(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScanFilter.Millis(Instant.ofEpochSecond(0, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScanFilter.Compare("a b", Comparison.EQ, new ScanFilter.Int(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a column name");
    assertThatThrownBy(() -> new ScanFilter.Compare("a`b", Comparison.EQ, new ScanFilter.Int(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
