package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cleanup durations: a whole number with s, m, h, d or w; bare numbers are seconds. */
class DurationsTest {
  @Test
  void unitsAndBareSeconds() {
    assertThat(Durations.parse("30", "--older-than")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("30s", "--older-than")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("90m", "--older-than")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("24h", "--older-than")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.parse("7d", "--older-than")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("2w", "--older-than")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("0", "--grace")).isEqualTo(Duration.ZERO);
  }

  @Test
  void otherFormsAreRefusedWithTheFormsThatWork() {
    for (String bad : new String[] {"", "7x", "-1", "1.5h", "1h30m", "d", " 7d", "7D"}) {
      assertThatThrownBy(() -> Durations.parse(bad, "--older-than"))
          .as("'%s'", bad)
          .isInstanceOf(CliException.class)
          .hasMessage(
              "--older-than '"
                  + bad
                  + "' is not a duration; use a whole number with an optional unit s, m, h, d or w"
                  + " (90m, 24h, 7d; a bare number is seconds)");
    }
    assertThatThrownBy(() -> Durations.parse("99999999999999999999", "--grace"))
        .isInstanceOf(CliException.class)
        .hasMessage("--grace '99999999999999999999' is too large");
    assertThatThrownBy(() -> Durations.parse("9223372036854775807w", "--grace"))
        .isInstanceOf(CliException.class)
        .hasMessage("--grace '9223372036854775807w' is too large");
  }

  @Test
  void formatUsesTheLargestWholeUnit() {
    assertThat(Durations.format(Duration.ofDays(14))).isEqualTo("2w");
    assertThat(Durations.format(Duration.ofDays(3))).isEqualTo("3d");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
