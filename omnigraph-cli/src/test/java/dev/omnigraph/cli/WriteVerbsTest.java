package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs that write: init and branch create/delete, their outputs, echoes and refusals. */
class WriteVerbsTest {
  @TempDir Path dir;
  Path schema;
  String graph;

  @BeforeEach
  void setUp() {
    schema = CliRunner.copy("fixtures/test.pg", dir);
    graph = dir.resolve("g").toString();
  }

  CliRunner cli() {
    return new CliRunner(dir.resolve("home"));
  }

  void init() {
    CliRunner.Result r = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
  }

  @Test
  void initPrintsTheUriAndRefusesAnExistingGraph() {
    CliRunner.Result r = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("initialized " + graph + "\n");
    assertThat(r.err()).isEmpty();

    CliRunner.Result again = cli().run("init", "--schema", schema.toString(), graph);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.out()).isEmpty();
    assertThat(again.err())
        .startsWith("error: graph already initialized at " + graph)
        .hasLineCount(1);
  }

  @Test
  void initAcceptsStoreAndDefaultsStore() {
    CliRunner.Result store = cli().run("init", "--schema", schema.toString(), "--store", graph);
    assertThat(store.exitCode()).as("%s", store).isZero();
    assertThat(store.out()).isEqualTo("initialized " + graph + "\n");

    String other = dir.resolve("other").toString();
    CliRunner defaulted = cli().config("defaults:\n  store: " + other + "\n");
    CliRunner.Result r = defaulted.run("init", "--schema", schema.toString());
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).isEqualTo("initialized " + other + "\n");
  }

  @Test
  void initWithAnInvalidSchemaNamesTheFileAndWritesNothing() throws IOException {
    Path bad = dir.resolve("bad.pg");
    Files.writeString(bad, "node Person {\n  name: Strin\n}\n", StandardCharsets.UTF_8);
    CliRunner.Result r = cli().run("init", "--schema", bad.toString(), graph);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains(bad + ":2:").contains("Strin");
    assertThat(Path.of(graph)).doesNotExist();
  }

  @Test
  void initWithAMissingSchemaFileSaysWhichFile() {
    CliRunner.Result r = cli().run("init", "--schema", dir.resolve("none.pg").toString(), graph);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: cannot read --schema file " + dir.resolve("none.pg") + ": no such file\n");
    assertThat(Path.of(graph)).doesNotExist();
  }

  @Test
  void initIsDirectAndRefusesServersRemoteUrisAndActors() {
    CliRunner.Result http =
        cli().run("init", "--schema", schema.toString(), "http://127.0.0.1:1/g");
    assertThat(http.exitCode()).isEqualTo(1);
    assertThat(http.err())
        .contains("`init` needs direct storage access")
        .contains("remote server")
        .hasLineCount(1);

    CliRunner.Result server =
        cli().run("init", "--schema", schema.toString(), "--server", "http://127.0.0.1:1");
    assertThat(server.err())
        .isEqualTo(
            "error: `init` is a direct command; --server addresses a remote server and does not"
                + " apply. Pass the graph's storage address (a path, file:// or s3:// URI) or"
                + " --store.\n");

    CliRunner.Result actor = cli().run("init", "--schema", schema.toString(), "--as", "a", graph);
    assertThat(actor.err())
        .isEqualTo(
            "error: `init` is a direct command; --as names the actor of a served write and does"
                + " not apply. Drop --as.\n");
    assertThat(Path.of(graph)).doesNotExist();
  }

  @Test
  void branchCreateEchoesItsTargetOnStderrAndPrintsJson() {
    init();
    CliRunner.Result r = cli().run("branch", "create", "--uri", graph, "feature", "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEqualTo("omnigraph branch create → " + graph + " (direct, local)\n");
    Goldens.assertMatches(r.out(), graph, "branch-create.json");

    CliRunner.Result human =
        cli().run("--quiet", "branch", "create", "--uri", graph, "--from", "feature", "review/x");
    assertThat(human.exitCode()).as("%s", human).isZero();
    assertThat(human.err()).isEmpty();
    assertThat(human.out()).isEqualTo("created branch review/x from feature\n");
    assertThat(cli().run("branch", "list", "--uri", graph).out())
        .isEqualTo("feature\nmain\nreview/x\n");
  }

  @Test
  void branchCreateRefusals() {
    init();
    assertThat(cli().run("branch", "create", "--uri", graph, "feature").exitCode()).isZero();

    CliRunner.Result exists = cli().run("branch", "create", "--uri", graph, "feature");
    assertThat(exists.exitCode()).isEqualTo(1);
    assertThat(exists.err()).contains("error: ").contains("feature").contains("exists");

    CliRunner.Result nested = cli().run("branch", "create", "--uri", graph, "feature/x");
    assertThat(nested.exitCode()).isEqualTo(1);
    assertThat(nested.err()).contains("live branch 'feature' is a path prefix of it");

    CliRunner.Result noSource =
        cli().run("branch", "create", "--uri", graph, "--from", "nope", "other");
    assertThat(noSource.exitCode()).isEqualTo(1);
    assertThat(noSource.err()).contains("branch 'nope' not found");

    CliRunner.Result actor = cli().run("branch", "create", "--uri", graph, "--as", "act-a", "x");
    assertThat(actor.exitCode()).isEqualTo(1);
    assertThat(actor.err())
        .isEqualTo(
            "error: --as on `branch create` is not supported yet by this build; the engine"
                + " records this write under its own actor; drop --as\n");
    assertThat(cli().run("branch", "list", "--uri", graph).out()).isEqualTo("feature\nmain\n");
  }

  @Test
  void branchDeleteOnALocalGraphNeedsNoConfirmation() {
    init();
    cli().run("branch", "create", "--uri", graph, "feature");
    CliRunner.Result r = cli().run("branch", "delete", "--uri", graph, "feature", "--json");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEqualTo("omnigraph branch delete → " + graph + " (direct, local)\n");
    Goldens.assertMatches(r.out(), graph, "branch-delete.json");
    assertThat(cli().run("branch", "list", "--uri", graph).out()).isEqualTo("main\n");

    CliRunner.Result human = cli().run("branch", "create", "--uri", graph, "again");
    assertThat(human.exitCode()).isZero();
    CliRunner.Result deleted = cli().run("--quiet", "branch", "delete", "--uri", graph, "again");
    assertThat(deleted.out()).isEqualTo("deleted branch again\n");
    assertThat(deleted.err()).isEmpty();
  }

  @Test
  void branchDeleteOfMainAndOfAMissingBranchFail() {
    init();
    CliRunner.Result main = cli().run("--quiet", "branch", "delete", "--uri", graph, "main");
    assertThat(main.exitCode()).isEqualTo(1);
    assertThat(main.err()).isEqualTo("error: cannot delete branch 'main'\n");

    CliRunner.Result missing = cli().run("--quiet", "branch", "delete", "--uri", graph, "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).startsWith("error: branch 'nope' not found").hasLineCount(1);
  }

  @Test
  void aBranchIsCreatedAtTheSourceHeadAndListsItsOwnCommit() {
    init();
    cli().run("branch", "create", "--uri", graph, "feature");
    var feature =
        WireJson.mapper()
            .readTree(cli().run("commit", "list", graph, "--branch", "feature", "--json").out())
            .get("commits");
    var main = WireJson.mapper().readTree(cli().run("commit", "list", graph, "--json").out());
    assertThat(feature.size()).isEqualTo(1);
    assertThat(feature.get(0).get("parent_commit_id"))
        .isEqualTo(main.get("commits").get(0).get("graph_commit_id"));
  }
}
