package dev.omnigraph.server;

import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.server.ServerHarness.Answer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The routes over real HTTP in open mode: bodies, statuses and headers as the contract says, every
 * body checked against the contract's schema, and every malformed request answered with the error
 * envelope (never a 500).
 */
class HttpApiTest {
  @TempDir static Path dir;
  static String uri;
  static ServerHarness http;

  @BeforeAll
  static void start() {
    uri = TestGraphs.create(dir.resolve("people"));
    http =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("people", uri)), 0, true), Map.of());
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static void assertError(Answer a, int status, String code) {
    assertThat(a.status()).as("%s", a).isEqualTo(status);
    assertThat(a.header("content-type")).hasValue("application/json");
    JsonNode body = a.json();
    assertThat(body.path("error").isString()).as("%s", a).isTrue();
    assertThat(body.path("code").asString()).as("%s", a).isEqualTo(code);
  }

  @Test
  void healthIsServedWithoutAuthAndCarriesVersions() {
    Answer a = http.get("/healthz");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("status").asString()).isEqualTo("ok");
    assertThat(a.json().get("version").asString()).isEqualTo(OmnigraphServer.version());
    assertThat(a.json().get("internal_schema_version").asInt())
        .isEqualTo(CommitRecord.FORMAT_VERSION);
    assertThat(a.json().has("source_version")).isFalse();
    assertConforms("GET", "/healthz", 200, a.json());
  }

  @Test
  void snapshotUsesUpstreamVocabularyAndCounts() {
    Answer a = http.get("/graphs/people/snapshot?branch=main");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("GET", "/graphs/{graph_id}/snapshot", 200, a.json());
    JsonNode s = a.json();
    assertThat(s.get("graph_branch").asString()).isEqualTo("main");
    assertThat(s.get("internal_schema_version").asInt()).isEqualTo(CommitRecord.FORMAT_VERSION);
    List<String> order = new ArrayList<>();
    for (JsonNode d : s.get("datasets")) {
      order.add(d.get("entity_kind").asString() + ":" + d.get("type_name").asString());
      assertThat(d.get("native_dataset_branch").isNull()).isTrue();
      assertThat(d.get("dataset_path").asString()).startsWith(uri);
    }
    assertThat(order).containsExactly("edge:Knows", "edge:WorksAt", "node:Company", "node:Person");
    assertThat(dataset(s, "Person").get("entity_count").asLong()).isEqualTo(4);
    assertThat(dataset(s, "Knows").get("entity_count").asLong()).isEqualTo(3);
    assertThat(a.body()).doesNotContain("table_", "row_count");
    // The default branch is main.
    assertThat(http.get("/graphs/people/snapshot").json()).isEqualTo(s);
  }

  static JsonNode dataset(JsonNode snapshot, String type) {
    for (JsonNode d : snapshot.get("datasets")) {
      if (d.get("type_name").asString().equals(type)) {
        return d;
      }
    }
    throw new AssertionError("no dataset " + type + " in " + snapshot);
  }

  @Test
  void snapshotOfAnUnknownBranchIs404AndAnEmptyBranchIs400() {
    assertError(http.get("/graphs/people/snapshot?branch=nope"), 404, "not_found");
    Answer empty = http.get("/graphs/people/snapshot?branch=%20");
    assertError(empty, 400, "bad_request");
    assertThat(empty.json().get("error").asString()).isEqualTo("branch name cannot be empty");
    Answer twice = http.get("/graphs/people/snapshot?branch=main&branch=feature");
    assertError(twice, 400, "bad_request");
  }

  @Test
  void schemaIsTheAcceptedSource() {
    Answer a = http.get("/graphs/people/schema");
    assertThat(a.status()).isEqualTo(200);
    assertConforms("GET", "/graphs/{graph_id}/schema", 200, a.json());
    assertThat(a.json().get("schema_source").asString()).isEqualTo(TestGraphs.schema());
  }

  @Test
  void branchesAreListedSorted() {
    Answer a = http.get("/graphs/people/branches");
    assertThat(a.status()).isEqualTo(200);
    assertConforms("GET", "/graphs/{graph_id}/branches", 200, a.json());
    List<String> names = new ArrayList<>();
    a.json().get("branches").forEach(b -> names.add(b.asString()));
    assertThat(names).contains("feature", "main").isSorted();
  }

  @Test
  void branchCreateListDeleteRoundTrip() {
    Answer created =
        http.post("/graphs/people/branches", null, "{\"name\":\" review/new-hires \"}");
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/branches", 200, created.json());
    assertThat(created.json().get("name").asString()).isEqualTo("review/new-hires");
    assertThat(created.json().get("from").asString()).isEqualTo("main");
    assertThat(created.json().get("uri").asString()).isEqualTo(uri);
    assertThat(created.json().get("actor_id").isNull()).isTrue();
    assertThat(http.get("/graphs/people/branches").body()).contains("review/new-hires");

    Answer again = http.post("/graphs/people/branches", null, "{\"name\":\"review/new-hires\"}");
    assertError(again, 409, "conflict");
    Answer nested =
        http.post("/graphs/people/branches", null, "{\"name\":\"review\",\"from\":\"feature\"}");
    assertError(nested, 409, "conflict");

    Answer deleted = http.delete("/graphs/people/branches/review%2Fnew-hires", null);
    assertThat(deleted.status()).as("%s", deleted).isEqualTo(200);
    assertConforms("DELETE", "/graphs/{graph_id}/branches/{branch}", 200, deleted.json());
    assertThat(deleted.json().get("name").asString()).isEqualTo("review/new-hires");
    assertThat(http.get("/graphs/people/branches").body()).doesNotContain("review/new-hires");
    assertError(http.delete("/graphs/people/branches/review%2Fnew-hires", null), 404, "not_found");
  }

  @Test
  void branchCreatedFromAnotherBranchStartsAtItsHead() {
    Answer created =
        http.post(
            "/graphs/people/branches", null, "{\"name\":\"from-feature\",\"from\":\"feature\"}");
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    assertThat(created.json().get("from").asString()).isEqualTo("feature");
    Answer unknown =
        http.post("/graphs/people/branches", null, "{\"name\":\"x1\",\"from\":\"missing\"}");
    assertError(unknown, 404, "not_found");
  }

  @Test
  void mainCannotBeDeleted() {
    Answer a = http.delete("/graphs/people/branches/main", null);
    assertError(a, 400, "bad_request");
    assertThat(a.json().get("error").asString()).isEqualTo("cannot delete branch 'main'");
  }

  @Test
  void commitsListNewestFirstAndShowOne() throws Exception {
    Answer list = http.get("/graphs/people/commits");
    assertThat(list.status()).isEqualTo(200);
    assertConforms("GET", "/graphs/{graph_id}/commits", 200, list.json());
    JsonNode commits = list.json().get("commits");
    assertThat(commits.size()).isEqualTo(2);
    assertThat(commits.get(0).get("graph_manifest_version").asLong()).isEqualTo(2);
    assertThat(commits.get(0).get("graph_branch").isNull()).isTrue();
    assertThat(commits.get(1).get("parent_commit_id").isNull()).isTrue();
    assertThat(commits.get(0).get("parent_commit_id").asString())
        .isEqualTo(commits.get(1).get("graph_commit_id").asString());
    assertThat(http.get("/graphs/people/commits?branch=main").json()).isEqualTo(list.json());

    String id = commits.get(0).get("graph_commit_id").asString();
    Answer one = http.get("/graphs/people/commits/" + id);
    assertThat(one.status()).isEqualTo(200);
    assertConforms("GET", "/graphs/{graph_id}/commits/{commit_id}", 200, one.json());
    assertThat(one.json()).isEqualTo(commits.get(0));
    try (Omnigraph g = Omnigraph.open(uri, AccessMode.READ_ONLY)) {
      assertThat(g.commit(id).commitId()).isEqualTo(id);
    }

    Answer feature = http.get("/graphs/people/commits?branch=feature");
    assertThat(feature.json().get("commits").get(0).get("graph_branch").asString())
        .isEqualTo("feature");
    assertError(http.get("/graphs/people/commits/01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404, "not_found");
    assertError(http.get("/graphs/people/commits/not-a-commit"), 404, "not_found");
  }

  @Test
  void flatAndUnknownPathsAre404AndUnknownGraphsToo() {
    assertError(http.get("/snapshot?branch=main"), 404, "not_found");
    assertError(http.get("/graphs/people/nope"), 404, "not_found");
    assertError(http.get("/graphs/people/snapshot/"), 404, "not_found");
    Answer unknown = http.get("/graphs/nonexistent/snapshot");
    assertError(unknown, 404, "not_found");
    assertThat(unknown.json().get("error").asString()).isEqualTo("graph 'nonexistent' not found");
    assertError(http.get("/graphs/bad_id/snapshot"), 400, "bad_request");
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    Answer a = http.send(http.request("/graphs/people/snapshot", null).DELETE());
    assertError(a, 405, "method_not_allowed");
    assertThat(a.header("allow")).hasValue("GET");
    Answer b =
        http.send(
            http.request("/graphs/people/branches", null).PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(b.header("allow")).hasValue("GET, POST");
  }

  @Test
  void malformedBodiesAre400NeverA500() {
    String path = "/graphs/people/branches";
    for (String body :
        List.of("{", "[]", "\"x\"", "null", "{\"name\":1}", "{\"name\":\"a\"} {}", "{}", "")) {
      Answer a = http.post(path, null, body);
      assertError(a, 400, "bad_request");
    }
    Answer unknown = http.post(path, null, "{\"name\":\"z\",\"table_keys\":[]}");
    assertError(unknown, 400, "bad_request");
    assertThat(unknown.json().get("error").asString()).contains("unknown field `table_keys`");
    assertThat(http.get("/graphs/people/branches").body()).doesNotContain("\"z\"");
  }

  @Test
  void aNonJsonContentTypeIs415() {
    for (String type : List.of("text/plain", "application/x-ndjson")) {
      Answer a =
          http.send(
              http.request("/graphs/people/branches", null)
                  .header("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t415\"}")));
      assertError(a, 415, "bad_request");
    }
    Answer none =
        http.send(
            http.request("/graphs/people/branches", null)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t415\"}")));
    assertError(none, 415, "bad_request");
    Answer charset =
        http.send(
            http.request("/graphs/people/branches", null)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t415\"}")));
    assertThat(charset.status()).as("%s", charset).isEqualTo(200);
  }

  @Test
  void aBodyOverOneMebibyteIs413() {
    String big = "{\"name\":\"big\"," + " ".repeat(1_100_000) + "\"from\":\"main\"}";
    Answer a = http.post("/graphs/people/branches", null, big);
    assertError(a, 413, "bad_request");
    // Chunked, so no Content-Length announces the size: the read itself stops at the limit.
    Answer chunked =
        http.send(
            http.request("/graphs/people/branches", null)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() ->
                        new java.io.ByteArrayInputStream(
                            big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    assertError(chunked, 413, "bad_request");
    assertThat(http.get("/graphs/people/branches").body()).doesNotContain("\"big\"");
  }

  @Test
  void jettyLevelRejectionsUseTheEnvelopeToo() {
    // An encoded dot segment is ambiguous; Jetty refuses it before routing.
    Answer a = http.get("/graphs/people/%2e%2e/healthz");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("code").asString()).isEqualTo("bad_request");
  }

  @Test
  void graphListIsForbiddenWithoutAServerBundleEvenInOpenMode() {
    Answer a = http.get("/graphs");
    assertError(a, 403, "forbidden");
    assertConforms("GET", "/graphs", 403, a.json());
  }

  @Test
  void openApiIsServedWithoutSecurityInOpenMode() {
    Answer a = http.get("/openapi.json");
    assertThat(a.status()).isEqualTo(200);
    JsonNode doc = a.json();
    assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
    assertThat(doc.path("components").has("securitySchemes")).isFalse();
    for (JsonNode ops : doc.get("paths")) {
      for (JsonNode op : ops) {
        assertThat(op.has("security")).isFalse();
      }
    }
    assertThat(doc.get("paths").has("/graphs/{graph_id}/snapshot")).isTrue();
  }
}
