package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.server.ServerHarness.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests in flight, held at the commit-record put by a paused failpoint: admission refuses the
 * same actor's next write with 429 while reads go on, and a graceful shutdown refuses new requests
 * but lets the one in flight finish.
 */
class ServerLifecycleTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void theCapIsPerActor() throws Exception {
    String uri = TestGraphs.create(dir.resolve("g"));
    Path policy =
        java.nio.file.Files.writeString(
            dir.resolve("p.policy.yaml"),
            """
            version: 1
            groups: {all: [act-a, act-b]}
            rules:
              - {id: r, allow: {actors: {group: all}, actions: [read, branch_create]}}
            """);
    try (ServerHarness http =
            new ServerHarness(
                ServerSettings.of(List.of(new GraphSpec("g", uri)), 0, false)
                    .withPolicies(
                        java.util.Optional.of(policy), Map.of(), java.util.Optional.empty()),
                Map.of(
                    BearerTokens.TOKENS_JSON_ENV, "{\"act-a\":\"tok-a\",\"act-b\":\"tok-b\"}",
                    Admission.INFLIGHT_ENV, "1"));
        Rendezvous put = new Rendezvous("branch creates at the record put");
        Armed armed = Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(put))) {
      CompletableFuture<Answer> a1 =
          CompletableFuture.supplyAsync(
              () -> http.post("/graphs/g/branches", "tok-a", "{\"name\":\"a1\"}"));
      put.awaitArrival(WAIT);
      assertError(
          http.post("/graphs/g/branches", "tok-a", "{\"name\":\"a2\"}"), 429, "too_many_requests");
      CompletableFuture<Answer> b1 =
          CompletableFuture.supplyAsync(
              () -> http.post("/graphs/g/branches", "tok-b", "{\"name\":\"b1\"}"));
      put.awaitArrivals(2, WAIT);
      put.release();
      assertThat(a1.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(b1.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(armed.hits()).isEqualTo(2);
    }
  }

  @Test
  void admissionGatesWritesPerActorAndNeverReads() throws Exception {
    String uri = TestGraphs.create(dir.resolve("g"));
    try (ServerHarness http =
            new ServerHarness(
                ServerSettings.of(List.of(new GraphSpec("g", uri)), 0, true),
                Map.of(Admission.INFLIGHT_ENV, "1"));
        Rendezvous put = new Rendezvous("branch create at the record put")) {
      CompletableFuture<Answer> first;
      try (Armed armed = Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(put))) {
        first =
            CompletableFuture.supplyAsync(
                () -> http.post("/graphs/g/branches", null, "{\"name\":\"first\"}"));
        put.awaitArrival(WAIT);
        Answer second = http.post("/graphs/g/branches", null, "{\"name\":\"second\"}");
        assertError(second, 429, "too_many_requests");
        assertThat(second.header("retry-after")).hasValue("60");
        assertConforms("POST", "/graphs/{graph_id}/branches", 429, second.json());
        Answer delete = http.delete("/graphs/g/branches/feature", null);
        assertError(delete, 429, "too_many_requests");
        assertThat(http.get("/graphs/g/snapshot").status()).isEqualTo(200);
        assertThat(http.get("/graphs/g/branches").body()).doesNotContain("second");
        put.release();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(armed.hits()).isEqualTo(1);
      }
      assertThat(http.server.context().admission().inflight(Admission.ANONYMOUS)).isZero();
      assertThat(http.post("/graphs/g/branches", null, "{\"name\":\"second\"}").status())
          .isEqualTo(200);
    }
  }

  @Test
  void gracefulShutdownFinishesTheRequestInFlightAndRefusesNewOnes() throws Exception {
    String uri = TestGraphs.create(dir.resolve("g"));
    ServerHarness http =
        new ServerHarness(ServerSettings.of(List.of(new GraphSpec("g", uri)), 0, true), Map.of());
    try (Rendezvous put = new Rendezvous("branch create at the record put");
        Armed armed = Failpoints.arm(Failpoint.LOG_BEFORE_RECORD_PUT, Action.pause(put))) {
      CompletableFuture<Answer> inFlight =
          CompletableFuture.supplyAsync(
              () -> http.post("/graphs/g/branches", null, "{\"name\":\"during-shutdown\"}"));
      put.awaitArrival(WAIT);
      CompletableFuture<Void> drained = http.server.graceful().shutdown();
      assertThat(drained).isNotDone();
      Answer refused = http.get("/graphs/g/branches");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("code").asString()).isEqualTo("internal");
      put.release();
      Answer done = inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      drained.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(armed.hits()).isEqualTo(1);
    } finally {
      http.close();
    }
    try (dev.omnigraph.engine.Omnigraph g = dev.omnigraph.engine.Omnigraph.open(uri)) {
      assertThat(g.branches()).contains("during-shutdown");
    }
  }
}
