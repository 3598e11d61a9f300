package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.server.ServerHarness.Answer;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /export} over real HTTP in open mode: the streamed NDJSON equals the engine's export
 * (H31), and every refusal is a JSON error before any NDJSON (H32).
 */
class ExportHttpTest {
  static final String EXPORT = "/graphs/people/export";

  @TempDir static Path dir;
  static String uri;
  static ServerHarness http;

  @BeforeAll
  static void start() {
    uri = TestGraphs.create(dir.resolve("people"));
    http =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("people", uri)), 0, true), Map.of());
    // The feature branch gets a row main does not have.
    Answer a =
        http.post(
            "/graphs/people/mutate",
            null,
            "{\"query\":\"query add() { insert Person { name: \\\"Fea\\\", age: 5 } }\","
                + "\"branch\":\"feature\"}");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static String engineExport(String branch) {
    try (Omnigraph g = Omnigraph.open(uri, AccessMode.READ_ONLY)) {
      StringWriter out = new StringWriter();
      g.export(branch, out);
      return out.toString();
    }
  }

  @Test
  void h31AnExportOfOneTypeStreamsTheEnginesLines() {
    Answer a = http.post(EXPORT, null, "{\"branch\":\"feature\",\"type_names\":[\"Person\"]}");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.header("content-type")).hasValue("application/x-ndjson; charset=utf-8");
    String persons =
        engineExport("feature")
            .lines()
            .filter(l -> l.startsWith("{\"type\":\"Person\""))
            .map(l -> l + "\n")
            .collect(Collectors.joining());
    assertThat(a.body()).isEqualTo(persons).contains("\"Fea\"");
    assertThat(a.body().lines().count()).isEqualTo(5);
  }

  @Test
  void anExportOfEveryTypeIsTheWholeEngineExport() {
    for (String body : List.of("{}", "{\"type_names\":[]}", "{\"branch\":\" main \"}")) {
      Answer a = http.post(EXPORT, null, body);
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      assertThat(a.body()).isEqualTo(engineExport("main")).doesNotContain("Fea");
    }
    Answer two = http.post(EXPORT, null, "{\"type_names\":[\"Company\",\"WorksAt\"]}");
    assertThat(two.body().lines().map(l -> l.substring(0, l.indexOf(','))))
        .containsExactly(
            "{\"edge\":\"WorksAt\"",
            "{\"edge\":\"WorksAt\"",
            "{\"type\":\"Company\"",
            "{\"type\":\"Company\"");
  }

  @Test
  void h32RefusalsAreJsonBeforeAnyNdjson() {
    Answer missing = http.post(EXPORT, null, "{\"type_names\":[\"Missing\"]}");
    assertError(missing, 400, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/export", 400, missing.json());
    assertThat(missing.json().get("error").asString()).contains("unknown export type 'Missing'");
    Answer tableKeys = http.post(EXPORT, null, "{\"table_keys\":[\"node:Person\"]}");
    assertError(tableKeys, 400, "bad_request");
    assertThat(tableKeys.json().get("error").asString()).contains("unknown field `table_keys`");
    Answer text =
        http.send(
            http.request(EXPORT, null)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertError(text, 415, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/export", 415, text.json());
    Answer big = http.post(EXPORT, null, "{" + " ".repeat(2 * 1024 * 1024) + "}");
    assertError(big, 413, "bad_request");
    assertConforms("POST", "/graphs/{graph_id}/export", 413, big.json());
    assertError(http.post(EXPORT, null, "{\"branch\":\"nope\"}"), 404, "not_found");
    assertError(http.post(EXPORT, null, "{\"branch\":\"  \"}"), 400, "bad_request");
    assertError(http.post(EXPORT, null, "{\"type_names\":\"Person\"}"), 400, "bad_request");
    assertError(http.post(EXPORT, null, "{\"type_names\":[null]}"), 400, "bad_request");
    assertError(http.post(EXPORT, null, "["), 400, "bad_request");
    // The refused exports held no slot.
    assertThat(http.post(EXPORT, null, "{}").status()).isEqualTo(200);
  }

  @Test
  void theExportSlotIsOnePerGraphAndFreedOnClose() {
    ExportSlots slots = new ExportSlots();
    ExportSlots.Slot first = slots.acquire("people");
    HttpFailure busy =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            HttpFailure.class, () -> slots.acquire("people"));
    assertThat(busy.status()).isEqualTo(413);
    assertThat(busy.body().resourceLimit())
        .isEqualTo(new dev.omnigraph.api.ResourceLimitOutput("stream_export_slots", 1, 2));
    assertThat(
            OpenApiSchemas.problems(
                dev.omnigraph.api.WireJson.mapper().valueToTree(busy.body()),
                OpenApiSchemas.DOC.at("/components/schemas/ErrorOutput")))
        .isEmpty();
    slots.acquire("other").close();
    first.close();
    first.close();
    slots.acquire("people").close();
  }
}
