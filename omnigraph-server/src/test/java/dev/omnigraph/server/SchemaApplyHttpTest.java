package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
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
 * {@code POST /schema/apply} over real HTTP in open mode (allowed because the server boots from
 * {@code --graph}): a supported plan applies in one commit, an unsupported one is refused with its
 * lint code, a graph with other branches is 409, and nothing is written on any refusal.
 */
class SchemaApplyHttpTest {
  static final String APPLY = "/graphs/solo/schema/apply";

  @TempDir Path dir;
  String uri;
  String branched;
  ServerHarness http;

  @BeforeEach
  void start() {
    uri = TestGraphs.create(dir.resolve("solo"), false);
    branched = TestGraphs.create(dir.resolve("branched"), true);
    http =
        new ServerHarness(
            ServerSettings.of(
                List.of(new GraphSpec("solo", uri), new GraphSpec("branched", branched)), 0, true),
            Map.of());
  }

  @AfterEach
  void stop() {
    http.close();
  }

  static String apply(String source, Boolean allowDataLoss) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema_source", source);
    if (allowDataLoss != null) {
      body.put("allow_data_loss", allowDataLoss);
    }
    return WireJson.compact(body);
  }

  String schema() {
    return http.get("/graphs/solo/schema").json().get("schema_source").asString();
  }

  @Test
  void aSupportedPlanAppliesInOneCommit() {
    String desired =
        TestGraphs.schema().replace("    age: I32?\n", "    age: I32?\n    email: String?\n");
    Answer a = http.post(APPLY, null, apply(desired, null));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertConforms("POST", "/graphs/{graph_id}/schema/apply", 200, a.json());
    JsonNode out = a.json();
    assertThat(out.get("uri").asString()).isEqualTo(uri);
    assertThat(out.get("supported").asBoolean()).isTrue();
    assertThat(out.get("applied").asBoolean()).isTrue();
    assertThat(out.get("step_count").asInt()).isEqualTo(out.get("steps").size()).isPositive();
    JsonNode head = http.get("/graphs/solo/commits").json().get("commits").get(0);
    assertThat(out.get("graph_manifest_version").asLong())
        .isEqualTo(head.get("graph_manifest_version").asLong());
    assertThat(schema()).contains("email: String?");
    assertThat(out.get("steps").toString()).contains("email");

    // The same schema again is an empty plan: nothing applied, the head unchanged.
    Answer again = http.post(APPLY, null, apply(desired, false));
    assertThat(again.status()).as("%s", again).isEqualTo(200);
    assertThat(again.json().get("applied").asBoolean()).isFalse();
    assertThat(again.json().get("step_count").asInt()).isZero();
    assertThat(again.json().get("graph_manifest_version").asLong())
        .isEqualTo(head.get("graph_manifest_version").asLong());
  }

  @Test
  void aDropLosesDataOnlyWithAllowDataLoss() {
    String without = TestGraphs.schema().replace("    age: I32?\n", "");
    Answer a = http.post(APPLY, null, apply(without, true));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("applied").asBoolean()).isTrue();
    assertThat(schema()).doesNotContain("age");
    try (Omnigraph g = Omnigraph.open(uri, AccessMode.READ_ONLY)) {
      assertThat(g.snapshot("main").schema().source()).doesNotContain("age");
    }
  }

  @Test
  void anUnsupportedPlanIsRefusedWithItsLintCode() {
    int before = http.get("/graphs/solo/commits").json().get("commits").size();
    String desired = TestGraphs.schema().replace("    age: I32?\n", "    age: String?\n");
    Answer a = http.post(APPLY, null, apply(desired, null));
    assertError(a, 400, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/schema/apply", 400, a.json());
    assertThat(a.json().get("error").asString())
        .startsWith("schema apply refused: [OG-MF-106]")
        .contains("nothing was written");
    assertThat(schema()).contains("age: I32?");
    assertThat(http.get("/graphs/solo/commits").json().get("commits").size()).isEqualTo(before);
  }

  @Test
  void aGraphWithOtherBranchesIs409() {
    String desired =
        TestGraphs.schema().replace("    age: I32?\n", "    age: I32?\n    email: String?\n");
    Answer a = http.post("/graphs/branched/schema/apply", null, apply(desired, null));
    assertError(a, 409, "conflict");
    assertConforms("POST", "/graphs/{graph_id}/schema/apply", 409, a.json());
    assertThat(a.json().get("error").asString()).contains("only main", "feature");
  }

  @Test
  void badApplyRequestsAre400WithNoEffect() {
    for (String body :
        List.of(
            "{",
            "{}",
            "{\"schema_source\":1}",
            "{\"schema_source\":\"x\",\"allow_data_loss\":\"yes\"}",
            "{\"schema_source\":\"node P { name: String }\",\"dry_run\":true}",
            apply("node Person {\n  name: Strin\n}\n", null))) {
      Answer a = http.post(APPLY, null, body);
      assertError(a, 400, "bad_request");
      assertConforms("POST", "/graphs/{graph_id}/schema/apply", 400, a.json());
    }
    assertError(
        http.send(
            http.request(APPLY, null)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(apply(TestGraphs.schema(), null)))),
        415,
        "bad_request");
    assertThat(schema()).isEqualTo(TestGraphs.schema());
  }
}
