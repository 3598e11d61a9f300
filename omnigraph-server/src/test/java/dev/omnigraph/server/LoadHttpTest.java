package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.HttpApiTest.dataset;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static dev.omnigraph.server.OpenApiSchemas.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.server.ServerHarness.Answer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
 * {@code POST /load}, {@code /ingest} and {@code /load/ndjson} over real HTTP in open mode, each on
 * a fresh fixture graph: the §9 cases H23–H29 that need no policy, the permissive envelope, the
 * streamed body limit, and refusals with no effect.
 */
class LoadHttpTest {
  static final String NDJSON = "/graphs/people/load/ndjson";

  @TempDir Path dir;
  String uri;
  ServerHarness http;

  @BeforeEach
  void start() {
    uri = TestGraphs.create(dir.resolve("people"));
    http =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("people", uri)), 0, true), Map.of());
  }

  @AfterEach
  void stop() {
    http.close();
  }

  static String envelope(String branch, String from, String mode, String data) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (branch != null) {
      body.put("branch", branch);
    }
    if (from != null) {
      body.put("from", from);
    }
    if (mode != null) {
      body.put("mode", mode);
    }
    body.put("data", data);
    return WireJson.compact(body);
  }

  static final String TWO_PERSONS =
      """
      {"type": "Person", "data": {"name": "Eve", "age": 22}}
      {"type": "Person", "data": {"name": "Finn", "age": 41}}
      """;

  Answer ndjson(String query, String body) {
    return http.send(
        http.request(NDJSON + query, null)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  JsonNode commits(String branch) {
    return http.get("/graphs/people/commits?branch=" + branch).json().get("commits");
  }

  long persons(String branch) {
    return dataset(http.get("/graphs/people/snapshot?branch=" + branch).json(), "Person")
        .get("entity_count")
        .asLong();
  }

  @Test
  void h23ALoadCreatesAMissingBranchFromAnother() {
    for (String route : List.of("/graphs/people/load", "/graphs/people/ingest")) {
      String branch = route.endsWith("load") ? "feature-load" : "feature-ingest";
      Answer a = http.post(route, null, envelope(branch, "main", "merge", TWO_PERSONS));
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      assertConforms(
          "POST", "/graphs/{graph_id}" + route.substring(route.lastIndexOf('/')), 200, a.json());
      JsonNode out = a.json();
      assertThat(out.get("uri").asString()).isEqualTo(uri);
      assertThat(out.get("branch").asString()).isEqualTo(branch);
      assertThat(out.get("branch_created").asBoolean()).isTrue();
      assertThat(out.get("base_branch").asString()).isEqualTo("main");
      assertThat(out.get("mode").asString()).isEqualTo("merge");
      assertThat(out.get("nodes").toString())
          .isEqualTo("[{\"name\":\"Person\",\"entities_loaded\":2}]");
      assertThat(out.get("edges").size()).isZero();
      assertThat(out.get("total_entities").asLong()).isEqualTo(2);
      assertThat(out.get("actor_id").isNull()).isTrue();
      assertThat(out.get("commit")).isEqualTo(commits(branch).get(0));
      assertThat(persons(branch)).isEqualTo(6);
      assertThat(a.header("deprecation"))
          .isEqualTo(
              route.endsWith("ingest")
                  ? java.util.Optional.of("true")
                  : java.util.Optional.empty());
      if (route.endsWith("ingest")) {
        assertThat(a.header("link")).hasValue("<load>; rel=\"successor-version\"");
      }
    }
    assertThat(persons("main")).isEqualTo(4);
  }

  @Test
  void h24ALoadIntoAMissingBranchWithoutFromIs404AndCreatesNothing() {
    for (String route : List.of("/graphs/people/load", "/graphs/people/ingest")) {
      Answer a = http.post(route, null, envelope("nowhere", null, null, TWO_PERSONS));
      assertError(a, 404, "not_found");
      assertThat(a.json().get("error").asString()).contains("branch 'nowhere' not found", "`from`");
      assertThat(problems(a.json(), OpenApiSchemas.DOC.at("/components/schemas/ErrorOutput")))
          .isEmpty();
    }
    Answer nd = ndjson("?branch=nowhere", TWO_PERSONS);
    assertError(nd, 404, "not_found");
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 404, nd.json());
    assertThat(http.get("/graphs/people/branches").body()).doesNotContain("nowhere");
  }

  @Test
  void h25FromIsEchoedWhenTheBranchAlreadyExists() {
    Answer a =
        http.post(
            "/graphs/people/ingest",
            null,
            envelope("feature", "other-base", "append", TWO_PERSONS));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("branch_created").asBoolean()).isFalse();
    assertThat(a.json().get("base_branch").asString()).isEqualTo("other-base");
    assertThat(a.json().get("mode").asString()).isEqualTo("append");
  }

  @Test
  void h26AnEnvelopeOver32MibIs413() {
    String data =
        "{\"type\":\"Person\",\"data\":{\"name\":\"" + "x".repeat(33 * 1024 * 1024) + "\"}}";
    Answer a = http.post("/graphs/people/ingest", null, envelope(null, null, null, data));
    assertError(a, 413, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/ingest", 413, a.json());
    assertThat(persons("main")).isEqualTo(4);
  }

  @Test
  void theEnvelopeIsReadPermissively() {
    String pretty =
        """
        {
          "type": "Person",
          "comment": "ignored",
          "data": {"name": "Gus", "age": 50}
        }
        {"edge": "Knows", "from": "Gus", "to": "Alice", "data": {}}
        """;
    Answer a = http.post("/graphs/people/load", null, envelope(null, null, null, pretty));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("mode").asString()).isEqualTo("merge");
    assertThat(a.json().get("total_entities").asLong()).isEqualTo(2);
    assertThat(a.json().get("commit").get("graph_branch").isNull()).isTrue();
    assertThat(persons("main")).isEqualTo(5);
    Answer notObject = http.post("/graphs/people/load", null, envelope(null, null, null, "[1]"));
    assertError(notObject, 400, "bad_request");
    assertThat(notObject.json().get("error").asString()).contains("record 1 is not a JSON object");
    Answer broken =
        http.post("/graphs/people/load", null, envelope(null, null, null, "{\"type\":"));
    assertError(broken, 400, "bad_request");
  }

  @Test
  void h27AStrictBatchLoadsAsOneCommit() {
    int before = commits("main").size();
    String batch =
        """
        {"type":"Person","data":{"name":"Hal","age":33}}
        {"type":"Company","data":{"name":"Initech"}}
        {"edge":"WorksAt","from":"Hal","to":"Initech"}
        """;
    Answer a = ndjson("?branch=main&mode=append", batch);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 200, a.json());
    JsonNode out = a.json();
    assertThat(out.has("uri")).isFalse();
    assertThat(out.get("total_entities").asLong()).isEqualTo(3);
    assertThat(out.get("nodes").toString())
        .isEqualTo(
            "[{\"name\":\"Company\",\"entities_loaded\":1},{\"name\":\"Person\",\"entities_loaded\":1}]");
    assertThat(out.get("edges").toString())
        .isEqualTo("[{\"name\":\"WorksAt\",\"entities_loaded\":1}]");
    assertThat(out.get("commit").get("graph_branch").isNull()).isTrue();
    assertThat(out.get("base_branch").isNull()).isTrue();
    assertThat(out.get("branch_created").asBoolean()).isFalse();
    assertThat(commits("main").size()).isEqualTo(before + 1);
    assertThat(out.get("commit")).isEqualTo(commits("main").get(0));
    assertThat(a.body()).doesNotContain("table_key");
    // With a charset parameter, the default mode (merge) and a new branch from main.
    Answer b =
        http.send(
            http.request(NDJSON + "?branch=nd-new&from=main", null)
                .header("Content-Type", "application/x-ndjson; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(TWO_PERSONS)));
    assertThat(b.status()).as("%s", b).isEqualTo(200);
    assertThat(b.json().get("mode").asString()).isEqualTo("merge");
    assertThat(b.json().get("branch_created").asBoolean()).isTrue();
    assertThat(b.json().get("base_branch").asString()).isEqualTo("main");
  }

  @Test
  void h28AMalformedLineRefusesTheWholeBatch() {
    int before = commits("main").size();
    Answer a = ndjson("", "{\"type\":\"Person\",\"data\":{\"name\":\"Ivy\"}}\nnot-json\n");
    assertError(a, 400, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 400, a.json());
    assertThat(a.json().get("error").asString()).contains("line 2");
    byte[] latin1 =
        "{\"type\":\"Person\",\"data\":{\"name\":\"Jos\u00e9\"}}\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Answer notUtf8 =
        http.send(
            http.request(NDJSON, null)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
    assertError(notUtf8, 400, "bad_request");
    assertThat(notUtf8.json().get("error").asString()).contains("UTF-8");
    Answer appendHeld =
        ndjson("?mode=append", "{\"type\":\"Person\",\"data\":{\"name\":\"Alice\"}}\n");
    assertError(appendHeld, 409, "conflict");
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 409, appendHeld.json());
    // The typed detail names the type and the id that exists (upstream's key_conflict).
    assertThat(appendHeld.json().get("key_conflict").get("entity_kind").asString())
        .isEqualTo("node");
    assertThat(appendHeld.json().get("key_conflict").get("type_name").asString())
        .isEqualTo("Person");
    assertThat(appendHeld.json().get("key_conflict").get("entity_id").asString())
        .isEqualTo("Alice");
    assertThat(commits("main").size()).isEqualTo(before);
    assertThat(persons("main")).isEqualTo(4);
  }

  @Test
  void h29WrongTypeIs415AndAnOversizedBatchIs413WithTheResource() {
    Answer json =
        http.send(
            http.request(NDJSON, null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TWO_PERSONS)));
    assertError(json, 415, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 415, json.json());
    assertError(
        http.send(
            http.request(NDJSON, null).POST(HttpRequest.BodyPublishers.ofString(TWO_PERSONS))),
        415,
        "bad_request");

    byte[] over = new byte[(int) WriteRoutes.LOAD_BODY_LIMIT + 1];
    java.util.Arrays.fill(over, (byte) '\n');
    Answer declared =
        http.send(
            http.request(NDJSON, null)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(over)));
    assertError(declared, 413, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/load/ndjson", 413, declared.json());
    JsonNode limit = declared.json().get("resource_limit");
    assertThat(limit.get("resource").asString()).isEqualTo("graph_batch_request_bytes");
    assertThat(limit.get("limit").asLong()).isEqualTo(WriteRoutes.LOAD_BODY_LIMIT);
    assertThat(limit.get("actual").asLong()).isEqualTo(WriteRoutes.LOAD_BODY_LIMIT + 1);

    // Chunked, so no length is declared: the count while streaming stops it.
    Answer streamed =
        http.send(
            http.request(NDJSON, null)
                .header("Content-Type", "application/x-ndjson")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(over))));
    assertError(streamed, 413, "bad_request");
    assertThat(streamed.json().get("resource_limit").get("resource").asString())
        .isEqualTo("graph_batch_request_bytes");
    assertThat(persons("main")).isEqualTo(4);
  }

  @Test
  void aStreamedBatchUnderTheLimitLoads() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      lines.append("{\"type\":\"Person\",\"data\":{\"name\":\"s").append(i).append("\"}}\n");
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    Answer a =
        http.send(
            http.request(NDJSON + "?mode=append", null)
                .header("Content-Type", "application/x-ndjson")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> (InputStream) new ByteArrayInputStream(bytes))));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("total_entities").asLong()).isEqualTo(3000);
    assertThat(persons("main")).isEqualTo(3004);
  }

  @Test
  void badLoadRequestsAre400WithNoEffect() {
    int before = commits("main").size();
    for (String body :
        List.of(
            "{",
            "{}",
            "{\"data\":1}",
            "{\"data\":\"\",\"table_keys\":[]}",
            envelope(null, null, "upsert", TWO_PERSONS),
            envelope(" ", null, null, TWO_PERSONS),
            envelope("x1", " ", null, TWO_PERSONS),
            envelope(null, null, null, "{\"type\":\"Robot\",\"data\":{}}"),
            envelope(
                null,
                null,
                null,
                "{\"type\":\"Person\",\"data\":{\"name\":\"K\",\"age\":\"old\"}}"))) {
      Answer a = http.post("/graphs/people/load", null, body);
      assertError(a, 400, "bad_request");
      assertConforms("POST", "/graphs/{graph_id}/load", 400, a.json());
    }
    for (String query :
        List.of("?mode=upsert", "?branch=%20", "?mode=merge&mode=append", "?from=")) {
      assertError(ndjson(query, TWO_PERSONS), 400, "bad_request");
    }
    assertThat(commits("main").size()).isEqualTo(before);
    assertThat(http.get("/graphs/people/branches").body()).doesNotContain("x1");
  }

  @Test
  void anOverwriteReplacesOnlyTheTypesItNames() {
    Answer a =
        http.post(
            "/graphs/people/load",
            null,
            envelope(
                null,
                null,
                "overwrite",
                """
                {"type":"Company","data":{"name":"Acme"}}
                {"type":"Company","data":{"name":"Globex"}}
                {"type":"Company","data":{"name":"Umbrella"}}
                """));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    JsonNode snap = http.get("/graphs/people/snapshot").json();
    assertThat(dataset(snap, "Company").get("entity_count").asLong()).isEqualTo(3);
    assertThat(dataset(snap, "Person").get("entity_count").asLong()).isEqualTo(4);
    // Dropping a company that edges still point at is refused as a whole.
    Answer dangling =
        http.post(
            "/graphs/people/load",
            null,
            envelope(
                null,
                null,
                "overwrite",
                "{\"type\":\"Company\",\"data\":{\"name\":\"Umbrella\"}}\n"));
    assertError(dangling, 400, "bad_request");
    assertThat(
            dataset(http.get("/graphs/people/snapshot").json(), "Company")
                .get("entity_count")
                .asLong())
        .isEqualTo(3);
  }
}
