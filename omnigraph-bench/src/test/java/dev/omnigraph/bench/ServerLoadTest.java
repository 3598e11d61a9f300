package dev.omnigraph.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tiny run of the server load test: two clients for three seconds, checked like the full run. */
class ServerLoadTest {
  @Test
  void aShortMixedRunLosesNoAcknowledgedWriteAndHasNoUntypedError() throws Exception {
    ServerLoad.Result r = ServerLoad.run(Duration.ofSeconds(3), 2, 30);
    assertThat(r.errors()).isEmpty();
    assertThat(r.lostWrites()).isEmpty();
    assertThat(r.reads().count()).isPositive();
    assertThat(r.writes().count()).isPositive();
    assertThat(r.reads().p99Ms()).isGreaterThanOrEqualTo(r.reads().p50Ms());
    assertThat(r.throughput()).isPositive();
  }
}
