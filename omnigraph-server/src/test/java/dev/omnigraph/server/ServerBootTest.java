package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: runtime states, refused configurations, and quarantine of graphs that fail to open. */
class ServerBootTest {
  @TempDir static Path dir;
  static String good;

  @BeforeAll
  static void graph() {
    good = TestGraphs.create(dir.resolve("good"));
  }

  static final Map<String, String> TOKENS =
      Map.of(BearerTokens.TOKENS_JSON_ENV, "{\"act-ops\":\"tok-ops\"}");

  @Test
  void runtimeStatesFollowTokensPolicyAndTheFlag() {
    assertThat(RuntimeState.classify(false, false, true)).isEqualTo(RuntimeState.OPEN);
    assertThat(RuntimeState.classify(true, false, false)).isEqualTo(RuntimeState.DEFAULT_DENY);
    assertThat(RuntimeState.classify(true, false, true)).isEqualTo(RuntimeState.DEFAULT_DENY);
    assertThat(RuntimeState.classify(true, true, false)).isEqualTo(RuntimeState.POLICY_ENABLED);
    assertThat(RuntimeState.classify(true, true, true)).isEqualTo(RuntimeState.POLICY_ENABLED);
    assertThatThrownBy(() -> RuntimeState.classify(false, false, false))
        .hasMessageContaining("--unauthenticated");
    assertThatThrownBy(() -> RuntimeState.classify(false, true, false))
        .hasMessageContaining("policy file is configured but no bearer tokens");
    assertThatThrownBy(() -> RuntimeState.classify(false, true, true))
        .hasMessageContaining("no bearer tokens");
  }

  @Test
  void noTokensWithoutTheFlagIsRefusedBeforeAnyGraphOpens() {
    AtomicInteger opens = new AtomicInteger();
    Function<String, Omnigraph> opener =
        uri -> {
          opens.incrementAndGet();
          return Omnigraph.open(uri, AccessMode.READ_WRITE);
        };
    ServerSettings settings = ServerSettings.of(List.of(new GraphSpec("g", good)), 0, false);
    assertThatThrownBy(() -> OmnigraphServer.start(settings, Map.of(), opener))
        .isInstanceOf(ServerBootException.class)
        .hasMessageContaining("no bearer tokens are configured");
    assertThat(opens).hasValue(0);
  }

  @Test
  void aBadPolicyFileIsRefusedBeforeAnyGraphOpens() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.policy.yaml"), "version: 1\nrulez: []\n", StandardCharsets.UTF_8);
    AtomicInteger opens = new AtomicInteger();
    ServerSettings settings =
        ServerSettings.of(List.of(new GraphSpec("g", good)), 0, false)
            .withPolicies(Optional.of(bad), Map.of(), Optional.empty());
    assertThatThrownBy(() ->
            OmnigraphServer.start(
                settings,
                TOKENS,
                uri -> {
                  opens.incrementAndGet();
                  return Omnigraph.open(uri);
                }))
        .hasMessageContaining("invalid policy file")
        .hasMessageContaining("rulez");
    assertThat(opens).hasValue(0);
    ServerSettings unknownGraph =
        ServerSettings.of(List.of(new GraphSpec("g", good)), 0, false)
            .withPolicies(Optional.empty(), Map.of("nope", bad), Optional.empty());
    assertThatThrownBy(() -> OmnigraphServer.start(unknownGraph, TOKENS))
        .hasMessageContaining("'nope', which no --graph declares");
  }

  @Test
  void aGraphThatFailsToOpenIsQuarantined() throws Exception {
    Path server =
        Files.writeString(
            dir.resolve("server.policy.yaml"),
            "version: 1\ngroups: {ops: [act-ops]}\nrules: [{id: l, allow: {actors: {group: ops}, actions: [graph_list]}}]\n",
            StandardCharsets.UTF_8);
    ServerSettings settings =
        ServerSettings.of(
                List.of(
                    new GraphSpec("good", good),
                    new GraphSpec("missing", dir.resolve("no-graph-here").toString())),
                0,
                false)
            .withPolicies(Optional.empty(), Map.of(), Optional.of(server));
    try (ServerHarness http = new ServerHarness(settings, TOKENS)) {
      assertThat(http.server.context().graphs().quarantined()).containsOnlyKeys("missing");
      assertThat(http.get("/graphs", "tok-ops").json().get("graphs").toString())
          .contains("\"good\"")
          .doesNotContain("missing");
      assertError(http.get("/graphs/missing/snapshot", "tok-ops"), 404, "not_found");
      assertThat(http.get("/graphs/good/snapshot", "tok-ops").status()).isEqualTo(200);
    }
    assertThat(Files.exists(dir.resolve("no-graph-here"))).isFalse();
    ServerSettings strict =
        new ServerSettings(
            settings.graphs(),
            "127.0.0.1",
            0,
            false,
            true,
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            ServerSettings.DEFAULT_STOP_TIMEOUT);
    assertThatThrownBy(() -> OmnigraphServer.start(strict, TOKENS))
        .hasMessageContaining("--require-all-graphs")
        .hasMessageContaining("graph 'missing'");
  }

  @Test
  void nothingToServeIsRefused() {
    ServerSettings none =
        ServerSettings.of(
            List.of(new GraphSpec("missing", dir.resolve("nothing").toString())), 0, true);
    assertThatThrownBy(() -> OmnigraphServer.start(none, Map.of()))
        .hasMessageContaining("no graph could be opened")
        .hasMessageContaining("graph 'missing'");
    assertThatThrownBy(() ->
            OmnigraphServer.start(
                ServerSettings.of(
                    List.of(new GraphSpec("a", good), new GraphSpec("b", good)), 0, true),
                Map.of()))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> new GraphSpec("under_score", good))
        .hasMessageContaining("no underscores");
    assertThatThrownBy(() -> new GraphSpec("graphs", good)).hasMessageContaining("reserved");
  }

  @Test
  void portZeroPicksAPortAndTheListenAddressNamesIt() {
    try (ServerHarness http =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("g", good)), 0, true), Map.of())) {
      assertThat(http.server.address().getPort()).isPositive();
      assertThat(http.server.listenAddress())
          .isEqualTo("127.0.0.1:" + http.server.address().getPort());
      assertThat(http.get("/healthz").status()).isEqualTo(200);
    }
  }
}
