package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.server.ServerHarness.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /query} and the deprecated {@code POST /read} over HTTP, under a policy that lets
 * auditors read only the protected branch {@code main}: rows keyed by projection label, the target,
 * the commit read, time travel by snapshot (checked against the commit's branch), and the refusal
 * of mutations.
 */
class QueryRoutesTest {
  static final String POLICY =
      """
      version: 1
      groups:
        team: [act-team]
        auditors: [act-audit]
      protected_branches: [main]
      rules:
        - id: team-read
          allow: { actors: { group: team }, actions: [read] }
        - id: audit-read
          allow: { actors: { group: auditors }, actions: [read], branch_scope: protected }
      """;

  static final String MUTATION =
      """
      query insert_person($name: String, $age: I32) {
          insert Person { name: $name, age: $age }
      }
      """;

  @TempDir static Path dir;
  static ServerHarness http;
  static String queries;

  @BeforeAll
  static void start() throws IOException {
    String uri = TestGraphs.create(dir.resolve("people"));
    Path policy = Files.writeString(dir.resolve("p.policy.yaml"), POLICY, StandardCharsets.UTF_8);
    http =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("people", uri)), 0, false)
                .withPolicies(Optional.of(policy), Map.of(), Optional.empty()),
            Map.of(
                BearerTokens.TOKENS_JSON_ENV,
                "{\"act-team\":\"tok-team\",\"act-audit\":\"tok-audit\"}"));
    try (InputStream in = QueryRoutesTest.class.getResourceAsStream("/fixtures/test.gq")) {
      queries = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static String body(Map<String, Object> fields) {
    return WireJson.compact(fields);
  }

  static Map<String, Object> getPerson(String name) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("query", queries);
    b.put("name", "get_person");
    b.put("params", Map.of("name", name));
    return b;
  }

  static String headCommit(String branch) {
    return http.get("/graphs/people/commits?branch=" + branch, "tok-team")
        .json()
        .get("commits")
        .get(0)
        .get("graph_commit_id")
        .asString();
  }

  @Test
  void queryReturnsRowsByProjectionLabelAndTheCommitRead() {
    Map<String, Object> req = getPerson("Alice");
    req.put("branch", "main");
    Answer a = http.post("/graphs/people/query", "tok-team", body(req));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/query", 200, a.json());
    JsonNode out = a.json();
    assertThat(out.get("query_name").asString()).isEqualTo("get_person");
    assertThat(out.get("row_count").asInt()).isEqualTo(1);
    assertThat(out.get("rows").get(0).get("p.name").asString()).isEqualTo("Alice");
    assertThat(out.get("rows").get(0).get("p.age").asInt()).isEqualTo(30);
    assertThat(out.get("columns").toString()).isEqualTo("[\"p.name\",\"p.age\"]");
    assertThat(out.get("target").toString()).isEqualTo("{\"branch\":\"main\",\"snapshot\":null}");
    assertThat(out.get("graph_commit_id").asString()).isEqualTo(headCommit("main"));
    assertThat(a.header("deprecation")).isEmpty();
  }

  @Test
  void theLegacyReadIsByteStableAndPointsToItsSuccessor() {
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("query_source", queries);
    req.put("query_name", "get_person");
    req.put("params", Map.of("name", "Alice"));
    Answer a = http.post("/graphs/people/read", "tok-team", body(req));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/read", 200, a.json());
    assertThat(a.body())
        .isEqualTo(
            "{\"query_name\":\"get_person\",\"target\":{\"branch\":\"main\",\"snapshot\":null},"
                + "\"row_count\":1,\"columns\":[\"p.name\",\"p.age\"],"
                + "\"rows\":[{\"p.name\":\"Alice\",\"p.age\":30}]}");
    assertThat(a.header("deprecation")).hasValue("true");
    assertThat(a.header("link")).hasValue("<query>; rel=\"successor-version\"");
  }

  @Test
  void emptyResultsOmitNothingButColumnsWhenEmpty() {
    Answer a = http.post("/graphs/people/query", "tok-team", body(getPerson("Nobody")));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("row_count").asInt()).isZero();
    assertThat(a.json().get("rows").size()).isZero();
  }

  @Test
  void mutationsAreRefusedNamingTheWriteRoute() {
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("query", MUTATION);
    req.put("params", Map.of("name", "Mutie", "age", 30));
    Answer a = http.post("/graphs/people/query", "tok-team", body(req));
    assertError(a, 400, "bad_request");
    assertThat(a.json().get("error").asString()).contains("contains mutations", "POST /mutate");
    assertConforms("POST", "/graphs/{graph_id}/query", 400, a.json());
  }

  @Test
  void badRequestsAre400() {
    Map<String, Object> both = getPerson("Alice");
    both.put("branch", "main");
    both.put("snapshot", headCommit("main"));
    Answer a = http.post("/graphs/people/query", "tok-team", body(both));
    assertError(a, 400, "bad_request");
    assertThat(a.json().get("error").asString())
        .isEqualTo("request may specify branch or snapshot, not both");
    Map<String, Object> badParam = getPerson("Alice");
    badParam.put("params", Map.of("name", 123));
    assertThat(
            http.post("/graphs/people/query", "tok-team", body(badParam))
                .json()
                .get("error")
                .asString())
        .contains("name");
    assertError(
        http.post("/graphs/people/query", "tok-team", "{\"name\":\"x\"}"), 400, "bad_request");
    assertError(
        http.post("/graphs/people/query", "tok-team", "{\"query\":\"query q( {\"}"),
        400,
        "bad_request");
    Map<String, Object> noName = new LinkedHashMap<>();
    noName.put("query", queries);
    assertError(http.post("/graphs/people/query", "tok-team", body(noName)), 400, "bad_request");
    Map<String, Object> unknownBranch = getPerson("Alice");
    unknownBranch.put("branch", "nope");
    assertError(
        http.post("/graphs/people/query", "tok-team", body(unknownBranch)), 404, "not_found");
    Map<String, Object> unknownCommit = getPerson("Alice");
    unknownCommit.put("snapshot", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assertError(
        http.post("/graphs/people/query", "tok-team", body(unknownCommit)), 404, "not_found");
  }

  @Test
  void aSnapshotReadIsCheckedAgainstTheCommitsBranch() {
    Map<String, Object> onMain = getPerson("Alice");
    onMain.put("snapshot", headCommit("main"));
    Answer main = http.post("/graphs/people/query", "tok-audit", body(onMain));
    assertThat(main.status()).as("%s", main).isEqualTo(200);
    assertThat(main.json().get("target").toString())
        .isEqualTo("{\"branch\":null,\"snapshot\":\"" + headCommit("main") + "\"}");
    assertThat(main.json().get("row_count").asInt()).isEqualTo(1);

    Map<String, Object> onFeature = getPerson("Alice");
    onFeature.put("snapshot", headCommit("feature"));
    assertError(http.post("/graphs/people/query", "tok-audit", body(onFeature)), 403, "forbidden");
    assertThat(http.post("/graphs/people/query", "tok-team", body(onFeature)).status())
        .isEqualTo(200);
    Map<String, Object> branchFeature = getPerson("Alice");
    branchFeature.put("branch", "feature");
    assertError(
        http.post("/graphs/people/query", "tok-audit", body(branchFeature)), 403, "forbidden");
    assertError(
        http.post("/graphs/people/query", null, body(getPerson("Alice"))), 401, "unauthorized");
  }
}
