package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.server.ServerHarness.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write routes under tokens and policy: upstream's policy {@code P} (team reads anywhere and
 * changes unprotected branches, admins export), a permit-all graph, and a graph without a bundle
 * (default-deny). §9 cases H9 (writes), H20, H23 (with an actor), H25, H30 and H55.
 */
class WritePolicyHttpTest {
  static final String POLICY_P =
      """
      version: 1
      groups:
        team: [act-andrew, act-bruno, act-ragnor]
        admins: [act-ragnor]
      protected_branches: [main]
      rules:
        - id: team-read
          allow: { actors: { group: team }, actions: [read], branch_scope: any }
        - id: admins-export
          allow: { actors: { group: admins }, actions: [export], branch_scope: any }
        - id: team-change
          allow: { actors: { group: team }, actions: [change], branch_scope: unprotected }
        - id: admins-protected
          allow:
            actors: { group: admins }
            actions: [branch_delete, branch_merge]
            target_branch_scope: protected
      """;

  static final String PERMIT_ALL =
      """
      version: 1
      groups:
        team: [act-andrew, act-bruno, act-ragnor]
      rules:
        - id: team-any
          allow: { actors: { group: team }, actions: [read, change, export], branch_scope: any }
        - id: team-targets
          allow:
            actors: { group: team }
            actions: [schema_apply, branch_create, branch_delete, branch_merge]
            target_branch_scope: any
      """;

  static final Map<String, String> TOKENS =
      Map.of("act-andrew", "tok-andrew", "act-bruno", "tok-bruno", "act-ragnor", "tok-ragnor");

  static final String TWO_PERSONS =
      """
      {"type":"Person","data":{"name":"Eve"}}
      {"type":"Person","data":{"name":"Finn"}}
      """;

  @TempDir static Path dir;
  static ServerHarness http;

  @BeforeAll
  static void start() throws Exception {
    Path p = Files.writeString(dir.resolve("p.policy.yaml"), POLICY_P, StandardCharsets.UTF_8);
    Path all =
        Files.writeString(dir.resolve("all.policy.yaml"), PERMIT_ALL, StandardCharsets.UTF_8);
    ServerSettings settings =
        ServerSettings.of(
                List.of(
                    new GraphSpec("p", TestGraphs.create(dir.resolve("p"))),
                    new GraphSpec("all", TestGraphs.create(dir.resolve("all"))),
                    new GraphSpec("none", TestGraphs.create(dir.resolve("none")))),
                0,
                false)
            .withPolicies(Optional.empty(), Map.of("p", p, "all", all), Optional.empty());
    Map<String, String> env = new java.util.HashMap<>(AuthPolicyHttpTest.env(TOKENS));
    env.put(Admission.INFLIGHT_ENV, "1");
    http = new ServerHarness(settings, env);
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static String change(String branch) {
    return WireJson.compact(
        Map.of(
            "query",
            MutateHttpTest.MUTATIONS,
            "name",
            "set_age",
            "params",
            Map.of("name", "Alice", "age", 31),
            "branch",
            branch));
  }

  static String load(String branch, String from) {
    return from == null
        ? WireJson.compact(Map.of("branch", branch, "data", TWO_PERSONS))
        : WireJson.compact(Map.of("branch", branch, "from", from, "data", TWO_PERSONS));
  }

  @Test
  void h20ChangeIsAllowedOnUnprotectedBranchesOnly() {
    Answer main = http.post("/graphs/p/change", "tok-bruno", change("main"));
    assertError(main, 403, "forbidden");
    assertConforms("POST", "/graphs/{graph_id}/change", 403, main.json());
    assertThat(main.json().get("error").asString()).contains("policy denied action 'change'");
    Answer feature = http.post("/graphs/p/change", "tok-bruno", change("feature"));
    assertThat(feature.status()).as("%s", feature).isEqualTo(200);
    assertThat(feature.json().get("affected_nodes").asLong()).isEqualTo(1);
    assertThat(feature.json().get("actor_id").asString()).isEqualTo("act-bruno");
    // The actor is recorded on the commit too.
    assertThat(feature.json().get("commit").get("actor_id").asString()).isEqualTo("act-bruno");
    assertError(http.post("/graphs/p/mutate", "tok-bruno", change("main")), 403, "forbidden");
  }

  @Test
  void h9TokensWithoutAPolicyDenyEveryWrite() {
    Answer change = http.post("/graphs/none/change", "tok-andrew", change("feature"));
    assertError(change, 403, "forbidden");
    assertThat(change.json().get("error").asString()).contains("default-deny");
    Answer apply =
        http.post(
            "/graphs/none/schema/apply",
            "tok-andrew",
            WireJson.compact(Map.of("schema_source", TestGraphs.schema())));
    assertError(apply, 403, "forbidden");
    assertConforms("POST", "/graphs/{graph_id}/schema/apply", 403, apply.json());
    assertError(
        http.post("/graphs/none/load", "tok-andrew", load("feature", null)), 403, "forbidden");
    // Export is not a read: default-deny refuses it too.
    assertError(http.post("/graphs/none/export", "tok-andrew", "{}"), 403, "forbidden");
    assertThat(http.get("/graphs/none/snapshot", "tok-andrew").status()).isEqualTo(200);
  }

  @Test
  void h23ALoadCreatingABranchRecordsTheActor() {
    Answer a =
        http.post(
            "/graphs/all/ingest",
            "tok-andrew",
            WireJson.compact(
                Map.of(
                    "branch",
                    "feature-ingest",
                    "from",
                    "main",
                    "mode",
                    "merge",
                    "data",
                    TWO_PERSONS)));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("branch_created").asBoolean()).isTrue();
    assertThat(a.json().get("actor_id").asString()).isEqualTo("act-andrew");
    assertThat(a.json().get("commit"))
        .isEqualTo(
            http.get("/graphs/all/commits?branch=feature-ingest", "tok-andrew")
                .json()
                .get("commits")
                .get(0));
  }

  @Test
  void h25FromNeedsNoBranchCreateWhenTheBranchExists() {
    Answer a = http.post("/graphs/p/ingest", "tok-bruno", load("feature", "other-base"));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("branch_created").asBoolean()).isFalse();
    assertThat(a.json().get("base_branch").asString()).isEqualTo("other-base");
    // A missing branch with `from` needs branch_create, which P does not grant.
    Answer create = http.post("/graphs/p/load", "tok-bruno", load("new-one", "main"));
    assertError(create, 403, "forbidden");
    assertThat(create.json().get("error").asString()).contains("branch_create");
    assertThat(http.get("/graphs/p/branches", "tok-bruno").body()).doesNotContain("new-one");
    // Policy comes before existence: a denied actor does not learn the branch is missing.
    assertError(http.post("/graphs/p/load", "tok-bruno", load("main", null)), 403, "forbidden");
  }

  @Test
  void h30ADeniedBatchIsRefusedBeforeItsBodyIsRead() {
    // The body is not even a batch: reading it would have been a 400.
    Answer a =
        http.send(
            http.request("/graphs/p/load/ndjson?branch=main", "tok-bruno")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("not-json\n")));
    assertError(a, 403, "forbidden");
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 403, a.json());
  }

  @Test
  void exportNeedsTheExportGrant() {
    assertError(http.post("/graphs/p/export", "tok-bruno", "{}"), 403, "forbidden");
    Answer ragnor = http.post("/graphs/p/export", "tok-ragnor", "{\"type_names\":[\"Company\"]}");
    assertThat(ragnor.status()).as("%s", ragnor).isEqualTo(200);
    assertThat(ragnor.body().lines().count()).isEqualTo(2);
  }

  @Test
  void schemaApplyNeedsItsGrant() {
    Answer p =
        http.post(
            "/graphs/p/schema/apply",
            "tok-ragnor",
            WireJson.compact(Map.of("schema_source", TestGraphs.schema())));
    assertError(p, 403, "forbidden");
    assertThat(p.json().get("error").asString()).contains("schema_apply");
    // Granted, it reaches the engine: this graph has a feature branch, so 409.
    Answer all =
        http.post(
            "/graphs/all/schema/apply",
            "tok-ragnor",
            WireJson.compact(Map.of("schema_source", TestGraphs.schema())));
    assertError(all, 409, "conflict");
  }

  @Test
  void h55AnActorAtItsAdmissionCapGets429() throws Exception {
    // The first load holds act-ragnor's only slot while its body is still arriving.
    CountDownLatch release = new CountDownLatch(1);
    byte[] line =
        "{\"type\":\"Person\",\"data\":{\"name\":\"Slow\"}}\n".getBytes(StandardCharsets.UTF_8);
    // One line now, the end of the body only once released.
    HttpRequest.BodyPublisher slowBody =
        HttpRequest.BodyPublishers.fromPublisher(subscriber ->
            subscriber.onSubscribe(
                new Flow.Subscription() {
                  int step;

                  @Override
                  public synchronized void request(long n) {
                    if (step == 0) {
                      step = 1;
                      subscriber.onNext(ByteBuffer.wrap(line));
                    } else if (step == 1) {
                      step = 2;
                      Thread.ofVirtual()
                          .start(() -> {
                            try {
                              release.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                            subscriber.onComplete();
                          });
                    }
                  }

                  @Override
                  public void cancel() {}
                }));
    CompletableFuture<HttpResponse<String>> first =
        http.client.sendAsync(
            http.request("/graphs/all/load/ndjson?branch=main", "tok-ragnor")
                .header("Content-Type", "application/x-ndjson")
                .POST(slowBody)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    try {
      Admission admission = http.server.context().admission();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Waits for the state the test needs (the slot taken), bounded; it asserts nothing.
      while (admission.inflight("act-ragnor") == 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      assertThat(admission.inflight("act-ragnor")).isEqualTo(1);
      Answer second = http.post("/graphs/all/load", "tok-ragnor", load("main", null));
      assertError(second, 429, "too_many_requests");
      assertThat(second.header("retry-after")).hasValue("60");
      assertConforms("POST", "/graphs/{graph_id}/load", 429, second.json());
      Answer mutate = http.post("/graphs/all/mutate", "tok-ragnor", change("feature"));
      assertError(mutate, 429, "too_many_requests");
      // Another actor is not held up, and reads are never gated.
      assertThat(http.post("/graphs/all/mutate", "tok-andrew", change("feature")).status())
          .isEqualTo(200);
      assertThat(http.get("/graphs/all/snapshot", "tok-ragnor").status()).isEqualTo(200);
    } finally {
      release.countDown();
    }
    HttpResponse<String> done = first.get(60, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(http.server.context().admission().inflight("act-ragnor")).isZero();
  }
}
