package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  @Test
  void eachActorHasItsOwnInflightCap() {
    Admission admission = new Admission(2, 1_000);
    Admission.Permit a1 = admission.admit("a", 10);
    Admission.Permit a2 = admission.admit("a", 10);
    HttpFailure refused = catchFailure(() -> admission.admit("a", 10));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers()).containsEntry("Retry-After", "60");
    assertThat(refused.body().code()).isEqualTo(dev.omnigraph.api.ErrorCode.TOO_MANY_REQUESTS);
    try (Admission.Permit _ = admission.admit("b", 10)) {
      assertThat(admission.inflight("b")).isEqualTo(1);
    }
    a1.close();
    a1.close();
    assertThat(admission.inflight("a")).isEqualTo(1);
    admission.admit("a", 10).close();
    a2.close();
    assertThat(admission.inflight("a")).isZero();
  }

  @Test
  void bytesAreCappedToo() {
    Admission admission = new Admission(10, 300);
    try (Admission.Permit _ = admission.admit("a", 256)) {
      assertThat(catchFailure(() -> admission.admit("a", 256)).status()).isEqualTo(429);
    }
    admission.admit("a", 256).close();
    assertThat(catchFailure(() -> admission.admit("a", 301)).status()).isEqualTo(429);
  }

  @Test
  void badEnvironmentValuesFallBackToTheDefaultsWithAWarning() {
    List<String> warnings = new ArrayList<>();
    Admission a =
        Admission.fromEnvironment(
            Map.of(Admission.INFLIGHT_ENV, "zero", Admission.BYTES_ENV, "-5"), warnings::add);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains(Admission.INFLIGHT_ENV, "16");
    for (int i = 0; i < Admission.DEFAULT_INFLIGHT; i++) {
      a.admit("x", 1);
    }
    assertThat(catchFailure(() -> a.admit("x", 1)).status()).isEqualTo(429);
    Admission one = Admission.fromEnvironment(Map.of(Admission.INFLIGHT_ENV, "1"), warnings::add);
    one.admit("y", 1);
    assertThat(catchFailure(() -> one.admit("y", 1)).status()).isEqualTo(429);
    assertThat(warnings).hasSize(2);
  }

  private static HttpFailure catchFailure(Runnable r) {
    try {
      r.run();
    } catch (HttpFailure f) {
      return f;
    }
    throw new AssertionError("expected a 429 refusal");
  }
}
