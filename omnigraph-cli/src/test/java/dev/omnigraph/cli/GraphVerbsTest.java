package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.log.CommitRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The verbs that read a graph (snapshot, branch list, commit list/show, schema show) against one
 * shared graph with upstream's test data on main and a branch {@code feature}.
 */
class GraphVerbsTest {
  @TempDir static Path dir;
  static String graph;
  static Path schemaFile;
  static Instant before;
  static Instant after;

  @BeforeAll
  static void seed() {
    schemaFile = CliRunner.copy("fixtures/test.pg", dir);
    graph = dir.resolve("graphs/brain").toString();
    before = Instant.now();
    CliRunner.Result init = cli().run("init", "--schema", schemaFile.toString(), graph);
    assertThat(init.exitCode()).as("%s", init).isZero();
    try (Omnigraph g = Omnigraph.open(graph)) {
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(
                  person("Alice", 30),
                  person("Bob", 25),
                  person("Charlie", 35),
                  person("Diana", 28)),
              "Company",
              List.of(company("Acme"), company("Globex")),
              "Knows",
              List.of(
                  edge("k1", "Alice", "Bob", LocalDate.of(2020, 1, 1)),
                  edge("k2", "Alice", "Charlie", null),
                  edge("k3", "Bob", "Diana", null)),
              "WorksAt",
              List.of(edge("w1", "Alice", "Acme", null), edge("w2", "Bob", "Globex", null))));
    }
    CliRunner.Result branch = cli().run("branch", "create", "--uri", graph, "feature");
    assertThat(branch.exitCode()).as("%s", branch).isZero();
    after = Instant.now();
  }

  static CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  static Map<String, Object> person(String name, Integer age) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", name);
    row.put("name", name);
    row.put("age", age);
    return row;
  }

  static Map<String, Object> company(String name) {
    return Map.of("id", name, "name", name);
  }

  static Map<String, Object> edge(String id, String src, String dst, LocalDate since) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("src", src);
    row.put("dst", dst);
    if (since != null) {
      row.put("since", since);
    }
    return row;
  }

  static JsonNode json(String text) {
    return WireJson.mapper().readTree(text);
  }

  @Test
  void initCreatedTheGraphAndItsParentFolder() {
    assertThat(Path.of(graph)).isDirectory();
    assertThat(Path.of(graph).getParent()).isEqualTo(dir.resolve("graphs"));
  }

  @Test
  void snapshotHumanUsesUpstreamsVocabulary() {
    CliRunner.Result r = cli().run("snapshot", graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.subList(0, 3))
        .containsExactly(
            "graph_branch: main",
            "graph_manifest_version: 2",
            "internal_schema_version: " + CommitRecord.FORMAT_VERSION);
    assertThat(lines.subList(3, 7))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .matches(
                        "edge type 'Knows' published_dataset_version=\\d+"
                            + " native_dataset_branch=main entities=3"),
            l ->
                assertThat(l)
                    .matches(
                        "edge type 'WorksAt' published_dataset_version=\\d+"
                            + " native_dataset_branch=main entities=2"),
            l ->
                assertThat(l)
                    .matches(
                        "node type 'Company' published_dataset_version=\\d+"
                            + " native_dataset_branch=main entities=2"),
            l ->
                assertThat(l)
                    .matches(
                        "node type 'Person' published_dataset_version=\\d+"
                            + " native_dataset_branch=main entities=4"));
    assertThat(r.out()).doesNotContain("node:").doesNotContain("row_count").doesNotContain("table");
  }

  @Test
  void snapshotJsonIsUpstreamsSnapshotOutput() {
    CliRunner.Result r = cli().run("snapshot", graph, "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    Goldens.assertMatches(r.out(), graph, "snapshot-main.json");
    // Each dataset path is the table's real folder, readable at the version given.
    for (JsonNode d : json(r.out()).get("datasets")) {
      assertThat(Path.of(d.get("dataset_path").asString())).isDirectory();
      assertThat(d.get("published_dataset_version").isIntegralNumber()).isTrue();
    }
  }

  @Test
  void snapshotOfABranchAndOfAMissingBranch() {
    CliRunner.Result feature = cli().run("snapshot", graph, "--branch", "feature", "--json");
    assertThat(feature.exitCode()).as("%s", feature).isZero();
    assertThat(json(feature.out()).get("graph_branch").asString()).isEqualTo("feature");
    assertThat(json(feature.out()).get("graph_manifest_version").asLong()).isEqualTo(1);

    CliRunner.Result missing = cli().run("snapshot", graph, "--branch", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err())
        .isEqualTo(
            "error: branch 'nope' not found in the graph at "
                + graph
                + "; check the name, or create the branch first\n");
  }

  @Test
  void snapshotOfAFolderWithoutAGraphSaysSoWithoutCreatingIt() {
    Path nothing = dir.resolve("nothing-here");
    CliRunner.Result r = cli().run("snapshot", nothing.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: no graph at " + nothing).hasLineCount(1);
    assertThat(nothing).doesNotExist();
  }

  @Test
  void theSameGraphIsReachedByUriFileUriStoreProfileAndDefaults() {
    String expected = cli().run("snapshot", graph, "--json").out();
    assertThat(cli().run("snapshot", "--store", graph, "--json").out()).isEqualTo(expected);
    assertThat(cli().run("--store", graph, "snapshot", "--json").out()).isEqualTo(expected);
    assertThat(cli().run("snapshot", Path.of(graph).toUri().toString(), "--json").out())
        .isEqualTo(expected);
    CliRunner profiled =
        new CliRunner(dir.resolve("home-profiled"))
            .config("profiles:\n  dev:\n    store: " + graph + "\n");
    assertThat(profiled.run("snapshot", "--profile", "dev", "--json").out()).isEqualTo(expected);
    assertThat(profiled.env("OMNIGRAPH_PROFILE", "dev").run("snapshot", "--json").out())
        .isEqualTo(expected);
    CliRunner defaulted =
        new CliRunner(dir.resolve("home-defaulted")).config("defaults:\n  store: " + graph + "\n");
    assertThat(defaulted.run("snapshot", "--json").out()).isEqualTo(expected);
  }

  @Test
  void branchListHumanAndJson() {
    CliRunner.Result human = cli().run("branch", "list", "--uri", graph);
    assertThat(human.exitCode()).isZero();
    assertThat(human.out()).isEqualTo("feature\nmain\n");
    CliRunner.Result json = cli().run("branch", "list", "--uri", graph, "--json");
    assertThat(json.exitCode()).isZero();
    Goldens.assertMatches(json.out(), graph, "branch-list.json");
  }

  @Test
  void commitListHumanHasUpstreamsTokensNewestFirst() {
    CliRunner.Result r = cli().run("commit", "list", graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out().lines().toList())
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .matches(
                        "[0-9A-Z]{26} graph_branch=main graph_manifest_version=2 actor=omnigraph"),
            l ->
                assertThat(l)
                    .matches(
                        "[0-9A-Z]{26} graph_branch=main graph_manifest_version=1 actor=omnigraph"));
  }

  @Test
  void commitListJsonIsUpstreamsCommitListOutput() {
    CliRunner.Result main = cli().run("commit", "list", graph, "--json");
    assertThat(main.exitCode()).as("%s", main).isZero();
    Goldens.assertMatches(main.out(), graph, "commit-list-main.json");
    for (JsonNode c : json(main.out()).get("commits")) {
      Instant at = Instant.EPOCH.plusNanos(c.get("created_at").asLong() * 1_000);
      assertThat(at).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    }
    CliRunner.Result feature = cli().run("commit", "list", graph, "--branch", "feature", "--json");
    assertThat(feature.exitCode()).isZero();
    JsonNode first = json(feature.out()).get("commits").get(0);
    assertThat(first.get("graph_branch").asString()).isEqualTo("feature");
    assertThat(first.get("parent_commit_id").asString())
        .isEqualTo(json(main.out()).get("commits").get(0).get("graph_commit_id").asString());
  }

  @Test
  void commitShowByIdJsonAndHuman() {
    JsonNode head = json(cli().run("commit", "list", graph, "--json").out()).get("commits").get(0);
    String id = head.get("graph_commit_id").asString();
    CliRunner.Result json = cli().run("commit", "show", "--uri", graph, id, "--json");
    assertThat(json.exitCode()).as("%s", json).isZero();
    assertThat(json(json.out())).isEqualTo(head);
    assertThat(json.out()).doesNotContain("manifest_branch").doesNotContain("\"manifest_version\"");
    Goldens.assertMatches(json.out(), graph, "commit-show.json");

    CliRunner.Result human = cli().run("commit", "show", "--uri", graph, id);
    assertThat(human.exitCode()).isZero();
    assertThat(human.out())
        .isEqualTo(
            "graph_commit_id: "
                + id
                + "\ngraph_branch: main\ngraph_manifest_version: 2\nparent_commit_id: "
                + head.get("parent_commit_id").asString()
                + "\nmerged_parent_commit_id: none\nactor_id: omnigraph\ncreated_at: "
                + head.get("created_at").asLong()
                + "\n");
  }

  @Test
  void commitShowOfAnUnknownIdIsNotFound() {
    CliRunner.Result r = cli().run("commit", "show", "--uri", graph, "01K0000000000000000000000A");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: commit '01K0000000000000000000000A' not found in the graph at ")
        .hasLineCount(1);
  }

  @Test
  void schemaShowPrintsTheAcceptedSourceExactly() throws IOException {
    String source = Files.readString(schemaFile, StandardCharsets.UTF_8);
    CliRunner.Result human = cli().run("schema", "show", graph);
    assertThat(human.exitCode()).as("%s", human).isZero();
    assertThat(human.out()).isEqualTo(source);
    CliRunner.Result get = cli().run("schema", "get", graph);
    assertThat(get.out()).isEqualTo(source);
    CliRunner.Result json = cli().run("schema", "show", graph, "--json");
    assertThat(json.exitCode()).isZero();
    Goldens.assertMatches(json.out(), graph, "schema.json");
    assertThat(json(json.out()).get("schema_source").asString()).isEqualTo(source);
  }

  @Test
  void readsDoNotWriteAnythingToTheGraph() throws IOException {
    List<Path> beforeFiles;
    try (var s = Files.walk(Path.of(graph))) {
      beforeFiles = s.sorted().toList();
    }
    cli().run("snapshot", graph);
    cli().run("branch", "list", "--uri", graph);
    cli().run("commit", "list", graph);
    cli().run("schema", "show", graph);
    try (var s = Files.walk(Path.of(graph))) {
      assertThat(s.sorted().toList()).isEqualTo(beforeFiles);
    }
  }
}
