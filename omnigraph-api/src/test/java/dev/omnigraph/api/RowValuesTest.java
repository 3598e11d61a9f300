package dev.omnigraph.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowValuesTest {
  @Test
  void encodesValuesAsUpstreamRowJson() {
    String json =
        WireJson.compact(
            RowValues.row(
                List.of("s", "i", "l", "f", "d", "nan", "inf", "date", "dt", "list", "null", "b"),
                Arrays.asList(
                    "x",
                    30,
                    9_007_199_254_740_993L,
                    0.1f,
                    2.5,
                    Float.NaN,
                    Double.NEGATIVE_INFINITY,
                    LocalDate.of(2026, 4, 1),
                    Instant.parse("2026-04-01T08:30:00Z"),
                    Arrays.asList(1.5f, null),
                    null,
                    true)));
    assertThat(json)
        .isEqualTo(
            "{\"s\":\"x\",\"i\":30,\"l\":9007199254740993,\"f\":0.10000000149011612,\"d\":2.5,"
                + "\"nan\":\"NaN\",\"inf\":\"-Infinity\",\"date\":\"2026-04-01\","
                + "\"dt\":\"2026-04-01T08:30:00.000Z\",\"list\":[1.5,null],\"null\":null,"
                + "\"b\":true}");
  }

  @Test
  void aRowMustHaveOneValuePerColumn() {
    assertThatThrownBy(() -> RowValues.row(List.of("a"), List.of()))
        .hasMessageContaining("0 values for 1 columns");
  }
}
