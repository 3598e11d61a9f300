package dev.omnigraph.engine.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final Instant RECENT = NOW.minus(Duration.ofMinutes(30));
  private static final Instant OLD = NOW.minus(Duration.ofHours(2));

  @Test
  void aPolicyNeedsKeepOrOlderThan() {
    assertThatThrownBy(() -> RetentionPolicy.of(OptionalInt.empty(), Optional.empty()))
        .isInstanceOf(InvalidRetentionPolicyException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a retention policy")
        .hasMessageContaining("keep N")
        .hasMessageContaining("older-than D");
  }

  @Test
  void outOfRangeValuesAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> RetentionPolicy.keep(0))
        .isInstanceOf(InvalidRetentionPolicyException.class)
        .hasMessageContaining("at least 1")
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> RetentionPolicy.olderThan(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRetentionPolicyException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> RetentionPolicy.keep(1).withGrace(Duration.ofMillis(-1)))
        .isInstanceOf(InvalidRetentionPolicyException.class)
        .hasMessageContaining("grace");
  }

  @Test
  void theDefaultGraceIsAnHour() {
    assertThat(RetentionPolicy.keep(3).grace()).isEqualTo(Duration.ofHours(1));
    assertThat(RetentionPolicy.olderThan(Duration.ZERO).grace()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void keepCountsFromTheHead() {
    RetentionPolicy p = RetentionPolicy.keep(3);
    assertThat(p.retains(0, OLD, NOW)).isTrue();
    assertThat(p.retains(2, OLD, NOW)).isTrue();
    assertThat(p.retains(3, RECENT, NOW)).isFalse();
  }

  @Test
  void olderThanKeepsRecentCommitsAndAlwaysTheHead() {
    RetentionPolicy p = RetentionPolicy.olderThan(Duration.ofHours(1));
    assertThat(p.retains(7, RECENT, NOW)).isTrue();
    assertThat(p.retains(1, OLD, NOW)).isFalse();
    assertThat(p.retains(0, OLD, NOW)).isTrue();
    assertThat(RetentionPolicy.olderThan(Duration.ZERO).retains(1, NOW, NOW)).isTrue();
    assertThat(RetentionPolicy.olderThan(Duration.ZERO).retains(1, RECENT, NOW)).isFalse();
  }

  @Test
  void withBothACommitGoesOnlyWhenOutsideBoth() {
    RetentionPolicy p = RetentionPolicy.of(OptionalInt.of(2), Optional.of(Duration.ofHours(1)));
    assertThat(p.retains(1, OLD, NOW)).as("kept by count").isTrue();
    assertThat(p.retains(5, RECENT, NOW)).as("kept by age").isTrue();
    assertThat(p.retains(5, OLD, NOW)).as("outside both").isFalse();
  }
}
