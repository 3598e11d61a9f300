package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.server.ServerHarness.Answer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /mutate}, {@code /mutate/if-graph-commit} and the deprecated {@code /change} over
 * real HTTP in open mode, each on a fresh fixture graph: the §9 cases H14–H18, and bad requests
 * answered with the error envelope and no effect.
 */
class MutateHttpTest {
  static final String MUTATIONS = TestGraphs.resource("mutations.gq");
  static final String MUTATE = "/graphs/people/mutate";
  static final String IF_COMMIT = "/graphs/people/mutate/if-graph-commit";

  @TempDir Path dir;
  ServerHarness http;

  @BeforeEach
  void start() {
    String uri = TestGraphs.create(dir.resolve("people"));
    http =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("people", uri)), 0, true), Map.of());
  }

  @AfterEach
  void stop() {
    http.close();
  }

  static String change(String name, Map<String, Object> params, String branch) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", MUTATIONS);
    body.put("name", name);
    body.put("params", params);
    if (branch != null) {
      body.put("branch", branch);
    }
    return WireJson.compact(body);
  }

  JsonNode commits(String branch) {
    return http.get("/graphs/people/commits?branch=" + branch).json().get("commits");
  }

  int age(String name) {
    Answer a =
        http.post(
            "/graphs/people/query",
            null,
            WireJson.compact(
                Map.of(
                    "query",
                    TestGraphs.resource("test.gq"),
                    "name",
                    "get_person",
                    "params",
                    Map.of("name", name))));
    return a.json().get("rows").get(0).get("p.age").asInt();
  }

  Answer conditional(String body, String... headerValues) {
    HttpRequest.Builder b =
        http.request(IF_COMMIT, null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (String v : headerValues) {
      b.header(WriteRoutes.IF_GRAPH_COMMIT, v);
    }
    return http.send(b);
  }

  @Test
  void h14MutateInsertsAndReturnsTheHeadCommit() {
    Answer a =
        http.post(MUTATE, null, change("insert_person", Map.of("name", "Mutie", "age", 30), null));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/mutate", 200, a.json());
    assertThat(a.json().get("affected_nodes").asLong()).isEqualTo(1);
    assertThat(a.json().get("affected_edges").asLong()).isZero();
    assertThat(a.json().get("query_name").asString()).isEqualTo("insert_person");
    assertThat(a.json().get("branch").asString()).isEqualTo("main");
    assertThat(a.json().get("actor_id").isNull()).isTrue();
    assertThat(a.json().get("commit")).isEqualTo(commits("main").get(0));
    assertThat(a.header("deprecation")).isEmpty();
    assertThat(age("Mutie")).isEqualTo(30);
  }

  @Test
  void aSourceWithOneQueryNeedsNoName() {
    String one = "query add($n: String) { insert Person { name: $n, age: 41 } }";
    Answer a =
        http.post(
            MUTATE,
            null,
            WireJson.compact(
                Map.of("query", one, "params", Map.of("n", "Solo"), "branch", "feature")));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("query_name").asString()).isEqualTo("add");
    assertThat(a.json().get("branch").asString()).isEqualTo("feature");
    assertThat(a.json().get("commit").get("graph_branch").asString()).isEqualTo("feature");
    assertThat(a.json().get("commit")).isEqualTo(commits("feature").get(0));
  }

  @Test
  void h15AMutationThatMatchesNothingCommitsNothing() {
    int before = commits("main").size();
    Answer a = http.post(MUTATE, null, change("set_age", Map.of("name", "Nobody", "age", 3), null));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/mutate", 200, a.json());
    assertThat(a.json().get("affected_nodes").asLong()).isZero();
    assertThat(a.json().get("commit").isNull()).isTrue();
    assertThat(commits("main").size()).isEqualTo(before);
  }

  @Test
  void h16TheDeprecatedChangeTakesLegacyNamesAndPointsAtMutate() {
    String body =
        WireJson.compact(
            Map.of(
                "query_source",
                MUTATIONS,
                "query_name",
                "set_age",
                "params",
                Map.of("name", "Alice", "age", 31)));
    Answer a = http.post("/graphs/people/change", null, body);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/change", 200, a.json());
    assertThat(a.header("deprecation")).hasValue("true");
    assertThat(a.header("link")).hasValue("<mutate>; rel=\"successor-version\"");
    assertThat(a.json().get("affected_nodes").asLong()).isEqualTo(1);
    assertThat(age("Alice")).isEqualTo(31);
  }

  @Test
  void h17TheConditionHeaderIsExactlyOneRawCommitIdOnlyOnTheConditionalRoute() {
    String head = commits("main").get(0).get("graph_commit_id").asString();
    String body = change("set_age", Map.of("name", "Alice", "age", 99), null);
    int before = commits("main").size();
    List<Answer> refused =
        List.of(
            conditional(body),
            conditional(body, "W/\"weak\""),
            conditional(body, "\"quoted\""),
            conditional(body, "one,two"),
            conditional(body, ""),
            conditional(body, "*"),
            conditional(body, head, head),
            http.send(
                http.request(MUTATE, null)
                    .header("Content-Type", "application/json")
                    .header(WriteRoutes.IF_GRAPH_COMMIT, head)
                    .POST(HttpRequest.BodyPublishers.ofString(body))),
            http.send(
                http.request("/graphs/people/change", null)
                    .header("Content-Type", "application/json")
                    .header(WriteRoutes.IF_GRAPH_COMMIT, head)
                    .POST(HttpRequest.BodyPublishers.ofString(body))));
    for (Answer a : refused) {
      assertError(a, 400, "bad_request");
      assertThat(a.json().get("error").asString()).contains(WriteRoutes.IF_GRAPH_COMMIT);
    }
    assertConforms(
        "POST", "/graphs/{graph_id}/mutate/if-graph-commit", 400, refused.getFirst().json());
    assertThat(commits("main").size()).isEqualTo(before);
    assertThat(age("Alice")).isEqualTo(30);
  }

  @Test
  void h18AConditionalMutateOnAMovedHeadIs412WithTheHeads() {
    Answer read =
        http.post(
            "/graphs/people/query",
            null,
            WireJson.compact(
                Map.of(
                    "query",
                    TestGraphs.resource("test.gq"),
                    "name",
                    "get_person",
                    "params",
                    Map.of("name", "Alice"))));
    String x = read.json().get("graph_commit_id").asString();
    Answer plain =
        http.post(MUTATE, null, change("set_age", Map.of("name", "Bob", "age", 26), null));
    String moved = plain.json().get("commit").get("graph_commit_id").asString();

    Answer lost = conditional(change("set_age", Map.of("name", "Alice", "age", 77), null), x);
    assertThat(lost.status()).as("%s", lost).isEqualTo(412);
    assertConforms("POST", "/graphs/{graph_id}/mutate/if-graph-commit", 412, lost.json());
    assertThat(lost.json().has("code")).isFalse();
    assertThat(lost.json().get("precondition_failure").get("expected").asString()).isEqualTo(x);
    assertThat(lost.json().get("precondition_failure").get("actual").asString()).isEqualTo(moved);
    assertThat(age("Alice")).isEqualTo(30);
    assertThat(commits("main").get(0).get("graph_commit_id").asString()).isEqualTo(moved);

    Answer won = conditional(change("set_age", Map.of("name", "Alice", "age", 77), null), moved);
    assertThat(won.status()).as("%s", won).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/mutate/if-graph-commit", 200, won.json());
    assertThat(won.json().get("commit").get("parent_commit_id").asString()).isEqualTo(moved);
    assertThat(age("Alice")).isEqualTo(77);
  }

  @Test
  void badMutationsAre400WithNoEffect() {
    int before = commits("main").size();
    List<String> bodies =
        List.of(
            "{",
            "[]",
            "{}",
            "{\"query\":1}",
            "{\"query\":\"x\",\"table_keys\":[]}",
            change("insert_person", Map.of("name", "X", "age", "old"), null),
            change("insert_person", Map.of("name", "X", "age", 3), " "),
            change("no_such_query", Map.of(), null),
            WireJson.compact(Map.of("query", MUTATIONS)),
            WireJson.compact(
                Map.of("query", "query q() { match { $p: Person } return { $p.name } }")),
            WireJson.compact(Map.of("query", "this is not gq")));
    for (String body : bodies) {
      Answer a = http.post(MUTATE, null, body);
      assertError(a, 400, "bad_request");
      assertConforms("POST", "/graphs/{graph_id}/mutate", 400, a.json());
    }
    assertError(
        http.post(MUTATE, null, change("insert_person", Map.of("name", "X", "age", 3), "nope")),
        404,
        "not_found");
    Answer text =
        http.send(
            http.request(MUTATE, null)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertError(text, 415, "bad_request");
    Answer big =
        http.post(
            MUTATE,
            null,
            change("insert_person", Map.of("name", "x".repeat(1_100_000), "age", 1), null));
    assertError(big, 413, "bad_request");
    assertThat(commits("main").size()).isEqualTo(before);
  }
}
