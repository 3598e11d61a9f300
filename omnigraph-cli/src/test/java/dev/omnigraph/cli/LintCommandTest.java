package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code omnigraph lint}: offline against a schema file, or against a graph's schema. */
class LintCommandTest {
  @TempDir Path dir;

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  String file(String name) {
    return CliRunner.copy("fixtures/" + name, dir).toString();
  }

  @Test
  void upstreamsQueryFileLintsCleanAgainstItsSchema() {
    CliRunner.Result r =
        cli().run("lint", "--schema", file("test.pg"), "--query", file("test.gq"), "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode report = WireJson.mapper().readTree(r.out());
    assertThat(report.get("status").asString()).isEqualTo("ok");
    assertThat(report.get("queries_processed").asInt()).isEqualTo(11);
    assertThat(report.get("errors").asInt()).isZero();
    JsonNode getPerson = report.get("results").get(0);
    assertThat(getPerson.get("name").asString()).isEqualTo("get_person");
    assertThat(getPerson.get("kind").asString()).isEqualTo("read");
    assertThat(getPerson.has("error")).isFalse();
    assertThat(getPerson.has("warnings")).isFalse();
    JsonNode name = getPerson.get("operation").get("result").get(0);
    assertThat(name.get("kind").asString()).isEqualTo("string");
    assertThat(name.get("nullable").asBoolean()).isFalse();
    assertThat(getPerson.get("operation").get("reads").get(0).get("type_name").asString())
        .isEqualTo("Person");
  }

  @Test
  void goodAndBadQueriesAreReportedSeparatelyAndTheRunFails() {
    String schema = file("people.pg");
    String query = file("people.gq");
    CliRunner.Result r = cli().run("lint", "--schema", schema, "--query", query, "--json");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: lint found 1 error in " + query + "\n");
    assertThat(r.out().replace(dir.toString(), "<dir>"))
        .isEqualTo(CliRunner.resource("golden/lint-people.json"));
  }

  @Test
  void humanReportListsQueriesFindingsAndTotals() {
    String query = file("people.gq");
    CliRunner.Result r = cli().run("lint", "--schema", file("people.pg"), "--query", query);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out().replace(dir.toString(), "<dir>"))
        .isEqualTo(CliRunner.resource("golden/lint-people.txt"));
  }

  @Test
  void aFileThatDoesNotParseIsOneQ000Finding() {
    String query = file("broken.gq");
    CliRunner.Result r = cli().run("lint", "--schema", file("test.pg"), "--query", query, "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode report = WireJson.mapper().readTree(r.out());
    assertThat(report.get("status").asString()).isEqualTo("error");
    assertThat(report.get("queries_processed").asInt()).isZero();
    assertThat(report.get("results").size()).isZero();
    assertThat(report.get("findings").size()).isEqualTo(1);
    assertThat(report.get("findings").get(0).get("code").asString()).isEqualTo("Q000");
    assertThat(report.get("findings").get(0).get("severity").asString()).isEqualTo("error");
  }

  @Test
  void againstAGraphItUsesTheAcceptedSchema() {
    String graph = dir.resolve("g").toString();
    assertThat(cli().run("init", "--schema", file("test.pg"), graph).exitCode()).isZero();
    CliRunner.Result r = cli().run("lint", graph, "--query", file("test.gq"), "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    JsonNode source = WireJson.mapper().readTree(r.out()).get("schema_source");
    assertThat(source.get("kind").asString()).isEqualTo("graph");
    assertThat(source.get("uri").asString()).isEqualTo(graph);
    assertThat(source.has("path")).isFalse();

    CliRunner.Result store = cli().run("lint", "--store", graph, "--query", file("test.gq"));
    assertThat(store.exitCode()).as("%s", store).isZero();
    assertThat(store.out()).endsWith("lint ok: 11 queries, 0 errors, 0 warnings, 0 infos\n");
  }

  @Test
  void withASchemaFileNoGraphIsAddressedSoEvenAServerUrlIsIgnored() {
    CliRunner.Result r =
        cli()
            .run(
                "lint",
                "http://127.0.0.1:1",
                "--schema",
                file("test.pg"),
                "--query",
                file("test.gq"));
    assertThat(r.exitCode()).as("%s", r).isZero();
  }

  @Test
  void withoutASchemaItNeedsAGraphAndRefusesAServer() {
    CliRunner.Result none = cli().run("lint", "--query", file("test.gq"));
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).startsWith("error: no graph addressed: `lint` needs a graph");
    CliRunner.Result http = cli().run("lint", "http://127.0.0.1:1", "--query", file("test.gq"));
    assertThat(http.exitCode()).isEqualTo(1);
    assertThat(http.err()).startsWith("error: `lint` needs direct storage access");
  }

  @Test
  void anInvalidSchemaFileIsACompileErrorNamingIt() {
    String query = file("test.gq");
    Path bad = dir.resolve("bad.pg");
    try {
      Files.writeString(bad, "node {\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CliRunner.Result r = cli().run("lint", "--schema", bad.toString(), "--query", query);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: parse error: ").contains(bad + ":1:");
  }
}
