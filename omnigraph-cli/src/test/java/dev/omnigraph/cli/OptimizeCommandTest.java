package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.Omnigraph;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code optimize} verb: upstream's per-dataset report (JSON and human), one maintenance commit
 * then nothing to do, content preserved, the write echo, and the wrong-plane refusals (spec C16).
 */
class OptimizeCommandTest {
  @TempDir Path dir;

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  String init(String name) {
    Path schema = CliRunner.copy("fixtures/test.pg", dir);
    String graph = dir.resolve(name).toString();
    CliRunner.Result r = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return graph;
  }

  /** A graph whose Person table has three fragments from three writes; WorksAt stays empty. */
  String fragmented(String name) {
    String graph = init(name);
    try (Omnigraph g = Omnigraph.open(graph)) {
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(GraphVerbsTest.person("Alice", 30)),
              "Company",
              List.of(GraphVerbsTest.company("Acme"))));
      g.append("main", Map.of("Person", List.of(GraphVerbsTest.person("Bob", 25))));
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(GraphVerbsTest.person("Carol", null)),
              "Knows",
              List.of(GraphVerbsTest.edge("k1", "Alice", "Bob", null))));
    }
    return graph;
  }

  static JsonNode json(String text) {
    return WireJson.mapper().readTree(text);
  }

  List<String> commitIds(String graph) {
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode c : json(cli().run("commit", "list", graph, "--json").out()).get("commits")) {
      ids.add(c.get("graph_commit_id").asString());
    }
    return ids;
  }

  @Test
  void oneMaintenanceCommitReportedPerDatasetThenNothingToDo() {
    String graph = fragmented("g");
    String peopleBefore = people(graph);
    List<String> before = commitIds(graph);

    CliRunner.Result r = cli().run("optimize", graph, "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    Goldens.assertMatches(r.out(), graph, "optimize-first.json");
    JsonNode out = json(r.out());
    List<String> after = commitIds(graph);
    assertThat(after).hasSize(before.size() + 1);
    assertThat(out.get("graph_commit_id").asString()).isEqualTo(after.getFirst());

    // The reported versions are the ones the branch now names.
    Map<String, String> published = new HashMap<>();
    for (JsonNode d : json(cli().run("snapshot", graph, "--json").out()).get("datasets")) {
      published.put(
          d.get("entity_kind").asString() + ":" + d.get("type_name").asString(),
          d.get("published_dataset_version").asString());
    }
    for (JsonNode d : out.get("datasets")) {
      assertThat(d.get("published_dataset_version").asString())
          .as("%s", d.get("type_key"))
          .isEqualTo(published.get(d.get("type_key").asString()));
    }
    assertThat(people(graph)).isEqualTo(peopleBefore);

    CliRunner.Result again = cli().run("optimize", graph, "--json");
    assertThat(again.exitCode()).as("%s", again).isZero();
    assertThat(json(again.out()).get("graph_commit_id").isNull()).isTrue();
    for (JsonNode d : json(again.out()).get("datasets")) {
      assertThat(d.get("committed").asBoolean()).as("%s", d.get("type_key")).isFalse();
    }
    assertThat(commitIds(graph)).isEqualTo(after);
  }

  String people(String graph) {
    CliRunner.Result r =
        cli()
            .run(
                "query",
                "--store",
                graph,
                "-e",
                "query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name } }",
                "--format",
                "csv");
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r.out();
  }

  @Test
  void humanReportNamesTypesAsPeopleReadThem() {
    String graph = fragmented("g");
    CliRunner.Result r = cli().run("optimize", graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEqualTo("omnigraph optimize → " + graph + " (direct, local)\n");
    Goldens.assertMatches(r.out(), graph, "optimize-first.txt");
    assertThat(r.out()).doesNotContain("node:").doesNotContain("edge:");

    CliRunner.Result again = cli().run("--quiet", "optimize", graph);
    assertThat(again.err()).isEmpty();
    assertThat(again.out())
        .isEqualTo(
            "optimize "
                + graph
                + " — 4 datasets\n"
                + "  edge type 'Knows'                        no-op\n"
                + "  edge type 'WorksAt'                      no-op\n"
                + "    ↳ index pending on property 'id': "
                + WireOutputs.PENDING_REASON
                + "\n"
                + "    ↳ index pending on property 'src': "
                + WireOutputs.PENDING_REASON
                + "\n"
                + "    ↳ index pending on property 'dst': "
                + WireOutputs.PENDING_REASON
                + "\n"
                + "  node type 'Company'                      no-op\n"
                + "  node type 'Person'                       no-op\n");
  }

  @Test
  void aFreshGraphHasEveryIndexPendingAndCommitsNothing() {
    String graph = init("fresh");
    CliRunner.Result r = cli().run("optimize", "--store", graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    Goldens.assertMatches(r.out(), graph, "optimize-fresh.txt");
    assertThat(commitIds(graph)).hasSize(1);
  }

  @Test
  void c16WrongPlaneFlagsAndRemoteAddressesAreRefused() {
    String graph = init("g");
    CliRunner.Result server = cli().run("optimize", "--server", "x", graph);
    assertThat(server.exitCode()).isEqualTo(1);
    assertThat(server.err())
        .isEqualTo(
            "error: `optimize` is a direct command; --server addresses a remote server and does"
                + " not apply. Pass the graph's storage address (a path, file:// or s3:// URI) or"
                + " --store.\n");
    CliRunner.Result actor = cli().run("optimize", "--as", "a", graph);
    assertThat(actor.exitCode()).isEqualTo(1);
    assertThat(actor.err())
        .isEqualTo(
            "error: `optimize` is a direct command; --as names the actor of a served write and"
                + " does not apply. Drop --as.\n");
    CliRunner.Result http = cli().run("optimize", "http://127.0.0.1:1/g");
    assertThat(http.exitCode()).isEqualTo(1);
    assertThat(http.err())
        .isEqualTo(
            "error: `optimize` needs direct storage access and cannot work through a remote server"
                + " (http://127.0.0.1:1/g); run it where the graph's storage is reachable and pass"
                + " its address (a path, file:// or s3:// URI)\n");
    for (CliRunner.Result r : List.of(server, actor, http)) {
      r.err().lines().forEach(l -> assertThat(l).isEqualTo(l.stripTrailing()));
    }
    CliRunner.Result cluster = cli().run("optimize", "--cluster", "brain", "--graph", "knowledge");
    assertThat(cluster.exitCode()).isEqualTo(1);
    assertThat(cluster.err())
        .isEqualTo(
            "error: Addressing a graph inside a cluster (`optimize` with --cluster) is not"
                + " supported yet by this build; address the graph by its storage (a path, file://"
                + " or s3:// URI) or --store\n");
    assertThat(commitIds(graph)).hasSize(1);
  }

  @Test
  void aMissingGraphIsNotCreated() {
    Path nothing = dir.resolve("nothing");
    CliRunner.Result r = cli().run("optimize", nothing.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "omnigraph optimize → "
                + nothing
                + " (direct, local)\nerror: no graph at "
                + nothing
                + "; run init first\n");
    assertThat(nothing).doesNotExist();
  }
}
