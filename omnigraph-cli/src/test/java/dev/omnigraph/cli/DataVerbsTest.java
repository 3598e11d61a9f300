package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The data verbs {@code load}, {@code mutate} and {@code export} in-process (spec C2-C4, C10, C11,
 * C14, C33 for {@code change}): outputs against golden text, modes and branches, the conditional
 * write's exit code 4, refusals, and a load-export round trip.
 */
class DataVerbsTest {
  @TempDir Path dir;
  String graph;
  Path data;
  Path mutations;

  @BeforeEach
  void init() {
    Path schema = CliRunner.copy("fixtures/test.pg", dir);
    data = CliRunner.copy("fixtures/test.jsonl", dir);
    mutations = CliRunner.copy("fixtures/mutations.gq", dir);
    graph = dir.resolve("g").toString();
    CliRunner.Result r = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
  }

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  static JsonNode json(String text) {
    return WireJson.mapper().readTree(text);
  }

  CliRunner.Result load(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("load", graph, "--data", data.toString()));
    args.addAll(List.of(extra));
    return cli().run(args.toArray(String[]::new));
  }

  @Test
  void loadOverwriteOnAFreshGraphPrintsUpstreamsJson() {
    CliRunner.Result r = load("--mode", "overwrite", "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    Goldens.assertMatches(r.out(), graph, "load-overwrite.json");
    assertThat(r.err()).isEqualTo("omnigraph load → " + graph + " (direct, local)\n");
    JsonNode commits = json(cli().run("commit", "list", graph, "--json").out()).get("commits");
    assertThat(json(r.out()).get("commit")).isEqualTo(commits.get(0));
  }

  @Test
  void loadWithoutModeIsAUsageError() {
    CliRunner.Result r = load();
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--mode");
    CliRunner.Result bad = load("--mode", "upsert");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("unknown load mode 'upsert'; use overwrite, append or merge");
  }

  @Test
  void loadMergeIntoANewBranchFromMainSaysSoAndQuietDropsTheEcho() throws IOException {
    assertThat(load("--mode", "overwrite").exitCode()).isZero();
    Path one = dir.resolve("one.jsonl");
    Files.writeString(
        one, "{\"type\": \"Person\", \"data\": {\"name\": \"Frank\", \"age\": 41}}\n");
    CliRunner.Result missing =
        cli().run("load", graph, "--data", one.toString(), "--mode", "merge", "--branch", "f");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(missing.err()).contains("branch 'f'");

    CliRunner.Result r =
        cli()
            .run(
                "--quiet",
                "load",
                graph,
                "--data",
                one.toString(),
                "--mode",
                "merge",
                "--branch",
                "feature",
                "--from",
                "main");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            "loaded "
                + graph
                + " on branch feature with merge: 1 entities across 1 node types and 0 edge"
                + " types\nbranch feature created from main\n");
  }

  @Test
  void loadRefusesABadLineAndCommitsNothing() throws IOException {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"type\": \"Person\", \"data\": {\"name\": \"A\", \"age\": \"x\"}}\n");
    CliRunner.Result r = cli().run("load", graph, "--data", bad.toString(), "--mode", "append");
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err())
        .endsWith(
            "error: line 1: strict property 'age' expects Int32 (a JSON integer), got string"
                + " \"x\"\n");
    assertThat(json(cli().run("commit", "list", graph, "--json").out()).get("commits").size())
        .isEqualTo(1);
    CliRunner.Result none = cli().run("load", graph, "--data", "nope.jsonl", "--mode", "append");
    assertThat(none.err()).isEqualTo("error: cannot read --data file nope.jsonl: no such file\n");
  }

  @Test
  void loadShowsProgressOnATerminalOnly() {
    CliRunner.Result r =
        cli()
            .terminal(new CliRunner.ScriptedTerminal())
            .run("load", graph, "--data", data.toString(), "--mode", "overwrite");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).contains("\rreading " + data + ": 100% of 0.0 MiB\n");
    assertThat(load("--mode", "overwrite").err()).doesNotContain("reading");
  }

  @Test
  void mutateInsertsThenReadsAndChangeIsDeprecated() {
    assertThat(load("--mode", "overwrite").exitCode()).isZero();
    CliRunner.Result r =
        cli()
            .run(
                "change",
                "--store",
                graph,
                "--query",
                mutations.toString(),
                "insert_person",
                "--params",
                "{\"name\": \"Eve\", \"age\": 29}",
                "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err())
        .isEqualTo("warning: `omnigraph change` is deprecated; use `omnigraph mutate`\n");
    Goldens.assertMatches(r.out(), graph, "mutate-insert.json");

    CliRunner.Result human =
        cli()
            .run(
                "--as",
                "act-andrew",
                "mutate",
                "--store",
                graph,
                "--query",
                mutations.toString(),
                "set_age",
                "--params",
                "{\"name\": \"Eve\", \"age\": 30}");
    assertThat(human.exitCode()).as("%s", human).isZero();
    assertThat(human.out())
        .isEqualTo("changed main via set_age: 1 nodes, 0 edges\nactor_id: act-andrew\n");
    JsonNode head = json(cli().run("commit", "list", graph, "--json").out()).get("commits").get(0);
    assertThat(head.get("actor_id").asString()).isEqualTo("act-andrew");

    CliRunner.Result read =
        cli()
            .run(
                "query",
                "--store",
                graph,
                "-e",
                "query q() { match { $p: Person { name: \"Eve\" } } return { $p.age } }",
                "--format",
                "csv");
    assertThat(read.out()).isEqualTo("p.age\n30\n");
  }

  @Test
  void mutateIfCommitLosesWithExitFourAndChangesNothing() {
    assertThat(load("--mode", "overwrite").exitCode()).isZero();
    String stale =
        json(cli().run("commit", "list", graph, "--json").out())
            .get("commits")
            .get(0)
            .get("graph_commit_id")
            .asString();
    String[] insert = {
      "mutate",
      "--store",
      graph,
      "--query",
      mutations.toString(),
      "insert_person",
      "--params",
      "{\"name\": \"Eve\"}"
    };
    assertThat(cli().run(insert).exitCode()).isZero();
    String head =
        json(cli().run("commit", "list", graph, "--json").out())
            .get("commits")
            .get(0)
            .get("graph_commit_id")
            .asString();

    CliRunner.Result lost =
        cli()
            .run(
                "mutate",
                "--store",
                graph,
                "--query",
                mutations.toString(),
                "set_age",
                "--params",
                "{\"name\": \"Eve\", \"age\": 50}",
                "--if-commit",
                stale,
                "--json");
    assertThat(lost.exitCode()).as("%s", lost).isEqualTo(ExitCode.PRECONDITION_FAILED);
    JsonNode body = json(lost.out());
    assertThat(body.get("precondition_failure").get("expected").asString()).isEqualTo(stale);
    assertThat(body.get("precondition_failure").get("actual").asString()).isEqualTo(head);
    assertThat(body.has("code")).isFalse();

    CliRunner.Result human =
        cli()
            .run(
                "mutate",
                "--store",
                graph,
                "--query",
                mutations.toString(),
                "set_age",
                "--params",
                "{\"name\": \"Eve\", \"age\": 50}",
                "--if-commit",
                stale);
    assertThat(human.exitCode()).isEqualTo(ExitCode.PRECONDITION_FAILED);
    assertThat(human.err()).startsWith("error: branch 'main' is at commit " + head);

    CliRunner.Result won =
        cli()
            .run(
                "mutate",
                "--store",
                graph,
                "--query",
                mutations.toString(),
                "set_age",
                "--params",
                "{\"name\": \"Eve\", \"age\": 50}",
                "--if-commit",
                head);
    assertThat(won.exitCode()).as("%s", won).isZero();
    assertThat(won.out()).isEqualTo("changed main via set_age: 1 nodes, 0 edges\n");
  }

  @Test
  void mutateRefusesAReadAndTakesNoUri() {
    CliRunner.Result read =
        cli()
            .run(
                "mutate",
                "--store",
                graph,
                "-e",
                "query q() { match { $p: Person } return { $p.name } }");
    assertThat(read.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(read.err()).contains("query 'q' is a read; `omnigraph mutate` runs mutations only");
    CliRunner.Result uri =
        cli().run("mutate", graph, "-e", "query q() { match { $p: Person } return { $p.name } }");
    assertThat(uri.exitCode()).isEqualTo(ExitCode.FAILURE);
  }

  @Test
  void exportStreamsTheLoadFormatAndRoundTrips() throws IOException {
    assertThat(load("--mode", "overwrite").exitCode()).isZero();
    CliRunner.Result r = cli().run("export", graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    Goldens.assertMatches(r.out(), graph, "export.jsonl");

    CliRunner.Result people = cli().run("export", graph, "--type", "Person", "--type", "WorksAt");
    assertThat(people.out().lines())
        .hasSize(6)
        .allMatch(
            l -> l.startsWith("{\"type\":\"Person\"") || l.startsWith("{\"edge\":\"WorksAt\""));
    CliRunner.Result unknown = cli().run("export", graph, "--type", "Robot");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).contains("--type Robot");

    Path file = dir.resolve("out.jsonl");
    assertThat(cli().run("export", graph, "--output", file.toString()).out()).isEmpty();
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(r.out());

    Path schema = dir.resolve("test.pg");
    String copy = dir.resolve("copy").toString();
    assertThat(cli().run("init", "--schema", schema.toString(), copy).exitCode()).isZero();
    assertThat(cli().run("load", copy, "--data", file.toString(), "--mode", "overwrite").exitCode())
        .isZero();
    assertThat(cli().run("export", copy).out()).isEqualTo(r.out());
  }
}
